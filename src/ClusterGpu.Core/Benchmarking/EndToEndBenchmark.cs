using System.Globalization;
using ClusterGpu.Backends;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Benchmarking;

/// <summary>
/// Trajectories per second into a file, as a user runs them: N points of a model, its first two parameters sampled
/// (Latin hypercube, seed 42) over their declared ranges, run by the sweep pipeline of <c>clustergpu sweep</c>
/// (<see cref="FileSweep"/>: saved parts, writer thread, default window statistics and regimes) into a complete HDF5
/// file, timed from the first batch to the closed file (after a warm-up sweep that compiles the kernels).
/// </summary>
public static class EndToEndBenchmark
{
    private const ulong Seed = 42;

    /// <summary>The sweep: <paramref name="trajectories"/> points, the model's first two parameters (or its only one) sampled over [Min, Max].</summary>
    public static ParameterSpace Space(ModelHandle model, int trajectories) => ParameterSpace.Sampled(model,
        model.Info.Parameters.Take(2).Select(p => new SampleRange(p.Name, p.Min, p.Max, false)).ToArray(), trajectories,
        SamplerKind.LatinHypercube, Seed, new Dictionary<string, double>(), InitialConditions.Default(model.Info));

    /// <summary>The <c>clustergpu sweep</c> arguments (without <c>--out</c>) that run the same sweep on <paramref name="backend"/>.</summary>
    public static IReadOnlyList<string> SweepArguments(ModelHandle model, int trajectories, IntegrationSettings settings, string backend) =>
    [
        "sweep", .. model.SourcePath is { } file ? new[] { "--model-file", file } : ["--model", model.Info.Name],
        .. Space(model, trajectories).Samples.SelectMany(s => new[] { "--sample", Invariant($"{s.Parameter}={s.Low:R}:{s.High:R}") }),
        "--samples", $"{trajectories}", "--sampler", "lhs", "--seed", $"{Seed}",
        "--method", settings.MethodName, "--t-end", Invariant($"{settings.TEnd:R}"), "--dt", Invariant($"{settings.Dt:R}"),
        "--rtol", Invariant($"{settings.RelativeTolerance:R}"), "--atol", Invariant($"{settings.AbsoluteTolerance:R}"),
        "--max-steps", $"{settings.MaxSteps}", "--precision", settings.Precision.ToString().ToLowerInvariant(), "--backend", backend,
    ];

    /// <summary>
    /// Runs the sweep of <paramref name="trajectories"/> points with <paramref name="settings"/> (from t = 0) on
    /// <paramref name="backend"/> into <paramref name="path"/> (which must not exist) and returns the measurement; the file is kept.
    /// </summary>
    public static EndToEndRow Measure(EnsembleBackend backend, ModelHandle model, int trajectories, IntegrationSettings settings, string path)
    {
        settings = settings with { T0 = 0, Seed = Seed };
        var (observation, rules) = (new Observation(), new RegimeRules());
        var runner = new SweepRunner(backend);
        runner.Run(Space(model, Math.Min(trajectories, 64)), settings with { TEnd = settings.TEnd / 100 }, observation, rules);
        var space = Space(model, trajectories);
        string fingerprint = RunFingerprint.Of(space, settings, observation, rules);
        var range = RowRange.All(space);
        var store = PartStore.Open(path, fingerprint, runner.BatchSize, range.First, range.Count, SweepRunner.Variables(space, observation), resume: false, force: false);
        var arguments = SweepArguments(model, trajectories, settings, backend.Name);
        var record = new RunRecord("clustergpu " + string.Join(" ", arguments), arguments, backend.Name, backend.Device, fingerprint);
        using var file = new SweepFile(path, settings, observation, rules, record, retain: []);
        var (summary, times) = FileSweep.Run(file, store, range, sink => runner.Run(space, settings, observation, rules, sink));
        return new EndToEndRow(model.Info.Name, model.Info.States.Count, backend.Name, settings.MethodName, settings.Precision.ToString().ToLowerInvariant(),
            (int)summary.Trajectories, summary.Seconds, times.Output, times.Wall - summary.Seconds, times.Wall, summary.Trajectories / times.Wall,
            new FileInfo(path).Length, times.Wall / summary.Seconds, record.CommandLine);
    }

    /// <summary><see cref="Measure"/> into a file in a new temporary directory, deleted afterwards.</summary>
    public static EndToEndRow MeasureInTemporaryDirectory(EnsembleBackend backend, ModelHandle model, int trajectories, IntegrationSettings settings)
    {
        var directory = Directory.CreateTempSubdirectory("clustergpu-bench-");
        try
        {
            return Measure(backend, model, trajectories, settings, Path.Combine(directory.FullName, "end-to-end.h5"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One end-to-end measurement (<see cref="EndToEndBenchmark"/>).</summary>
/// <param name="Model">Model name.</param>
/// <param name="States">State components of the model.</param>
/// <param name="Backend">Backend name.</param>
/// <param name="Method">Integration method.</param>
/// <param name="Precision">fp64 or fp32.</param>
/// <param name="Trajectories">Trajectories N, all in the file.</param>
/// <param name="IntegrationSeconds">Seconds of integration and reduction, summed over batches (output excluded).</param>
/// <param name="OutputSeconds">Seconds the writer thread spent saving parts and writing the file, overlapped with integration.</param>
/// <param name="OutputOnlySeconds">WallSeconds − IntegrationSeconds: the output time integration did not hide.</param>
/// <param name="WallSeconds">Wall time from the first batch to the closed, complete file.</param>
/// <param name="TrajectoriesPerSecondIntoFile">Trajectories / WallSeconds.</param>
/// <param name="BytesWritten">Size of the finished HDF5 file.</param>
/// <param name="WallOverIntegration">WallSeconds / IntegrationSeconds (1: output fully hidden).</param>
/// <param name="Command">The <c>clustergpu sweep</c> command of the same run (add <c>--out file.h5</c>).</param>
public sealed record EndToEndRow(
    string Model, int States, string Backend, string Method, string Precision, int Trajectories, double IntegrationSeconds, double OutputSeconds,
    double OutputOnlySeconds, double WallSeconds, double TrajectoriesPerSecondIntoFile, long BytesWritten, double WallOverIntegration, string Command);
