using System.CommandLine;
using System.Diagnostics;
using ClusterGpu.Backends;
using ClusterGpu.Solving;
using ClusterGpu.Sweeps;
using Spectre.Console;

namespace ClusterGpu.Cli.Commands;

/// <summary>What <c>sweep</c>, <c>phase</c> and <c>stability</c> share: check inputs, print the run header, run with progress, write HDF5 or keep in memory.</summary>
internal static class SweepExecution
{
    /// <summary>A validated run, ready to go.</summary>
    public sealed record Plan(ParameterSpace Space, IntegrationSettings Settings, Observation Observation, RegimeRules Rules, int BatchSize, string Out, bool Quiet);

    public static Plan Prepare(ParseResult parse, SweepOptions options, string? defaultOut)
    {
        var space = options.Space(parse);
        var settings = options.Integration.Settings(parse);
        var observation = options.Integration.Observation(parse);
        var rules = options.Integration.Rules(parse);
        int batch = options.Batch(parse);
        string @out = parse.GetValue(options.Out) ?? defaultOut ?? throw new Errors.UsageException("Give --out file.h5 for the results.");
        SweepOptions.CheckWritable(@out, parse.GetValue(options.Force), "--out");
        return new Plan(space, settings, observation, rules, batch, @out, parse.GetValue(options.Quiet));
    }

    /// <summary>
    /// Runs the plan on <paramref name="backendName"/>, streaming results into the HDF5 file, and returns the regimes
    /// and the <paramref name="retain"/>ed variables in memory (for pictures).
    /// </summary>
    public static SweepResult Execute(Plan plan, string backendName, string commandLine, IReadOnlyCollection<string> retain)
    {
        using var backend = BackendFactory.Create(backendName);
        PrintHeader(plan, backend, backendName);
        using var file = new SweepFile(plan.Out, plan.Settings, plan.Observation, plan.Rules, commandLine, backend.Name, backend.Device, retain);
        var summary = Integrate(plan, backend, file);
        file.Complete(summary);
        PrintSummary(plan, summary);
        Console.WriteLine($"wrote {plan.Out}");
        return file.Retained(summary);
    }

    /// <summary>Runs the plan on <paramref name="backendName"/> into memory (every variable of every trajectory), with the same header and summary lines.</summary>
    public static SweepResult Simulate(Plan plan, string backendName)
    {
        using var backend = BackendFactory.Create(backendName);
        PrintHeader(plan, backend, backendName);
        var sink = new MemorySink();
        var summary = Integrate(plan, backend, sink);
        PrintSummary(plan, summary);
        return sink.Result(summary);
    }

    private static void PrintHeader(Plan plan, EnsembleBackend backend, string backendName)
    {
        var info = plan.Space.Model.Info;
        Console.WriteLine($"# clustergpu {SweepDataset.Version}: model {info.Name}: {info.Equations}");
        Console.WriteLine($"# {plan.Space.Describe()}; {plan.Space.TrajectoryCount} trajectories");
        var swept = plan.Space.Axes.Select(a => a.Parameter).Concat(plan.Space.Samples.Select(s => s.Parameter)).ToHashSet();
        Console.WriteLine($"# fixed: {string.Join(", ", info.Parameters.Select((p, j) => (p.Name, Value: plan.Space.FixedValues[j])).Where(p => !swept.Contains(p.Name)).Select(p => SweepOptions.Invariant($"{p.Name}={p.Value:G6}")))}");
        Console.WriteLine($"# {plan.Settings.Describe()}, window {plan.Observation.WindowFraction:G3}, seed {plan.Space.Seed}");
        Console.WriteLine($"# regime rules: {plan.Rules.Describe()}");
        Console.WriteLine($"# backend {backend.Name}{(backendName == "auto" ? " (auto)" : "")}: {backend.Device}");
    }

    /// <summary>Runs the sweep into <paramref name="sink"/>, with a progress bar on standard error unless quiet or redirected.</summary>
    private static SweepSummary Integrate(Plan plan, EnsembleBackend backend, ISweepSink sink)
    {
        var runner = new SweepRunner(backend, plan.BatchSize);
        if (plan.Quiet || Console.IsErrorRedirected)
            return runner.Run(plan.Space, plan.Settings, plan.Observation, plan.Rules, sink);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        SweepSummary summary = null!;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("integrating", maxValue: plan.Space.TrajectoryCount);
                var clock = Stopwatch.StartNew();
                var progress = new Reporter(done =>
                {
                    task.Value = done;
                    task.Description = SweepOptions.Invariant($"integrating, {done / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):E2} trajectories/s");
                });
                summary = runner.Run(plan.Space, plan.Settings, plan.Observation, plan.Rules, sink, progress);
            });
        return summary;
    }

    private static void PrintSummary(Plan plan, SweepSummary summary)
    {
        Console.WriteLine("# regimes: " + string.Join(", ", Enumerable.Range(0, RegimeRules.Names.Length)
            .Where(r => summary.RegimeCounts[r] > 0).Select(r => $"{RegimeRules.Names[r]} {summary.RegimeCounts[r]}")));
        if (plan.Space.InitialConditions.Count > 1) Console.WriteLine($"# multistable points: {summary.MultistablePoints} of {plan.Space.PointCount}");
        if (summary.Failed > 0) Console.WriteLine($"# {summary.Failed} trajectories did not succeed (see variable 'status')");
        Console.WriteLine(SweepOptions.Invariant($"# {summary.Trajectories} trajectories in {summary.Seconds:F2} s ({summary.Trajectories / summary.Seconds:E3} trajectories/s)"));
    }

    private sealed class Reporter(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
