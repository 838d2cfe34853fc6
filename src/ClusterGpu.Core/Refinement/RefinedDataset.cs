using ClusterGpu.Plots;
using ClusterGpu.Storage;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Refinement;

/// <summary>
/// What a refined run's file holds besides a sweep's variables over the fine grid: <c>resolved_level</c> and
/// <c>integrated</c> per point, the attributes <c>refine_levels</c>, <c>computed_points</c>, <c>refine_guard</c>,
/// <c>refine_on</c>, <c>refine_threshold</c> and <c>points_per_level</c>, and the traced boundaries as data: over a
/// <c>boundary</c> dimension the categories on each side (<c>boundary_low</c>, <c>boundary_high</c>, codes of
/// <c>flag_meanings</c>) and the range of its vertices (<c>boundary_first_vertex</c>, <c>boundary_vertices</c>); over a
/// <c>boundary_vertex</c> dimension the vertices' parameter values (<c>boundary_&lt;x&gt;</c>, <c>boundary_&lt;y&gt;</c>)
/// and the polyline each belongs to (<c>boundary_index</c>).
/// </summary>
public static class RefinedDataset
{
    /// <summary>Adds the refinement's variables and attributes to <paramref name="data"/>, the schema of <paramref name="grid"/>'s fine space.</summary>
    public static void Extend(LabelledDataset data, RefinedGrid grid, RefinementSettings settings, IReadOnlyList<TracedBoundary> boundaries)
    {
        var (_, pointDims) = SweepDataset.Dimensions(grid.FineSpace);
        data.AddVariable("resolved_level", pointDims, grid.ResolvedLevel, Attributes(
            ("long_name", "refinement level at which the point's value was decided: integrated at that level, or inside a cell whose corners agreed there (the point then carries the nearest corner's values)")));
        var integrated = new byte[grid.Lattice.Count];
        for (int f = 0; f < integrated.Length; f++) integrated[f] = grid.IsIntegrated(f) ? (byte)1 : (byte)0;
        data.AddVariable("integrated", pointDims, integrated, SweepDataset.FlagAttributes("1 where the point was integrated, 0 where it carries the nearest integrated corner's values", ["filled", "integrated"]));
        data.SetAttribute("refine_levels", settings.Levels);
        data.SetAttribute("computed_points", grid.ComputedPoints);
        data.SetAttribute("refine_guard", settings.Guard);
        data.SetAttribute("refine_on", string.Join(",", settings.Criteria));
        data.SetAttribute("refine_threshold", settings.Threshold);
        data.SetAttribute("points_per_level", grid.PointsPerLevel.ToArray());
        if (boundaries.Count == 0) return;
        var curves = Curves(grid.FineSpace, boundaries);
        data.AddCoordinate("boundary", Enumerable.Range(0, boundaries.Count).Select(b => (double)b).ToArray(),
            Attributes(("long_name", "traced boundary (marching squares on the fine grid), one polyline each")));
        var meaning = SweepDataset.FlagAttributes("category on one side of the boundary", PhaseMaps.Names);
        data.AddVariable("boundary_low", ["boundary"], boundaries.Select(b => (byte)b.Low).ToArray(), meaning);
        data.AddVariable("boundary_high", ["boundary"], boundaries.Select(b => (byte)b.High).ToArray(), meaning);
        var first = new int[boundaries.Count];
        for (int b = 1; b < first.Length; b++) first[b] = first[b - 1] + boundaries[b - 1].Points.Count;
        data.AddVariable("boundary_first_vertex", ["boundary"], first, Attributes(("long_name", "index of the polyline's first vertex along boundary_vertex")));
        data.AddVariable("boundary_vertices", ["boundary"], boundaries.Select(b => b.Points.Count).ToArray(), Attributes(("long_name", "number of vertices of the polyline")));
        int total = boundaries.Sum(b => b.Points.Count);
        data.AddCoordinate("boundary_vertex", Enumerable.Range(0, total).Select(v => (double)v).ToArray(), Attributes(("long_name", "vertex of a traced boundary")));
        var (xAxis, yAxis) = (grid.FineSpace.Axes[0].Parameter, grid.FineSpace.Axes[1].Parameter);
        data.AddVariable($"boundary_{xAxis}", ["boundary_vertex"], curves.SelectMany(c => c.Points.Select(p => p.X)).ToArray(), Attributes(("long_name", $"{xAxis} of the vertex")));
        data.AddVariable($"boundary_{yAxis}", ["boundary_vertex"], curves.SelectMany(c => c.Points.Select(p => p.Y)).ToArray(), Attributes(("long_name", $"{yAxis} of the vertex")));
        data.AddVariable("boundary_index", ["boundary_vertex"], boundaries.SelectMany((b, n) => Enumerable.Repeat(n, b.Points.Count)).ToArray(),
            Attributes(("long_name", "the boundary (polyline) the vertex belongs to")));
    }

    /// <summary>The traced boundaries in parameter values (fine indices mapped along the axes of <paramref name="fineSpace"/>), labelled by their sides.</summary>
    public static IReadOnlyList<OverlayCurve> Curves(ParameterSpace fineSpace, IReadOnlyList<TracedBoundary> boundaries)
    {
        var (xAxis, yAxis) = (fineSpace.Axes[0], fineSpace.Axes[1]);
        return boundaries.Select(b => new OverlayCurve($"{PhaseMaps.Names[b.Low]} | {PhaseMaps.Names[b.High]}",
            b.Points.Select(p => (FineLattice.ValueAt(xAxis, xAxis.Count, p.I), FineLattice.ValueAt(yAxis, yAxis.Count, p.J))).ToArray())).ToArray();
    }

    private static Dictionary<string, object> Attributes(params (string Key, object Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
