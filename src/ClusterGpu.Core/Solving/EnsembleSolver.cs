using ClusterGpu.Backends;
using ClusterGpu.Kernels.EntryPoints;

namespace ClusterGpu.Solving;

/// <summary>
/// The one C# entry point: solves an <see cref="EnsembleProblem"/> with <see cref="IntegrationSettings"/> on a
/// backend, in batches of at most <see cref="BatchSize"/> trajectories so memory stays bounded.
/// </summary>
public sealed class EnsembleSolver(EnsembleBackend backend, int batchSize = 1 << 20)
{
    /// <summary>The backend doing the work.</summary>
    public EnsembleBackend Backend { get; } = backend;

    /// <summary>Trajectories per device launch.</summary>
    public int BatchSize { get; } = batchSize > 0 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize));

    /// <summary>
    /// Integrates every trajectory, with window statistics when <paramref name="observation"/> is given;
    /// <paramref name="progress"/> receives the count finished so far.
    /// </summary>
    public EnsembleResult Solve(EnsembleProblem problem, IntegrationSettings settings, Observation? observation = null, IProgress<long>? progress = null)
    {
        settings.Validate();
        observation?.Validate();
        int n = problem.Count;
        int p = problem.Model.Info.Parameters.Count, s = problem.Model.Info.States.Count;
        int columnCount = new EnsembleLayout(n, p, s, settings.T0, settings.TEnd).FixedColumns + Observation.Columns(observation, s);
        var columns = new double[(long)columnCount * n];
        for (int start = 0; start < n; start += BatchSize)
        {
            int m = Math.Min(BatchSize, n - start);
            var layout = new EnsembleLayout(m, p, s, settings.T0, settings.TEnd, start, settings.Seed);
            // One batch writes straight into the result; several go through a batch-sized buffer.
            var outputs = m == n ? columns : new double[(long)columnCount * m];
            Backend.Run(problem.Model, settings, observation, layout, Slice(problem.Parameters, p, n, start, m), Slice(problem.InitialStates, s, n, start, m), outputs);
            if (m != n)
                for (int c = 0; c < columnCount; c++)
                    Array.Copy(outputs, (long)c * m, columns, (long)c * n + start, m);
            progress?.Report(start + m);
        }
        return new EnsembleResult(n, s, columns, Backend.Name, Backend.Device);
    }

    private static double[] Slice(double[] source, int rows, int n, int start, int m)
    {
        if (start == 0 && m == n) return source;
        var slice = new double[(long)rows * m];
        for (int r = 0; r < rows; r++) Array.Copy(source, (long)r * n + start, slice, (long)r * m, m);
        return slice;
    }
}
