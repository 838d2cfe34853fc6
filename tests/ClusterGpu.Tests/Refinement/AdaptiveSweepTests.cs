using ClusterGpu.Backends;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Models;
using ClusterGpu.Refinement;
using ClusterGpu.Solving;
using ClusterGpu.Sweeps;
using Xunit.Abstractions;

namespace ClusterGpu.Tests.Refinement;

/// <summary>Adaptive phase diagrams of the flagship against the closed-form boundaries of MODELS.md.</summary>
public sealed class AdaptiveSweepTests(ITestOutputHelper output)
{
    private static readonly Lazy<RefinedGrid> PlaneA = new(() => Refine(["e0=0.1:5:9", "eta=0.5:12:9"], ["kappa=3"], 3, 400, null));

    private static RefinedGrid Refine(string[] grid, string[] set, int levels, double tEnd, InitialConditions? ics)
    {
        var model = ModelRegistry.Find("innovation-cluster");
        var space = ParameterSpace.Grid(model, grid.Select(g => GridAxis.Parse(g, model.Info)).ToArray(), ParameterSpace.ParseSet(set, model),
            ics ?? InitialConditions.Default(model.Info));
        var settings = new IntegrationSettings { TEnd = tEnd, RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10 };
        using var backend = BackendFactory.Create("cpu");
        return AdaptiveSweep.Run(space, new RefinementSettings(levels), new Observation(0.5),
            (_, points) => new SweepRunner(backend).Run(points, settings, new Observation(0.5), new RegimeRules()));
    }

    /// <summary>Plane A in closed form: disordered below e0 = 1/3, oscillatory above η_H(e0), ordered elsewhere.</summary>
    private static Regime PlaneARegime(double e0, double eta)
    {
        if (e0 < 1.0 / 3) return Regime.Disordered;
        double hopf = InnovationCluster<ClusterGpu.Kernels.Numbers.F64>.HopfEta(name => name switch { "kappa" => 3, "gamma" or "a" or "lambda" or "sigma0" => 1, _ => throw new ArgumentException(name) }, e0);
        return eta > hopf ? Regime.Oscillatory : Regime.Ordered;
    }

    /// <summary>True when the closed-form regime is the same on the whole square of half-width <paramref name="radius"/> fine cells around fine point (i, j).</summary>
    private static bool FarFromBoundary(RefinedGrid grid, int i, int j, int radius)
    {
        double[] xs = grid.FineSpace.AxisValues(0), ys = grid.FineSpace.AxisValues(1);
        var here = PlaneARegime(xs[i], ys[j]);
        for (int u = Math.Max(0, i - radius); u <= Math.Min(xs.Length - 1, i + radius); u++)
            for (int v = Math.Max(0, j - radius); v <= Math.Min(ys.Length - 1, j + radius); v++)
                if (PlaneARegime(xs[u], ys[v]) != here) return false;
        return true;
    }

    [Fact]
    public void PlaneA_TracedThreshold_LiesWithinTwoFineCellsOfGammaSigma0OverKappa()
    {
        var grid = PlaneA.Value;
        var traced = MarchingSquares.Trace(grid.Categories(), grid.Lattice.CountX, grid.Lattice.CountY);
        var distances = BoundaryComparison.Compare(grid.FineSpace, traced);
        foreach (var d in distances) output.WriteLine($"{d.Label}: median {d.Median:F2}, 95% {d.Percentile95:F2}, max {d.Max:F2}");
        var threshold = distances.Single(d => d.Label.StartsWith("ordering threshold", StringComparison.Ordinal));
        Assert.True(threshold.Max <= 2, $"threshold lies {threshold.Max:F2} fine cells from the traced boundary");
        Assert.True(threshold.Points > 100);
    }

    [Fact]
    public void PlaneA_FineCellsAwayFromTheClosedFormBoundaries_AgreeWithThem()
    {
        var grid = PlaneA.Value;
        var codes = grid.Categories();
        double[] xs = grid.FineSpace.AxisValues(0), ys = grid.FineSpace.AxisValues(1);
        int judged = 0, agree = 0;
        for (int i = 0; i < xs.Length; i++)
            for (int j = 0; j < ys.Length; j++)
            {
                if (!FarFromBoundary(grid, i, j, 2)) continue;
                judged++;
                if (codes[grid.Lattice.Index(i, j)] == (int)PlaneARegime(xs[i], ys[j])) agree++;
            }
        output.WriteLine($"{agree} of {judged} judged fine points agree; {grid.ComputedPoints} of {grid.Lattice.Count} integrated");
        Assert.True(judged > grid.Lattice.Count / 2);
        Assert.True(agree >= 0.98 * judged, $"{agree} of {judged} agree");
        Assert.True(grid.ComputedPoints < 0.5 * grid.Lattice.Count, $"{grid.ComputedPoints} of {grid.Lattice.Count} integrated");
    }

    [Fact]
    public void PlaneA_PointsFarFromEveryBoundary_AreNeverRefined()
    {
        var grid = PlaneA.Value;
        int baseCell = grid.Lattice.Spacing(0), guard = 1;
        // A refined cell disagrees or lies within the guard of one that does, so its points lie within (guard + 1) base cells of a boundary.
        int radius = (guard + 1) * baseCell + 1;
        int checkedPoints = 0;
        for (int i = 0; i < grid.Lattice.CountX; i++)
            for (int j = 0; j < grid.Lattice.CountY; j++)
            {
                if (!FarFromBoundary(grid, i, j, radius)) continue;
                checkedPoints++;
                int f = grid.Lattice.Index(i, j);
                Assert.False(grid.IsIntegrated(f) && grid.ResolvedLevel[f] > 0, $"fine point ({i}, {j}), far from every boundary, was refined at level {grid.ResolvedLevel[f]}");
            }
        Assert.True(checkedPoints > grid.Lattice.Count / 10, $"only {checkedPoints} points far from the boundaries");
    }

    [Fact]
    public void PlaneA_FilledPoints_CarryTheirNearestIntegratedCornersValues()
    {
        var grid = PlaneA.Value;
        var sink = new MemorySink();
        var variables = SweepRunner.Variables(grid.FineSpace, new Observation(0.5));
        var summary = grid.WriteTo(sink, variables, "cpu", "test");
        var order = (double[])sink.Result(summary)["order"].Values;
        int filled = 0;
        for (int f = 0; f < grid.Lattice.Count; f++)
        {
            int s = grid.Source(f);
            Assert.True(grid.IsIntegrated(s));
            Assert.Equal(order[s], order[f]);
            if (s == f) continue;
            filled++;
            int cy = grid.Lattice.CountY, spacing = grid.Lattice.Spacing(grid.ResolvedLevel[f]);
            Assert.True(Math.Abs(s / cy - f / cy) * 2 <= spacing && Math.Abs(s % cy - f % cy) * 2 <= spacing, $"point {f} takes {s}, farther than half a level-{grid.ResolvedLevel[f]} cell");
        }
        Assert.True(filled > 0);
    }

    [Fact]
    public void PlaneB_BistableWedge_IsFoundFromABaseGridWithAtMostTwoBistablePoints()
    {
        var model = ModelRegistry.Find("innovation-cluster");
        var ics = InitialConditions.Parse(["x=0.005,1", "y=0,1", "s=1,0", "e=1,4"], grid: false, model.Info);
        var grid = Refine(["e0=0.3:1.5:3", "chi=0:6:2"], [], 4, 2000, ics);
        int multistable = PlaneBCode();
        var codes = grid.Categories();
        int basePoints = 0, wedge = 0, judged = 0, agree = 0;
        double[] xs = grid.FineSpace.AxisValues(0), ys = grid.FineSpace.AxisValues(1);
        for (int i = 0; i < xs.Length; i++)
            for (int j = 0; j < ys.Length; j++)
            {
                bool bistable = codes[grid.Lattice.Index(i, j)] == multistable;
                if (i % grid.Lattice.Spacing(0) == 0 && j % grid.Lattice.Spacing(0) == 0 && bistable) basePoints++;
                if (bistable) wedge++;
                // MODELS.md plane B: bistable for E0_sn(chi) = 2 sqrt(1.5 chi) - chi - 0.5 < e0 < 1; judged 0.06 away from both.
                double spinodal = ys[j] > 1.5 ? 2 * Math.Sqrt(1.5 * ys[j]) - ys[j] - 0.5 : 1;
                if (Math.Abs(xs[i] - 1) < 0.06 || Math.Abs(xs[i] - spinodal) < 0.06 || Math.Abs(ys[j] - 1.5) < 0.3) continue;
                judged++;
                if (bistable == (xs[i] > spinodal && xs[i] < 1)) agree++;
            }
        output.WriteLine($"base bistable points {basePoints}; fine bistable {wedge}; {agree} of {judged} judged agree; {grid.ComputedPoints} of {grid.Lattice.Count} integrated");
        Assert.InRange(basePoints, 1, 2);
        Assert.True(agree >= 0.95 * judged, $"{agree} of {judged} agree");
        Assert.True(wedge > 10 * basePoints, $"only {wedge} bistable fine points");
    }

    private static int PlaneBCode() => ClusterGpu.Plots.PhaseMaps.Names.Length - 1;
}
