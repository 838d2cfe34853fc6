using System.CommandLine;
using System.Globalization;
using ClusterGpu.Backends;
using ClusterGpu.Benchmarking;
using ClusterGpu.Errors;
using ClusterGpu.Models;
using ClusterGpu.Plots;
using ClusterGpu.Solving;
using Spectre.Console;

namespace ClusterGpu.Cli.Commands;

/// <summary>
/// <c>clustergpu bench</c>: integrates N trajectories (Lorenz: rho spread over [0, 28], dt = 0.001, from
/// (1, 0, 0)) and prints <c>trajectory_steps_per_second=&lt;value&gt;</c> as its last line. With <c>--suite</c>: every
/// available backend plus the scalar baseline, N over decades, rk4 and dopri5, fp64 and fp32, several models; a table,
/// CSV/JSON/PNG on request, the static PTX profile of every GPU kernel when no CUDA device is present, end-to-end rows
/// (trajectories per second into an HDF5 file, <see cref="EndToEndBenchmark"/>), and as last line the rate of one reference
/// configuration. With <c>--end-to-end</c>: one end-to-end measurement, last line <c>trajectories_per_second_into_file=&lt;value&gt;</c>.
/// </summary>
internal static class BenchCommand
{
    private const int SuiteSteps = 200;
    private const double SuiteDt = 0.005;

    public static Command Create()
    {
        var model = new ModelOptions("Built-in model to integrate", defaultModel: "lorenz");
        var method = CliOptions.Method("rk4");
        var trajectories = new Option<int>("--trajectories") { Description = "Number of trajectories N", DefaultValueFactory = _ => 1 << 20 };
        var steps = new Option<int>("--steps") { Description = $"Steps per trajectory S (time span = S·dt); suite: {SuiteSteps}", DefaultValueFactory = _ => 1000 };
        var dt = new Option<double>("--dt") { Description = $"Step size (rk4) and time unit of the span; suite: {SuiteDt}", DefaultValueFactory = _ => 0.001 };
        var backend = CliOptions.Backend();
        var precision = CliOptions.Precision();
        var suite = new Option<bool>("--suite")
        {
            Description = "Run the benchmark suite: every backend + scalar baseline, N = 1e3 … --max-trajectories, rk4/dopri5, fp64/fp32, --models; "
                + "plus end-to-end rows on the fast backends (cpu, cuda), the sweep pipeline into a temporary HDF5 file: innovation-cluster (else the first of --models), "
                + "dopri5, fp64, default window statistics, at the largest N and the one below (where a GPU integrates cheapest and output decides), over the throughput rows' span "
                + "so integration seconds compare; trajectories/s into the file and wall/integration, the price of output per backend (a short span is its worst case)",
        };
        var endToEnd = new Option<bool>("--end-to-end")
        {
            Description = "Measure trajectories per second into a file instead: the model's first two parameters sampled over their ranges, run as 'clustergpu sweep' runs it "
                + "(saved parts, writer thread, default window statistics) into a temporary HDF5 file, timed to the closed file and deleted after; "
                + "last line trajectories_per_second_into_file=<value>",
        };
        var maxTrajectories = new Option<double>("--max-trajectories") { Description = "Suite: largest N (decades from 1e3; up to 1e7); scalar and ilgpu-cpu stop at 1e5", DefaultValueFactory = _ => 1e6 };
        var models = new Option<string>("--models") { Description = "Suite: comma-separated models", DefaultValueFactory = _ => "logistic,lorenz,innovation-cluster" };
        var csv = new Option<string?>("--out-csv") { Description = "Suite: write every measurement (integration and end-to-end rows, column kind) as CSV here" };
        var json = new Option<string?>("--out-json") { Description = "Suite: write the report (peaks, measurements, PTX profiles, end-to-end rows) as JSON here" };
        var png = new Option<string?>("--png") { Description = "Suite: write the log-log scaling plot of --plot-model here" };
        var plotModel = new Option<string?>("--plot-model") { Description = "Suite: model of the scaling plot (default: lorenz if run, else the first)" };
        var command = new Command("bench", "Measure trajectory-steps per second on one backend, trajectories per second into a file (--end-to-end), or run the benchmark suite (--suite)")
        {
            method, trajectories, steps, dt, backend, precision, suite, endToEnd, maxTrajectories, models, csv, json, png, plotModel,
        };
        foreach (var option in model.All) command.Options.Add(option);
        command.SetAction(parse => Program.Guard(() =>
        {
            if (parse.GetValue(suite))
            {
                if (parse.GetValue(endToEnd)) throw new UsageException("--suite already has end-to-end rows; drop --end-to-end, or drop --suite for one end-to-end measurement.");
                var result = parse.GetResult(steps);
                int s = result is null || result.Implicit ? SuiteSteps : parse.GetValue(steps);
                double step = parse.GetResult(dt) is { Implicit: false } ? parse.GetValue(dt) : SuiteDt;
                return RunSuite(parse.GetValue(backend)!, parse.GetValue(models)!, parse.GetValue(maxTrajectories), s, step,
                    parse.GetValue(csv), parse.GetValue(json), parse.GetValue(png), parse.GetValue(plotModel));
            }
            var handle = model.Resolve(parse);
            int n = parse.GetValue(trajectories), steps1 = parse.GetValue(steps);
            if (n <= 0) throw new UsageException("--trajectories must be a positive integer.");
            var settings = Settings(CliOptions.ParseMethod(parse.GetValue(method)!), CliOptions.ParsePrecision(parse.GetValue(precision)!), steps1, parse.GetValue(dt));
            using var engine = BackendFactory.Create(parse.GetValue(backend)!);
            if (parse.GetValue(endToEnd)) return RunEndToEnd(engine, handle, n, settings);
            var (problem, spread, lo, hi) = ThroughputBenchmark.StandardProblem(handle, n);
            Console.WriteLine($"# clustergpu bench: model {handle}, {n} trajectories, {spread} spread over [{lo}, {hi}], {settings.Describe()}");
            Console.WriteLine($"# backend {engine.Name}: {engine.Device}");
            var m = ThroughputBenchmark.Measure(engine, problem, settings);
            Console.WriteLine(FormattableString.Invariant($"# {m.TrajectorySteps:G6} trajectory-steps in {m.Seconds:F3} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trajectory_steps_per_second={m.TrajectoryStepsPerSecond:E4}"));
            return 0;
        }));
        return command;
    }

    private static IntegrationSettings Settings(MethodKind method, Precision precision, int steps, double dt)
    {
        if (steps <= 0) throw new UsageException("--steps must be a positive integer.");
        var settings = new IntegrationSettings { Method = method, Dt = dt, TEnd = steps * dt, Precision = precision };
        settings.Validate();
        return settings;
    }

    private static int RunEndToEnd(EnsembleBackend engine, ModelHandle model, int n, IntegrationSettings settings)
    {
        Console.WriteLine($"# clustergpu bench --end-to-end: model {model}, {n} trajectories into an HDF5 file, {settings.Describe()}");
        Console.WriteLine($"# backend {engine.Name}: {engine.Device}");
        var e = EndToEndBenchmark.MeasureInTemporaryDirectory(engine, model, n, settings);
        Console.WriteLine($"# the same run: {e.Command} --out FILE.h5");
        Console.WriteLine(Invariant(
            $"# {e.Trajectories} trajectories: integration {e.IntegrationSeconds:F3} s, output {e.OutputSeconds:F3} s overlapped, output-only {e.OutputOnlySeconds:F3} s, wall {e.WallSeconds:F3} s (wall/integration {e.WallOverIntegration:F2}); {e.BytesWritten} bytes written"));
        Console.WriteLine(Invariant($"trajectories_per_second_into_file={e.TrajectoriesPerSecondIntoFile:E4}"));
        return 0;
    }

    private static int RunSuite(string backend, string modelList, double max, int steps, double dt, string? csv, string? json, string? png, string? plotModel)
    {
        if (!(max >= 1 && max <= 1e8)) throw new UsageException("--max-trajectories must lie in [1, 1e8].");
        Settings(MethodKind.Rk4, Precision.Fp64, steps, dt);
        var models = modelList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(m => ModelRegistry.Find(m).Info.Name).ToList();
        if (models.Count == 0) throw new UsageException("--models must name at least one model.");
        string reference = models.Contains("lorenz") ? "lorenz" : models[0];
        plotModel ??= reference;
        if (!models.Contains(plotModel)) throw new UsageException($"--plot-model '{plotModel}' is not among --models ({string.Join(", ", models)}).");
        var available = BackendFactory.Available();
        var backends = backend == "auto" ? available.ToList() : [backend, "scalar"];
        foreach (string b in backends.Distinct())
            if (!available.Contains(b)) BackendFactory.Create(b).Dispose(); // the factory's message for a missing or unknown backend
        backends = [.. backends.Distinct()];
        var options = new SuiteOptions(models, backends, SuiteOptions.Decades((int)max), steps, dt);
        Console.WriteLine(FormattableString.Invariant(
            $"# clustergpu bench --suite: models {string.Join(", ", models)}; backends {string.Join(", ", backends)}; N = {string.Join(", ", options.TrajectoryCounts)} ({string.Join(" and ", SuiteOptions.SlowBackends)} up to {options.SlowBackendLimit}); rk4 dt {dt:G6} and dopri5 rtol 1e-6 atol 1e-9 over t 0..{steps * dt:G6}; fp64 and fp32; end to end: {options.EndToEndModel} dopri5 fp64 at N = {string.Join(", ", options.EndToEndCounts)} into an HDF5 file on {string.Join(", ", backends.Except(SuiteOptions.SlowBackends).DefaultIfEmpty("none"))}"));
        var report = BenchmarkSuite.Run(options, line => Console.Error.WriteLine($"# {line}"));
        Console.WriteLine($"# cpu: {report.Device}");
        Console.WriteLine(FormattableString.Invariant($"# measured FMA peak (all cores, SIMD): fp64 {report.PeakGflopsFp64:F1} GFLOP/s, fp32 {report.PeakGflopsFp32:F1} GFLOP/s"));
        var console = Program.Out();
        console.Profile.Width = Math.Max(console.Profile.Width, 200);
        console.Write(MeasurementTable(report));
        if (report.EndToEnd.Count > 0) console.Write(EndToEndTable(report));
        if (!report.CudaPresent)
        {
            Console.WriteLine("# no CUDA device: GPU throughput not measured; static PTX profile instead (SM 9.0, per step = the step loop, all paths)");
            console.Write(PtxTable(report));
        }
        foreach (var (path, write) in new (string?, Action<string>)[] { (csv, report.WriteCsv), (json, report.WriteJson), (png, p => ScalingPlot.Render(report, plotModel, p)) })
            if (path is not null)
            {
                write(path);
                Console.WriteLine($"wrote {path}");
            }
        string auto = available[0] == "ilgpu-cpu" ? "cpu" : available[0];
        var last = report.Rows.Where(r => r.Model == reference && r.Method == "rk4" && r.Precision == "fp64" && r.Backend == (backends.Contains(auto) ? auto : backends[0]))
            .MaxBy(r => r.Trajectories) ?? throw new UsageException("The suite measured nothing.");
        Console.WriteLine($"# reference configuration: {last.Model} rk4 fp64 on {last.Backend}, {last.Trajectories} trajectories");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trajectory_steps_per_second={last.TrajectoryStepsPerSecond:E4}"));
        return 0;
    }

    /// <summary>The measurements at each configuration's largest N (every N is in the CSV/JSON and the plot).</summary>
    private static Table MeasurementTable(SuiteReport report)
    {
        var table = new Table().Title("throughput at the largest N per configuration (speed-up over scalar; fraction of the measured FMA peak)")
            .AddColumns("model", "states", "backend", "method", "prec", "N", "traj-steps/s", "× scalar", "FLOP/step", "GFLOP/s", "% peak");
        foreach (var r in report.Rows.GroupBy(r => (r.Model, r.Backend, r.Method, r.Precision)).Select(g => g.MaxBy(r => r.Trajectories)!))
            table.AddRow(r.Model, $"{r.States}", r.Backend, r.Method, r.Precision, Invariant($"{r.Trajectories:G3}"), Invariant($"{r.TrajectoryStepsPerSecond:E2}"),
                double.IsNaN(r.SpeedupOverScalar) ? "-" : Invariant($"{r.SpeedupOverScalar:F1}"), $"{r.FlopsPerStep}", Invariant($"{r.Gflops:F2}"), Invariant($"{100 * r.FractionOfPeak:F1}"));
        return table;
    }

    /// <summary>The end-to-end rows: trajectories per second into a file and what output adds to integration.</summary>
    private static Table EndToEndTable(SuiteReport report)
    {
        var table = new Table().Title("end to end: the sweep pipeline into an HDF5 file, timed to the closed file (output-only = wall - integration)")
            .AddColumns("model", "backend", "method", "prec", "N", "integration s", "output-only s", "wall s", "traj/s into file", "MB written", "wall / integration");
        foreach (var e in report.EndToEnd)
            table.AddRow(e.Model, e.Backend, e.Method, e.Precision, Invariant($"{e.Trajectories:G3}"), Invariant($"{e.IntegrationSeconds:F3}"), Invariant($"{e.OutputOnlySeconds:F3}"),
                Invariant($"{e.WallSeconds:F3}"), Invariant($"{e.TrajectoriesPerSecondIntoFile:E2}"), Invariant($"{e.BytesWritten / 1e6:F1}"), Invariant($"{e.WallOverIntegration:F2}"));
        return table;
    }

    private static Table PtxTable(SuiteReport report)
    {
        var kinds = PtxProfiler.Kinds.Where(k => k != "local").ToList();
        var table = new Table().Title("GPU kernels, static PTX: instructions in the step loop by kind (whole-kernel counts in the JSON)")
            .AddColumns(["model", "method", "prec", .. kinds, "FLOP/step", ".local", "extern calls"]);
        foreach (var k in report.Kernels)
            table.AddRow([k.Model, k.Method, k.Precision, .. kinds.Select(kind => $"{k.PerStep[kind]}"),
                $"{k.FlopsPerStep}", k.UsesLocalMemory ? "yes" : "no", k.ExternFunctions.Count == 0 ? "-" : string.Join(" ", k.ExternFunctions)]);
        return table;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
