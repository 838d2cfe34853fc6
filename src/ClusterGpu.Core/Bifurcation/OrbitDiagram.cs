using ClusterGpu.Backends;
using ClusterGpu.Errors;
using ClusterGpu.Kernels.EntryPoints;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Sweeps;
using ClusterGpu.Solving;

namespace ClusterGpu.Bifurcation;

/// <summary>
/// The orbit diagram of a sweep: for every row (point × initial condition) the local maxima of one state over the
/// observation window, <see cref="Maxima"/> (row, peak) padded with NaN, and <see cref="Counts"/>, the number of maxima
/// in the window (all of them, also beyond <see cref="MaxPeaks"/>).
/// </summary>
public sealed record OrbitDiagramResult(int Rows, int MaxPeaks, double[] Maxima, int[] Counts, byte[] Status, double Seconds)
{
    /// <summary>Maximum <paramref name="peak"/> of row <paramref name="row"/> (NaN when fewer).</summary>
    public double Maximum(int row, int peak) => Maxima[(long)row * MaxPeaks + peak];
}

/// <summary>
/// Computes orbit diagrams as one ensemble in batches of rows: each launch keeps 8 maxima per trajectory in registers
/// (<see cref="PeakObserver{T, TState}"/>, located on the dense output), so ⌈max-peaks/8⌉ launches cover max-peaks, and a
/// launch is skipped for batches whose rows all have fewer maxima than it would keep. Deterministic adaptive methods only.
/// </summary>
public static class OrbitDiagram
{
    /// <summary>Maxima of state <paramref name="state"/> over the last <paramref name="windowFraction"/> of the span, at most <paramref name="maxPeaks"/> per row.</summary>
    public static OrbitDiagramResult Compute(EnsembleBackend backend, ParameterSpace space, IntegrationSettings settings, int state,
        double windowFraction, int maxPeaks, int batchSize, IProgress<long>? progress = null)
    {
        if (settings.IsFixedStep)
            throw new UsageException($"bifurcation locates maxima on the dense output of an adaptive method; use --method dopri5 or rosenbrock23, not {settings.MethodName}.");
        if (space.Realizations != 1) throw new UsageException("bifurcation is deterministic; drop --realizations.");
        if (maxPeaks < 1 || maxPeaks > 100_000) throw new UsageException($"--max-peaks must lie in [1, 100000], not {maxPeaks}.");
        new Observation(windowFraction).Validate();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int s = space.Model.Info.States.Count, p = space.Model.Info.Parameters.Count, rows = space.RowCount;
        var maxima = new double[(long)rows * maxPeaks];
        Array.Fill(maxima, double.NaN);
        var counts = new int[rows];
        var status = new byte[rows];
        int block = Slots8<double>.Count;
        for (int start = 0; start < rows; start += batchSize)
        {
            int m = Math.Min(batchSize, rows - start);
            var parameters = new double[(long)p * m];
            var initial = new double[(long)s * m];
            space.Fill(start, m, parameters, initial);
            var layout = new EnsembleLayout(m, p, s, settings.T0, settings.TEnd, start, settings.Seed);
            var outputs = new double[(long)(layout.FixedColumns + PeakObserver<Kernels.Numbers.F64, Kernels.States.Vec1<Kernels.Numbers.F64>>.ColumnCount) * m];
            for (int first = 0; first < maxPeaks; first += block)
            {
                if (first > 0 && !Enumerable.Range(start, m).Any(r => counts[r] > first)) break;
                backend.RunObserving(space.Model, settings, (number, stateType) => Activator.CreateInstance(typeof(PeakObserver<,>).MakeGenericType(number, stateType),
                    state, settings.T0, settings.TEnd, windowFraction, (long)first)!, layout, parameters, initial, outputs);
                int observer = layout.FixedColumns;
                for (int i = 0; i < m; i++)
                {
                    counts[start + i] = (int)Math.Min(int.MaxValue, outputs[(long)(observer + block) * m + i]);
                    status[start + i] = (byte)outputs[(long)(s + 1) * m + i];
                    for (int j = 0; j < block && first + j < maxPeaks; j++)
                        maxima[(long)(start + i) * maxPeaks + first + j] = outputs[(long)(observer + j) * m + i];
                }
            }
            progress?.Report(start + m);
        }
        return new OrbitDiagramResult(rows, maxPeaks, maxima, counts, status, clock.Elapsed.TotalSeconds);
    }
}
