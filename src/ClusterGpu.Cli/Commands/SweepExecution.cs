using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using ClusterGpu.Backends;
using ClusterGpu.Errors;
using ClusterGpu.Outputs;
using ClusterGpu.Solving;
using ClusterGpu.Sweeps;
using Spectre.Console;

namespace ClusterGpu.Cli.Commands;

/// <summary>What <c>sweep</c>, <c>phase</c> and <c>stability</c> share: check inputs, print the run header, run with progress, write HDF5.</summary>
internal static class SweepExecution
{
    /// <summary>A validated run, ready to go.</summary>
    public sealed record Plan(ParameterSpace Space, IntegrationSettings Settings, Observation Observation, RegimeRules Rules, int BatchSize,
        string Out, bool Quiet, bool Resume, bool Force, Shard? Shard, bool SinglePrecision = false)
    {
        /// <summary>The run's fingerprint (the same for every shard, and for a resumed run).</summary>
        public string Fingerprint => RunFingerprint.Of(Space, Settings, Observation, Rules);
    }

    /// <summary>
    /// Builds and validates the plan, without touching any file; <paramref name="model"/> replaces the options' model,
    /// <paramref name="points"/> the content of their --points file.
    /// </summary>
    public static Plan Parse(ParseResult parse, SweepOptions options, string? defaultOut, Models.ModelHandle? model = null, Points.PointsTable? points = null)
    {
        var space = options.Space(parse, model, points);
        var settings = options.Integration.Settings(parse) with { Seed = parse.GetValue(options.Seed) };
        var observation = options.Integration.Observation(parse) with { FirstPassage = options.FirstPassageLevel(parse, space) };
        var rules = options.Integration.Rules(parse, settings);
        settings.RequireAdditiveNoise(space.Model.Info, space.TakesNonzero);
        if (space.Realizations > 1 && !settings.IsStochastic)
            throw new Errors.UsageException($"--realizations {space.Realizations} needs noise: choose a stochastic method (--method euler-maruyama or stochastic-heun) and a nonzero noise parameter, or drop --realizations.");
        var variables = SweepRunner.Variables(space, observation); // checks the --keep-realizations and --vars names before any work
        space.PointsFile?.CheckCarried(SweepDataset.TakenNames(space, variables));
        bool singlePrecision = options.SinglePrecision(parse);
        int batch = options.Batch(parse);
        string @out = parse.GetValue(options.Out) ?? defaultOut ?? throw new Errors.UsageException("Give --out file.h5 for the results.");
        return new Plan(space, settings, observation, rules, batch, @out, parse.GetValue(options.Quiet), parse.GetValue(options.Resume),
            parse.GetValue(options.Force), options.Shard(parse, space), singlePrecision);
    }

    /// <summary>The plan, after checking that its output can be written.</summary>
    public static Plan Prepare(ParseResult parse, SweepOptions options, string? defaultOut)
    {
        var plan = Parse(parse, options, defaultOut);
        SweepOptions.CheckWritable(plan.Out, plan.Force, "--out");
        return plan;
    }

    /// <summary>
    /// Runs the plan on <paramref name="backendName"/> durably, in one pass: each batch is saved as it completes (see
    /// <see cref="PartStore"/>) and streamed into the HDF5 file by a writer thread while the next one integrates
    /// (<see cref="OutputPipeline"/>); returns the regimes and the <paramref name="retain"/>ed variables in memory (for
    /// pictures), or null when Ctrl-C or SIGTERM stopped it. The output and its parts are locked for the whole run
    /// (<see cref="OutputLock"/>); an I/O failure leaves no output file and keeps the saved batches.
    /// </summary>
    public static SweepResult? Execute(Plan plan, string backendName, IReadOnlyCollection<string> retain)
    {
        using var claim = OutputLock.Acquire(plan.Out, Program.CommandLine);
        using var backend = BackendFactory.Create(backendName);
        PrintHeader(plan, backend, backendName);
        var range = plan.Shard?.Range ?? RowRange.All(plan.Space);
        if (plan.Shard is { } shard) Console.WriteLine($"# shard {shard.Index}/{shard.Count}: rows {range.First}..{range.First + range.Count - 1} of {plan.Space.RowCount}");
        string fingerprint = plan.Fingerprint;
        var store = PartStore.Open(plan.Out, fingerprint, plan.BatchSize, range.First, range.Count, SweepRunner.Variables(plan.Space, plan.Observation), plan.Resume, plan.Force);
        Console.WriteLine($"# durable: completed batches are saved in {store.Directory}{(plan.Resume ? " (resuming)" : "")}");
        try
        {
            return Durably(plan, backend, store, range, retain);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunFailedException(Directory.Exists(store.Directory)
                ? $"saving the results of '{plan.Out}' failed: {e.Message} No output file was written and the batches saved in '{store.Directory}' "
                    + "are kept: make that location writable again and run the same command with --resume."
                : $"'{store.Directory}' disappeared during the run (removed by someone else?): {e.Message} No output file was written; run the same command again.", e);
        }
    }

    /// <summary>The run of <see cref="Execute"/> once its parts are open; Ctrl-C and SIGTERM stop it after saving the batches computed so far.</summary>
    private static SweepResult? Durably(Plan plan, EnsembleBackend backend, PartStore store, RowRange range, IReadOnlyCollection<string> retain)
    {
        var record = new RunRecord(Program.CommandLine, Program.Arguments, backend.Name, backend.Device, plan.Fingerprint);
        using var file = new SweepFile(plan.Out, plan.Settings, plan.Observation, plan.Rules, record, retain, plan.Shard, plan.SinglePrecision);
        using var cancel = new CancellationTokenSource();
        Action<PosixSignalContext> stop = context =>
        {
            context.Cancel = true; // no abrupt exit: the batch in flight is dropped, the computed ones are saved
            cancel.Cancel();
        };
        SweepSummary summary;
        OutputTimes times;
        using (PosixSignalRegistration.Create(PosixSignal.SIGINT, stop))
        using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, stop))
        {
            try
            {
                (summary, times) = FileSweep.Run(file, store, range, sink => Integrate(plan, backend, sink, range, cancel.Token));
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"interrupted: completed batches are kept in {store.Directory}; run the same command with --resume to continue.");
                return null;
            }
        }
        Report(plan, summary, times);
        Console.WriteLine($"wrote {plan.Out}");
        return file.Retained(summary);
    }

    /// <summary>Runs the plan on <paramref name="backendName"/> into memory (every variable of every trajectory), with the same header and summary lines.</summary>
    public static SweepResult Simulate(Plan plan, string backendName)
    {
        using var backend = BackendFactory.Create(backendName);
        PrintHeader(plan, backend, backendName);
        var sink = new MemorySink();
        var summary = Integrate(plan, backend, sink, RowRange.All(plan.Space), CancellationToken.None);
        Report(plan, summary);
        return sink.Result(summary);
    }

    /// <summary>The run header: model, space, fixed parameters, integration settings, regime rules, backend.</summary>
    public static void PrintHeader(Plan plan, EnsembleBackend backend, string backendName)
    {
        var info = plan.Space.Model.Info;
        Console.WriteLine($"# clustergpu {SweepDataset.Version}: model {info.Name}: {info.Equations}");
        if (plan.Space.Model.SourcePath is { } file)
            Console.WriteLine($"# model file {file} (its text is in the provenance and the run fingerprint)");
        Console.WriteLine($"# {plan.Space.Describe()}; {plan.Space.TrajectoryCount} trajectories");
        var swept = plan.Space.Axes.Select(a => a.Parameter).Concat(plan.Space.Samples.Select(s => s.Parameter)).ToHashSet();
        Console.WriteLine($"# fixed: {string.Join(", ", info.Parameters.Select((p, j) => (p.Name, Value: plan.Space.FixedValues[j])).Where(p => !swept.Contains(p.Name)).Select(p => SweepOptions.Invariant($"{p.Name}={p.Value:G6}")))}");
        Console.WriteLine($"# {plan.Settings.Describe()}, window {plan.Observation.WindowFraction:G3}, seed {plan.Space.Seed}");
        Console.WriteLine($"# regime rules: {plan.Rules.Describe()}");
        Console.WriteLine($"# backend {backend.Name}{(backendName == "auto" ? " (auto)" : "")}: {backend.Device}");
    }

    /// <summary>Runs <paramref name="range"/> of the sweep into <paramref name="sink"/>, with a progress bar on standard error unless quiet or redirected.</summary>
    private static SweepSummary Integrate(Plan plan, EnsembleBackend backend, ISweepSink sink, RowRange range, CancellationToken cancel)
    {
        var runner = new SweepRunner(backend, plan.BatchSize);
        if (plan.Quiet || Console.IsErrorRedirected)
            return runner.Run(plan.Space, plan.Settings, plan.Observation, plan.Rules, sink, cancel: cancel, range: range);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        SweepSummary summary = null!;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("integrating", maxValue: range.Count);
                var clock = Stopwatch.StartNew();
                var progress = new Reporter(done =>
                {
                    task.Value = done;
                    task.Description = SweepOptions.Invariant($"integrating, {done * plan.Space.Realizations / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):E2} trajectories/s");
                });
                summary = runner.Run(plan.Space, plan.Settings, plan.Observation, plan.Rules, sink, progress, cancel, range);
            });
        return summary;
    }

    /// <summary>
    /// The closing lines: regimes, multistability, failures, and the integration time (output excluded) with its throughput;
    /// with <paramref name="times"/> also the output time, overlapped with integration, and the wall time.
    /// </summary>
    public static void Report(Plan plan, SweepSummary summary, OutputTimes? times = null)
    {
        Console.WriteLine("# regimes: " + string.Join(", ", Enumerable.Range(0, RegimeRules.Names.Length)
            .Where(r => summary.RegimeCounts[r] > 0).Select(r => $"{RegimeRules.Names[r]} {summary.RegimeCounts[r]}")));
        if (plan.Space.InitialConditions.Count > 1) Console.WriteLine($"# multistable points: {summary.MultistablePoints} of {plan.Space.PointCount}");
        if (summary.Failed > 0) Console.WriteLine($"# {summary.Failed} trajectories did not succeed (see variable 'status')");
        if (times is null)
            Console.WriteLine(SweepOptions.Invariant($"# {summary.Trajectories} trajectories in {summary.Seconds:F2} s ({summary.Trajectories / summary.Seconds:E3} trajectories/s)"));
        else
            Console.WriteLine(SweepOptions.Invariant($"# {summary.Trajectories} trajectories: integration {summary.Seconds:F1} s, output {times.Output:F1} s overlapped, wall {times.Wall:F1} s ({summary.Trajectories / times.Wall:E3} trajectories/s into the file)"));
    }

    private sealed class Reporter(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
