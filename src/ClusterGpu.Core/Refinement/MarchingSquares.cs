namespace ClusterGpu.Refinement;

/// <summary>
/// A boundary between two categories of a phase diagram, as a polyline in fractional fine-grid indices (i along the
/// first axis, j along the second); <see cref="Low"/> &lt; <see cref="High"/> are the category codes on its two sides.
/// </summary>
public sealed record TracedBoundary(int Low, int High, IReadOnlyList<(double I, double J)> Points);

/// <summary>
/// Marching squares on a categorical grid: every grid edge whose two ends differ is crossed at its midpoint; within a cell,
/// two crossings are joined by a segment, four crossings between two categories (a saddle) are joined in pairs around the
/// corners of the larger code, and three or more categories meet at the cell centre. Segments are chained into polylines
/// per pair of categories.
/// </summary>
public static class MarchingSquares
{
    /// <summary>The boundaries of <paramref name="codes"/> (row-major, <paramref name="countX"/> × <paramref name="countY"/>, first index slowest).</summary>
    public static IReadOnlyList<TracedBoundary> Trace(int[] codes, int countX, int countY)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(codes.Length, countX * countY);
        var segments = new Dictionary<(int Low, int High), List<((int, int) A, (int, int) B)>>();
        void Add(int p, int q, (int, int) a, (int, int) b)
        {
            var key = (Math.Min(p, q), Math.Max(p, q));
            if (!segments.TryGetValue(key, out var list)) segments[key] = list = [];
            list.Add((a, b));
        }
        Span<int> corner = stackalloc int[4];
        Span<int> crossing = stackalloc int[4];
        for (int i = 0; i < countX - 1; i++)
            for (int j = 0; j < countY - 1; j++)
            {
                // Corners in cyclic order (i,j), (i+1,j), (i+1,j+1), (i,j+1); edge m joins corner m and m+1; points in half-indices.
                corner[0] = codes[i * countY + j];
                corner[1] = codes[(i + 1) * countY + j];
                corner[2] = codes[(i + 1) * countY + j + 1];
                corner[3] = codes[i * countY + j + 1];
                int n = 0;
                for (int m = 0; m < 4; m++)
                    if (corner[m] != corner[(m + 1) & 3]) crossing[n++] = m;
                if (n == 0) continue;
                (int, int) Mid(int m) => m switch
                {
                    0 => (2 * i + 1, 2 * j),
                    1 => (2 * i + 2, 2 * j + 1),
                    2 => (2 * i + 1, 2 * j + 2),
                    _ => (2 * i, 2 * j + 1),
                };
                if (n == 2)
                    Add(corner[crossing[0]], corner[(crossing[0] + 1) & 3], Mid(crossing[0]), Mid(crossing[1]));
                else if (n == 4 && corner[0] == corner[2] && corner[1] == corner[3])
                {
                    int first = corner[1] > corner[0] ? 0 : 3; // isolate the corners of the larger code
                    Add(corner[0], corner[1], Mid(first), Mid((first + 1) & 3));
                    Add(corner[0], corner[1], Mid((first + 2) & 3), Mid((first + 3) & 3));
                }
                else
                    for (int c = 0; c < n; c++)
                        Add(corner[crossing[c]], corner[(crossing[c] + 1) & 3], Mid(crossing[c]), (2 * i + 1, 2 * j + 1));
            }
        var boundaries = new List<TracedBoundary>();
        foreach (var ((low, high), list) in segments.OrderBy(s => s.Key))
            foreach (var chain in Chain(list))
                boundaries.Add(new TracedBoundary(low, high, chain.Select(p => (p.Item1 / 2.0, p.Item2 / 2.0)).ToArray()));
        return boundaries;
    }

    /// <summary>Joins segments that share ends into polylines: open chains from their ends first, then closed loops.</summary>
    private static List<List<(int, int)>> Chain(List<((int, int) A, (int, int) B)> segments)
    {
        var ends = new Dictionary<(int, int), List<int>>();
        for (int s = 0; s < segments.Count; s++)
            foreach (var end in new[] { segments[s].A, segments[s].B })
            {
                if (!ends.TryGetValue(end, out var list)) ends[end] = list = [];
                list.Add(s);
            }
        var used = new bool[segments.Count];
        var chains = new List<List<(int, int)>>();
        var starts = ends.Where(e => e.Value.Count == 1).Select(e => e.Key).Concat(segments.Select(s => s.A)).ToList();
        foreach (var start in starts)
        {
            var chain = new List<(int, int)> { start };
            var at = start;
            while (ends[at].FirstOrDefault(s => !used[s], -1) is >= 0 and var s)
            {
                used[s] = true;
                at = segments[s].A == at ? segments[s].B : segments[s].A;
                chain.Add(at);
            }
            if (chain.Count > 1) chains.Add(chain);
        }
        return chains;
    }
}
