using ClusterGpu.Errors;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Refinement;

/// <summary>
/// Adaptive phase diagrams: integrate the base grid, then level by level integrate the midpoints (edge midpoints and centre)
/// of the cells whose corners disagree (<see cref="RefinementSettings"/>) and of the cells within the guard distance of
/// one, until the grid has (n − 1)·2^L + 1 points per axis. Every level is one ensemble, handed to the caller's
/// <c>integrate</c> (in memory, or durable per level); the points a level adds depend only on the results before it, so
/// the same results give the same levels. Cells whose corners agree keep the nearest corner's values inside.
/// </summary>
/// <remarks>
/// Refinement sees only what the corners of a cell see: a region that lies wholly inside one cell of a level (thinner
/// than that level's spacing, and not touching a cell that disagrees within the guard distance) is not found. The guard
/// (<c>--refine-guard k</c>) refines the k rings of cells around every disagreeing cell, so a narrow wedge that a coarse
/// cell straddles is followed as long as it shows at some corner within k cells.
/// </remarks>
public static class AdaptiveSweep
{
    /// <summary>
    /// Refines <paramref name="space"/> (a grid over exactly two axes) with <paramref name="settings"/>; <paramref name="integrate"/>
    /// runs one level's ensemble (level, its points as a <see cref="ParameterSpace"/>) and returns its results, observed with
    /// <paramref name="observation"/>.
    /// </summary>
    /// <exception cref="UsageException">The space is no two-axis grid, or the settings do not fit it.</exception>
    public static RefinedGrid Run(ParameterSpace space, RefinementSettings settings, Solving.Observation observation, Func<int, ParameterSpace, SweepResult> integrate)
    {
        if (space.IsSampled || space.Axes.Count != 2)
            throw new UsageException("--refine needs exactly two --grid axes (e.g. --grid e0=0.1:5:64 --grid eta=0.5:12:64).");
        settings.Validate(space.Axes[0].Count, space.Axes[1].Count, SweepRunner.AllVariables(space, observation).Select(v => v.Name).ToArray());
        var lattice = new FineLattice(space.Axes[0].Count, space.Axes[1].Count, settings.Levels);
        var grid = new RefinedGrid(space, lattice);
        int top = lattice.Spacing(0);
        var basePoints = new List<int>();
        for (int i = 0; i < lattice.CountX; i += top)
            for (int j = 0; j < lattice.CountY; j += top) basePoints.Add(lattice.Index(i, j));
        Integrate(grid, 0, basePoints, integrate);
        var criteria = new CellCriteria(grid, settings);
        var uniform = new List<bool[]>();
        for (int level = 0; level < settings.Levels; level++)
        {
            var (refine, decided) = Select(grid, criteria, level, settings.Guard);
            uniform.Add(decided.Select((d, c) => d && !refine[c]).ToArray());
            Integrate(grid, level + 1, Midpoints(grid, refine, level), integrate);
        }
        grid.Resolve(uniform);
        return grid;
    }

    /// <summary>
    /// The cells of <paramref name="level"/> to refine (those whose four corners are integrated and disagree, dilated by
    /// <paramref name="guard"/> cells) and the cells whose corners are all integrated (decided at this level).
    /// </summary>
    private static (bool[] Refine, bool[] Decided) Select(RefinedGrid grid, CellCriteria criteria, int level, int guard)
    {
        var lattice = grid.Lattice;
        int s = lattice.Spacing(level), cellsX = (lattice.CountX - 1) / s, cellsY = (lattice.CountY - 1) / s;
        var decided = new bool[cellsX * cellsY];
        var disagree = new bool[cellsX * cellsY];
        Parallel.For(0, cellsX, ci =>
        {
            for (int cj = 0; cj < cellsY; cj++)
            {
                int a = lattice.Index(ci * s, cj * s), b = lattice.Index(ci * s, cj * s + s), c = lattice.Index(ci * s + s, cj * s), d = lattice.Index(ci * s + s, cj * s + s);
                if (!(grid.IsIntegrated(a) && grid.IsIntegrated(b) && grid.IsIntegrated(c) && grid.IsIntegrated(d))) continue;
                decided[ci * cellsY + cj] = true;
                disagree[ci * cellsY + cj] = criteria.Differ(a, b, c, d);
            }
        });
        var refine = new bool[cellsX * cellsY];
        for (int ci = 0; ci < cellsX; ci++)
            for (int cj = 0; cj < cellsY; cj++)
            {
                if (!disagree[ci * cellsY + cj]) continue;
                for (int u = Math.Max(0, ci - guard); u <= Math.Min(cellsX - 1, ci + guard); u++)
                    for (int v = Math.Max(0, cj - guard); v <= Math.Min(cellsY - 1, cj + guard); v++) refine[u * cellsY + v] = true;
            }
        return (refine, decided);
    }

    /// <summary>The 3 × 3 points at half spacing of every refined cell of <paramref name="level"/> not yet integrated, in fine-index order.</summary>
    private static List<int> Midpoints(RefinedGrid grid, bool[] refine, int level)
    {
        var lattice = grid.Lattice;
        int s = lattice.Spacing(level), h = s / 2, cellsY = (lattice.CountY - 1) / s;
        var chosen = new HashSet<int>();
        for (int cell = 0; cell < refine.Length; cell++)
        {
            if (!refine[cell]) continue;
            int i0 = cell / cellsY * s, j0 = cell % cellsY * s;
            for (int i = i0; i <= i0 + s; i += h)
                for (int j = j0; j <= j0 + s; j += h)
                    if (lattice.Index(i, j) is var f && !grid.IsIntegrated(f)) chosen.Add(f);
        }
        var points = chosen.ToList();
        points.Sort();
        return points;
    }

    /// <summary>Runs one level's ensemble over fine points <paramref name="points"/> (none: nothing to run) and records it.</summary>
    private static void Integrate(RefinedGrid grid, int level, List<int> points, Func<int, ParameterSpace, SweepResult> integrate)
    {
        if (points.Count == 0) return;
        var space = grid.FineSpace;
        double[] xs = space.AxisValues(0), ys = space.AxisValues(1);
        var values = new double[points.Count * 2];
        for (int q = 0; q < points.Count; q++)
            (values[2 * q], values[2 * q + 1]) = (xs[points[q] / grid.Lattice.CountY], ys[points[q] % grid.Lattice.CountY]);
        var baseSpace = grid.BaseSpace;
        var levelSpace = ParameterSpace.Points(baseSpace.Model, [baseSpace.Axes[0].Parameter, baseSpace.Axes[1].Parameter], values,
            RefinedGrid.FixedSettings(baseSpace), baseSpace.Seed, baseSpace.InitialConditions, baseSpace.Realizations)
            .KeepingRealizations(baseSpace.KeptRealizationVariables);
        var result = integrate(level, levelSpace);
        grid.Add(level, points, result);
    }
}
