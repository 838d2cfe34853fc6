using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using ClusterGpu.Backends;
using ClusterGpu.Errors;
using ClusterGpu.Outputs;
using ClusterGpu.Plots;
using ClusterGpu.Refinement;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Cli.Commands;

/// <summary>
/// Runs a plan with <c>--refine</c>: every level is one ensemble on the backend, saved batch by batch in its own part store
/// (<c>&lt;out&gt;.level&lt;ℓ&gt;.parts</c>) and kept until the file is complete, so after <c>kill -9</c> or Ctrl-C the same
/// command with <c>--resume</c> reuses every saved batch; the levels depend only on the results before them, so the
/// resumed run chooses the same points and writes the same file. A refined run cannot be sharded (each level's points
/// follow from the previous level's results).
/// </summary>
internal static class RefineExecution
{
    /// <summary>What a refined run returns for pictures: the retained fine-grid result, the traced boundaries and the integrated points.</summary>
    public sealed record Outcome(SweepResult Result, IReadOnlyList<OverlayCurve> Traced, IReadOnlyList<(double X, double Y)> Integrated);

    /// <summary>Refuses what refinement cannot do, before any work.</summary>
    public static void Check(SweepExecution.Plan plan, RefinementSettings refine)
    {
        if (plan.Shard is not null)
            throw new UsageException("--refine cannot be sharded: each level's points follow from the previous level's results; run it whole (each level is saved, --resume continues it).");
        if (plan.Space.IsSampled || plan.Space.Axes.Count != 2)
            throw new UsageException("--refine needs exactly two --grid axes (e.g. --grid e0=0.1:5:64 --grid eta=0.5:12:64).");
        refine.Validate(plan.Space.Axes[0].Count, plan.Space.Axes[1].Count, SweepRunner.AllVariables(plan.Space, plan.Observation).Select(v => v.Name).ToArray());
    }

    /// <summary>Runs the refined plan and writes its file; null when Ctrl-C stopped it (saved batches kept for --resume).</summary>
    public static Outcome? Execute(SweepExecution.Plan plan, RefinementSettings refine, string backendName, IReadOnlyCollection<string> retain, bool compare)
    {
        Check(plan, refine);
        using var claim = OutputLock.Acquire(plan.Out, Program.CommandLine);
        using var backend = BackendFactory.Create(backendName);
        SweepExecution.PrintHeader(plan, backend, backendName);
        var lattice = new FineLattice(plan.Space.Axes[0].Count, plan.Space.Axes[1].Count, refine.Levels);
        Console.WriteLine($"# refine {refine.Levels} levels to {lattice.CountX} x {lattice.CountY} effective points, guard {refine.Guard}, on {string.Join(",", refine.Criteria)}"
            + (refine.Observables.Count > 0 ? SweepOptions.Invariant($", threshold {refine.Threshold:G3} of the base range") : "") + $"; levels saved in {plan.Out}.level<n>.parts");
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCtrlC = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCtrlC;
        var wall = Stopwatch.StartNew();
        var stores = new List<PartStore>();
        RefinedGrid grid;
        try
        {
            grid = AdaptiveSweep.Run(plan.Space, refine, plan.Observation, (level, space) =>
            {
                var (result, store) = IntegrateLevel(plan, refine, backend, level, space, cancel.Token);
                stores.Add(store);
                Console.WriteLine(SweepOptions.Invariant($"# level {level}: {space.PointCount} points integrated in {result.Summary.Seconds:F2} s"));
                return result;
            });
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"interrupted: completed batches are kept in {plan.Out}.level<n>.parts; run the same command with --resume to continue.");
            return null;
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
        }
        var codes = grid.Categories();
        var boundaries = MarchingSquares.Trace(codes, lattice.CountX, lattice.CountY);
        var record = new RunRecord(Program.CommandLine, Program.Arguments, backend.Name, backend.Device, Fingerprint(plan, refine));
        SweepSummary summary;
        SweepResult result;
        using (var file = new SweepFile(plan.Out, plan.Settings, plan.Observation, plan.Rules, record, retain, null, plan.SinglePrecision,
            data => RefinedDataset.Extend(data, grid, refine, boundaries)))
        {
            summary = grid.WriteTo(file, SweepRunner.Variables(grid.FineSpace, plan.Observation), backend.Name, backend.Device);
            file.Complete(summary);
            result = file.Retained(summary);
        }
        foreach (var store in stores) store.Delete();
        SweepExecution.Report(plan with { Space = grid.FineSpace }, summary, new OutputTimes(0, wall.Elapsed.TotalSeconds));
        Console.WriteLine(SweepOptions.Invariant(
            $"# refined: {grid.ComputedPoints} of {lattice.Count} effective points integrated ({100.0 * grid.ComputedPoints / lattice.Count:F2} %), per level {string.Join(" ", grid.PointsPerLevel)}; {boundaries.Count} boundary polylines traced"));
        if (compare)
            foreach (var d in BoundaryComparison.Compare(grid.FineSpace, boundaries))
                Console.WriteLine(SweepOptions.Invariant($"# boundary '{d.Label}': distance to the traced boundaries in fine cells: median {d.Median:F2}, 95% {d.Percentile95:F2}, max {d.Max:F2} ({d.Points} points along it)"));
        Console.WriteLine($"wrote {plan.Out}");
        var (xs, ys) = (grid.FineSpace.AxisValues(0), grid.FineSpace.AxisValues(1));
        var integrated = Enumerable.Range(0, lattice.Count).Where(grid.IsIntegrated).Select(f => (xs[f / lattice.CountY], ys[f % lattice.CountY])).ToArray();
        return new Outcome(result, RefinedDataset.Curves(grid.FineSpace, boundaries), integrated);
    }

    /// <summary>One level's ensemble, durable in its own part store; returns its results and the store (deleted once the file is complete).</summary>
    private static (SweepResult, PartStore) IntegrateLevel(SweepExecution.Plan plan, RefinementSettings refine, EnsembleBackend backend, int level, ParameterSpace space, CancellationToken cancel)
    {
        string output = $"{plan.Out}.level{level}";
        var variables = SweepRunner.Variables(space, plan.Observation);
        bool resume = plan.Resume && (level == 0 || Directory.Exists(PartStore.DirectoryFor(output)));
        var store = PartStore.Open(output, LevelFingerprint(plan, refine, level, space), plan.BatchSize, 0, space.RowCount, variables, resume, plan.Force);
        var memory = new MemorySink();
        var durable = new DurableSweep(store, RowRange.All(space), memory);
        new SweepRunner(backend, plan.BatchSize).Run(space, plan.Settings, plan.Observation, plan.Rules, durable, cancel: cancel);
        return (memory.Result(durable.Finish(backend.Name, backend.Device)), store);
    }

    /// <summary>The run's fingerprint with the refinement settings.</summary>
    private static string Fingerprint(SweepExecution.Plan plan, RefinementSettings refine) =>
        Hash($"{plan.Fingerprint}|refine {refine.Levels} guard {refine.Guard} on {string.Join(",", refine.Criteria)} threshold {refine.Threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");

    /// <summary>A level's fingerprint: the run's, the level and every point's parameters.</summary>
    private static string LevelFingerprint(SweepExecution.Plan plan, RefinementSettings refine, int level, ParameterSpace space)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{Fingerprint(plan, refine)}|level {level}"));
        for (long point = 0; point < space.PointCount; point++)
            hash.AppendData(MemoryMarshal.AsBytes(space.PointParameters(point).AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
