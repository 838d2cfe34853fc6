using ClusterGpu.Plots;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Refinement;

/// <summary>
/// How far one analytic boundary lies from the extracted ones, in fine cells: over points every quarter cell along the
/// closed-form curve, the distance to the nearest extracted boundary segment (median, 95th percentile, maximum);
/// <see cref="double.PositiveInfinity"/> where none lies within <see cref="BoundaryComparison.SearchRadius"/> cells.
/// </summary>
public sealed record BoundaryDistance(string Label, int Points, double Median, double Percentile95, double Max);

/// <summary>Compares a model's closed-form boundaries (<c>ModelInfo.Boundaries</c>) with the boundaries traced on a fine grid.</summary>
public static class BoundaryComparison
{
    /// <summary>Farthest distance searched, in fine cells.</summary>
    public const int SearchRadius = 64;

    /// <summary>The distance of each analytic boundary of the plane of <paramref name="fineSpace"/> to <paramref name="traced"/> (fine-index polylines).</summary>
    public static IReadOnlyList<BoundaryDistance> Compare(ParameterSpace fineSpace, IReadOnlyList<TracedBoundary> traced)
    {
        var (xAxis, yAxis) = (fineSpace.Axes[0], fineSpace.Axes[1]);
        var index = new SegmentIndex(traced);
        var distances = new List<BoundaryDistance>();
        foreach (var curve in PhaseMaps.AnalyticCurves(fineSpace))
        {
            var samples = new List<double>();
            var points = curve.Points.Select(p => (I: FineLattice.IndexOf(xAxis, xAxis.Count, p.X), J: FineLattice.IndexOf(yAxis, yAxis.Count, p.Y))).ToArray();
            for (int k = 0; k + 1 < points.Length; k++)
            {
                var (a, b) = (points[k], points[k + 1]);
                int steps = Math.Max(1, (int)Math.Ceiling(4 * Math.Max(Math.Abs(b.I - a.I), Math.Abs(b.J - a.J))));
                for (int t = k == 0 ? 0 : 1; t <= steps; t++)
                {
                    double f = (double)t / steps, i = a.I + f * (b.I - a.I), j = a.J + f * (b.J - a.J);
                    if (i >= 0 && i <= xAxis.Count - 1 && j >= 0 && j <= yAxis.Count - 1) samples.Add(index.Distance(i, j));
                }
            }
            if (samples.Count == 0) continue;
            samples.Sort();
            distances.Add(new BoundaryDistance(curve.Label, samples.Count, samples[samples.Count / 2], samples[(int)(0.95 * (samples.Count - 1))], samples[^1]));
        }
        return distances;
    }

    /// <summary>Segments bucketed by the fine cell of their midpoint, for nearest-segment queries.</summary>
    private sealed class SegmentIndex
    {
        private readonly Dictionary<(int, int), List<(double I0, double J0, double I1, double J1)>> buckets = [];

        public SegmentIndex(IReadOnlyList<TracedBoundary> traced)
        {
            foreach (var boundary in traced)
                for (int k = 0; k + 1 < boundary.Points.Count; k++)
                {
                    var (a, b) = (boundary.Points[k], boundary.Points[k + 1]);
                    var key = ((int)Math.Floor(0.5 * (a.I + b.I)), (int)Math.Floor(0.5 * (a.J + b.J)));
                    if (!buckets.TryGetValue(key, out var list)) buckets[key] = list = [];
                    list.Add((a.I, a.J, b.I, b.J));
                }
        }

        /// <summary>Distance from (i, j) to the nearest segment, searching squares of growing radius; infinity beyond the search radius.</summary>
        public double Distance(double i, double j)
        {
            int ci = (int)Math.Floor(i), cj = (int)Math.Floor(j);
            double best = double.PositiveInfinity;
            for (int r = 0; r <= SearchRadius; r++)
            {
                // Segments are shorter than one cell, so one in a bucket r rings away lies at least r - 1.5 cells away (its points are within half a cell of its midpoint).
                if (best <= r - 1.5) break;
                for (int u = ci - r; u <= ci + r; u++)
                    for (int v = cj - r; v <= cj + r; v++)
                    {
                        if (Math.Max(Math.Abs(u - ci), Math.Abs(v - cj)) != r || !buckets.TryGetValue((u, v), out var list)) continue;
                        foreach (var s in list) best = Math.Min(best, ToSegment(i, j, s));
                    }
            }
            return best;
        }

        private static double ToSegment(double i, double j, (double I0, double J0, double I1, double J1) s)
        {
            double di = s.I1 - s.I0, dj = s.J1 - s.J0;
            double t = Math.Clamp(((i - s.I0) * di + (j - s.J0) * dj) / (di * di + dj * dj), 0, 1);
            return Math.Sqrt(Math.Pow(i - s.I0 - t * di, 2) + Math.Pow(j - s.J0 - t * dj, 2));
        }
    }
}
