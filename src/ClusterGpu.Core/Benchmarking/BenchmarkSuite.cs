using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterGpu.Backends;
using ClusterGpu.Models;
using ClusterGpu.Solving;

namespace ClusterGpu.Benchmarking;

/// <summary>What the suite runs: every combination of model, backend, method, precision and trajectory count.</summary>
/// <param name="Models">Model names (default: logistic, lorenz, innovation-cluster: 1, 3 and 4 states).</param>
/// <param name="Backends">Backend names; the <c>scalar</c> baseline should be among them for the speed-ups.</param>
/// <param name="TrajectoryCounts">Trajectory counts, ascending.</param>
/// <param name="Steps">RK4 steps per trajectory; the span is Steps·Dt for both methods.</param>
/// <param name="Dt">RK4 step size.</param>
/// <param name="SlowBackendLimit">Largest trajectory count run on the slow backends (<c>scalar</c>, <c>ilgpu-cpu</c>).</param>
public sealed record SuiteOptions(
    IReadOnlyList<string> Models, IReadOnlyList<string> Backends, IReadOnlyList<int> TrajectoryCounts,
    int Steps = 200, double Dt = 0.005, int SlowBackendLimit = 100_000)
{
    /// <summary>Backends whose rate is flat in N and slow: run only up to <see cref="SlowBackendLimit"/> trajectories.</summary>
    public static IReadOnlyList<string> SlowBackends { get; } = ["scalar", "ilgpu-cpu"];

    /// <summary>Methods of the suite: fixed (rk4) and adaptive (dopri5).</summary>
    public static IReadOnlyList<MethodKind> Methods { get; } = [MethodKind.Rk4, MethodKind.Dopri5];

    /// <summary>Precisions of the suite.</summary>
    public static IReadOnlyList<Precision> Precisions { get; } = [Precision.Fp64, Precision.Fp32];

    /// <summary>
    /// The model of the end-to-end rows (<see cref="EndToEndBenchmark"/>): the flagship innovation-cluster when among
    /// <see cref="Models"/>, else the first.
    /// </summary>
    public string EndToEndModel => Models.Contains("innovation-cluster") ? "innovation-cluster" : Models[0];

    /// <summary>Largest end-to-end N: 10⁶ points already make a 187 MB file; larger ones measure the disk, and would not fit
    /// the GPU check's time box (scripts/gpu-check.sh).</summary>
    public const int EndToEndLimit = 1_000_000;

    /// <summary>
    /// Trajectory counts of the end-to-end rows: the two largest up to <see cref="EndToEndLimit"/>, where output matters most.
    /// </summary>
    public IReadOnlyList<int> EndToEndCounts => [.. TrajectoryCounts.Where(n => n <= EndToEndLimit).TakeLast(2)];

    /// <summary>Decades 10^3, 10^4, … up to <paramref name="max"/> (and <paramref name="max"/> itself when it is no power of ten).</summary>
    public static IReadOnlyList<int> Decades(int max, int min = 1000)
    {
        var counts = new List<int>();
        for (long n = Math.Min(min, max); n <= max; n *= 10) counts.Add((int)n);
        if (counts[^1] != max) counts.Add(max);
        return counts;
    }
}

/// <summary>One measured configuration of the suite.</summary>
/// <param name="Model">Model name.</param>
/// <param name="States">State components of the model.</param>
/// <param name="Backend">Backend name.</param>
/// <param name="Method">rk4 or dopri5.</param>
/// <param name="Precision">fp64 or fp32.</param>
/// <param name="Trajectories">Trajectories N.</param>
/// <param name="TrajectorySteps">Accepted steps summed over trajectories.</param>
/// <param name="Seconds">Wall time of the timed run.</param>
/// <param name="TrajectoryStepsPerSecond">Throughput.</param>
/// <param name="SpeedupOverScalar">Throughput over that of the scalar baseline (same model, method, precision; same N, else its largest N); NaN without one.</param>
/// <param name="FlopsPerStep">Static FLOPs of one step from the kernel's PTX (<see cref="PtxProfile.FlopsPerStep"/>).</param>
/// <param name="Gflops">TrajectoryStepsPerSecond × FlopsPerStep / 1e9.</param>
/// <param name="FractionOfPeak">Gflops over the machine's measured FMA peak of that precision.</param>
public sealed record SuiteRow(
    string Model, int States, string Backend, string Method, string Precision, int Trajectories, double TrajectorySteps,
    double Seconds, double TrajectoryStepsPerSecond, double SpeedupOverScalar, int FlopsPerStep, double Gflops, double FractionOfPeak);

/// <summary>Everything the suite measured.</summary>
/// <param name="Device">CPU description of this machine.</param>
/// <param name="PeakGflopsFp64">Measured FP64 FMA peak, GFLOP/s (all cores).</param>
/// <param name="PeakGflopsFp32">Measured FP32 FMA peak, GFLOP/s (all cores).</param>
/// <param name="CudaPresent">True when a CUDA device was found and measured.</param>
/// <param name="Rows">Measurements.</param>
/// <param name="Kernels">Static PTX profiles of every GPU kernel of the suite.</param>
/// <param name="EndToEnd">End-to-end measurements: trajectories per second into an HDF5 file.</param>
public sealed record SuiteReport(
string Device, double PeakGflopsFp64, double PeakGflopsFp32, bool CudaPresent, IReadOnlyList<SuiteRow> Rows, IReadOnlyList<PtxProfile> Kernels,
IReadOnlyList<EndToEndRow> EndToEnd)
{
    /// <summary>
    /// CSV columns: those of <see cref="SuiteRow"/>, then <c>kind</c> (<c>integration</c> or <c>end-to-end</c>) and those of
    /// <see cref="EndToEndRow"/>; a row leaves the other kind's columns NaN (an end-to-end row's <c>seconds</c> is its wall time).
    /// </summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
        ["model", "states", "backend", "method", "precision", "trajectories", "trajectory_steps", "seconds",
         "trajectory_steps_per_second", "speedup_over_scalar", "flops_per_step", "gflops", "fraction_of_peak",
         "kind", "integration_seconds", "output_seconds", "output_only_seconds", "wall_seconds", "trajectories_per_second_into_file",
         "bytes_written", "wall_over_integration"];

    /// <summary>The rows as CSV (invariant culture, header first): the integration rows, then the end-to-end rows.</summary>
    public string ToCsv()
    {
        const double none = double.NaN;
        var csv = new StringBuilder().AppendLine(string.Join(",", CsvColumns));
        var lines = Rows.Select(r => new object[]
        {
            r.Model, r.States, r.Backend, r.Method, r.Precision, r.Trajectories, r.TrajectorySteps, r.Seconds,
            r.TrajectoryStepsPerSecond, r.SpeedupOverScalar, r.FlopsPerStep, r.Gflops, r.FractionOfPeak, "integration", none, none, none, none, none, none, none,
        }).Concat(EndToEnd.Select(e => new object[]
        {
            e.Model, e.States, e.Backend, e.Method, e.Precision, e.Trajectories, none, e.WallSeconds, none, none, none, none, none, "end-to-end",
            e.IntegrationSeconds, e.OutputSeconds, e.OutputOnlySeconds, e.WallSeconds, e.TrajectoriesPerSecondIntoFile, e.BytesWritten, e.WallOverIntegration,
        }));
        foreach (var line in lines) csv.AppendLine(string.Join(",", line.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
        return csv.ToString();
    }

    /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/> (aside, then renamed).</summary>
    public void WriteCsv(string path) => Plots.PlotOutput.WriteAtomically(path, Encoding.UTF8.GetBytes(ToCsv()), "CSV");

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/> (aside, then renamed).</summary>
    public void WriteJson(string path) => Plots.PlotOutput.WriteAtomically(path, Encoding.UTF8.GetBytes(ToJson()), "JSON report");

    /// <summary>The whole report as indented JSON (NaN written as a string).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    });
}

/// <summary>
/// <c>clustergpu bench --suite</c>: the FMA peak of this machine, the static PTX profile of every kernel, and the
/// throughput of every configuration (<see cref="ThroughputBenchmark"/>: standard problem, one warm-up, one timed run),
/// and end to end on the backends not in <see cref="SuiteOptions.SlowBackends"/>: <see cref="SuiteOptions.EndToEndModel"/>,
/// dopri5, fp64, at <see cref="SuiteOptions.EndToEndCounts"/>, into an HDF5 file (<see cref="EndToEndBenchmark"/>).
/// </summary>
public static class BenchmarkSuite
{
/// <summary>Runs the suite; <paramref name="progress"/> hears one line per configuration.</summary>
public static SuiteReport Run(SuiteOptions options, Action<string> progress)
{
    var models = options.Models.Select(ModelRegistry.Find).ToList();
    progress("measuring the FMA peak");
    double peak64 = FmaPeak.Measure(Precision.Fp64), peak32 = FmaPeak.Measure(Precision.Fp32);
    progress("compiling every kernel to PTX");
    var kernels = (from m in models from method in SuiteOptions.Methods from p in SuiteOptions.Precisions
                   select PtxProfiler.Profile(m, method, p)).ToList();
    var rows = new List<SuiteRow>();
    var endToEnd = new List<EndToEndRow>();
    foreach (string name in options.Backends)
    {
        using var backend = BackendFactory.Create(name);
        try
        {
            rows.AddRange(Measure(backend, models, options, kernels, peak64, peak32, progress));
            if (!SuiteOptions.SlowBackends.Contains(name)) endToEnd.AddRange(MeasureEndToEnd(backend, options, progress));
        }
        catch (Errors.UsageException e)
        {
            progress($"{name} skipped: {e.Message}");
        }
    }
    return new SuiteReport(new CpuBackend().Device, peak64, peak32, options.Backends.Contains("cuda"), WithSpeedups(rows), kernels, endToEnd);
}

private static List<SuiteRow> Measure(EnsembleBackend backend, List<ModelHandle> models, SuiteOptions options,
    List<PtxProfile> kernels, double peak64, double peak32, Action<string> progress)
{
    string name = backend.Name;
    var rows = new List<SuiteRow>();
    var counts = options.TrajectoryCounts.Where(n => !SuiteOptions.SlowBackends.Contains(name) || n <= options.SlowBackendLimit);
        foreach (var model in models)
            foreach (var method in SuiteOptions.Methods)
                foreach (var precision in SuiteOptions.Precisions)
                    foreach (int n in counts)
                    {
                        var settings = new IntegrationSettings { Method = method, Dt = options.Dt, TEnd = options.Steps * options.Dt, Precision = precision };
                        var m = ThroughputBenchmark.Measure(backend, ThroughputBenchmark.StandardProblem(model, n).Problem, settings);
                        var profile = kernels.Single(k => k.Model == model.Info.Name && k.Method == settings.MethodName && k.Precision == Name(precision));
                        double gflops = m.TrajectoryStepsPerSecond * profile.FlopsPerStep / 1e9;
                        rows.Add(new SuiteRow(model.Info.Name, model.Info.States.Count, name, settings.MethodName, Name(precision), n,
                            m.TrajectorySteps, m.Seconds, m.TrajectoryStepsPerSecond, double.NaN, profile.FlopsPerStep, gflops,
                            gflops / (precision == Precision.Fp64 ? peak64 : peak32)));
                        progress(FormattableString.Invariant($"{name} {model} {settings.MethodName} {Name(precision)} N={n}: {m.TrajectoryStepsPerSecond:E3} trajectory-steps/s"));
                    }
        return rows;
    }

    private static List<EndToEndRow> MeasureEndToEnd(EnsembleBackend backend, SuiteOptions options, Action<string> progress)
    {
        var model = ModelRegistry.Find(options.EndToEndModel);
        var settings = new IntegrationSettings { Method = MethodKind.Dopri5, Dt = options.Dt, TEnd = options.Steps * options.Dt, Precision = Precision.Fp64 };
        return options.EndToEndCounts.Select(n =>
        {
            var e = EndToEndBenchmark.MeasureInTemporaryDirectory(backend, model, n, settings);
            progress(FormattableString.Invariant($"{backend.Name} {model} dopri5 fp64 N={n} end to end: {e.TrajectoriesPerSecondIntoFile:E3} trajectories/s into the file, wall/integration {e.WallOverIntegration:F2}"));
            return e;
        }).ToList();
    }

    private static string Name(Precision precision) => precision.ToString().ToLowerInvariant();

    private static List<SuiteRow> WithSpeedups(List<SuiteRow> rows) => rows.Select(r =>
    {
        var baseline = rows.Where(b => b.Backend == "scalar" && b.Model == r.Model && b.Method == r.Method && b.Precision == r.Precision)
            .OrderBy(b => b.Trajectories == r.Trajectories ? 0 : 1).ThenByDescending(b => b.Trajectories).FirstOrDefault();
        return r with { SpeedupOverScalar = baseline is null ? double.NaN : r.TrajectoryStepsPerSecond / baseline.TrajectoryStepsPerSecond };
    }).ToList();
}
