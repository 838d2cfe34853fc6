using ClusterGpu.Sweeps;

namespace ClusterGpu.Refinement;

/// <summary>
/// Whether the four corners of a cell disagree, by the criteria of <see cref="RefinementSettings"/>: a regime (of any initial
/// condition), the multistability flag, or an observable spreading over more than the threshold × its range on the base grid
/// (a NaN beside a number counts as a jump).
/// </summary>
internal sealed class CellCriteria
{
    private readonly RefinedGrid grid;
    private readonly bool regime, multistable;
    private readonly (string Name, double Jump)[] observables;
    private readonly int ics;

    public CellCriteria(RefinedGrid grid, RefinementSettings settings)
    {
        this.grid = grid;
        ics = grid.BaseSpace.InitialConditions.Count;
        regime = settings.Criteria.Contains("regime");
        multistable = settings.Criteria.Contains("multistable") && ics > 1;
        observables = settings.Observables.Select(name =>
        {
            var finite = grid.BaseValues(name).Where(double.IsFinite).ToArray();
            return (name, finite.Length == 0 ? double.PositiveInfinity : settings.Threshold * (finite.Max() - finite.Min()));
        }).ToArray();
    }

    /// <summary>True when integrated corners <paramref name="a"/> to <paramref name="d"/> disagree.</summary>
    public bool Differ(int a, int b, int c, int d)
    {
        if (multistable && !Same(grid.Multistable(a), grid.Multistable(b), grid.Multistable(c), grid.Multistable(d))) return true;
        for (int ic = 0; ic < ics; ic++)
        {
            if (regime && !Same(grid.Regime(a, ic), grid.Regime(b, ic), grid.Regime(c, ic), grid.Regime(d, ic))) return true;
            foreach (var (name, jump) in observables)
            {
                double va = grid.Value(name, a, ic), vb = grid.Value(name, b, ic), vc = grid.Value(name, c, ic), vd = grid.Value(name, d, ic);
                int defined = (double.IsNaN(va) ? 0 : 1) + (double.IsNaN(vb) ? 0 : 1) + (double.IsNaN(vc) ? 0 : 1) + (double.IsNaN(vd) ? 0 : 1);
                if (defined is > 0 and < 4) return true;
                if (defined == 4 && Math.Max(Math.Max(va, vb), Math.Max(vc, vd)) - Math.Min(Math.Min(va, vb), Math.Min(vc, vd)) > jump) return true;
            }
        }
        return false;
    }

    private static bool Same(byte a, byte b, byte c, byte d) => a == b && a == c && a == d;
}
