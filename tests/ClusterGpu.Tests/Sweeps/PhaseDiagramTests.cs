using ClusterGpu.Backends;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using ClusterGpu.Sweeps;
using Xunit.Abstractions;

namespace ClusterGpu.Tests.Sweeps;

/// <summary>End-to-end phase diagrams against the closed-form boundaries of MODELS.md.</summary>
public sealed class PhaseDiagramTests(ITestOutputHelper output)
{
    private static SweepResult Run(string model, string[] grid, string[] set, double tEnd, InitialConditions? ics = null, RegimeRules? rules = null)
    {
        var handle = ModelRegistry.Find(model);
        var space = ParameterSpace.Grid(handle, grid.Select(g => GridAxis.Parse(g, handle.Info)).ToArray(),
            ParameterSpace.ParseSet(set, handle), ics ?? InitialConditions.Default(handle.Info));
        using var backend = BackendFactory.Create("cpu");
        return new SweepRunner(backend).Run(space, new IntegrationSettings { TEnd = tEnd, RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10 },
            new Observation(0.5), rules ?? new RegimeRules());
    }

    private void AssertCells(SweepResult result, Func<double, double, Regime?> predicted, int minimumJudged)
    {
        var xs = result.Space.AxisValues(0);
        var ys = result.Space.AxisValues(1);
        int judged = 0;
        var wrong = new List<string>();
        for (int i = 0; i < xs.Length; i++)
            for (int j = 0; j < ys.Length; j++)
            {
                if (predicted(xs[i], ys[j]) is not { } expected) continue;
                judged++;
                var actual = (Regime)result.Regimes[i * ys.Length + j];
                if (actual != expected) wrong.Add($"({xs[i]:G4}, {ys[j]:G4}): {actual}, expected {expected}");
            }
        output.WriteLine($"{judged} cells judged, {wrong.Count} wrong");
        Assert.True(wrong.Count == 0, string.Join("; ", wrong));
        Assert.True(judged >= minimumJudged, $"only {judged} cells judged");
    }

    [Fact]
    public void Brusselator_Regimes_FollowHopfLine_BEquals1PlusASquared()
    {
        var result = Run("brusselator", ["a=0.5:2:12", "b=0.5:6:12"], [], 400);
        AssertCells(result, (a, b) =>
        {
            double distance = b - (1 + a * a);
            return Math.Abs(distance) < 0.3 ? null : distance > 0 ? Regime.Oscillatory : Regime.Stationary;
        }, 100);
    }

    /// <summary>Plane A: disordered for e0 &lt; 1/3, oscillatory above the Hopf curve η_H(e0), ordered elsewhere.</summary>
    [Theory]
    [InlineData(2000.0)]
    [InlineData(400.0)]
    public void InnovationCluster_PlaneA_BoundariesAtThresholdAndHopfCurve(double tEnd)
    {
        var result = Run("innovation-cluster", ["e0=0.1:5:16", "eta=0.5:12:16"], ["kappa=3"], tEnd);
        double P(string name) => name switch { "kappa" => 3.0, _ => InnovationCluster<F64>.Info.Parameters.First(p => p.Name == name).Default };
        AssertCells(result, (e0, eta) =>
        {
            if (Math.Abs(e0 - 1.0 / 3) < 0.05) return null;
            if (e0 < 1.0 / 3) return Regime.Disordered;
            double etaH = InnovationCluster<F64>.HopfEta(P, e0);
            if (double.IsNaN(etaH)) return Regime.Ordered;
            if (Math.Abs(eta - etaH) < 0.05 * etaH) return null;
            return eta > etaH ? Regime.Oscillatory : Regime.Ordered;
        }, 200);
    }

    /// <summary>Plane B with two initial conditions: the bistable wedge between the spinodal and e0 = 1.</summary>
    [Fact]
    public void InnovationCluster_PlaneB_BistableWedgeBetweenSpinodalAndThreshold()
    {
        var model = ModelRegistry.Find("innovation-cluster").Info;
        var ics = InitialConditions.Parse(["x=0.005,1", "y=0,1", "s=1,0", "e=1,4"], grid: false, model);
        var result = Run("innovation-cluster", ["e0=0.3:1.5:13", "chi=0:6:13"], [], 2000, ics);
        Assert.NotNull(result.Multistable);
        double P(string name) => model.Parameters.First(p => p.Name == name).Default;
        var es = result.Space.AxisValues(0);
        var chis = result.Space.AxisValues(1);
        int judged = 0, bistable = 0;
        var wrong = new List<string>();
        for (int i = 0; i < es.Length; i++)
            for (int j = 0; j < chis.Length; j++)
            {
                double e0 = es[i], chi = chis[j];
                double spinodal = InnovationCluster<F64>.Spinodal(P, chi);
                bool nearBoundary = Math.Abs(e0 - 1) < 0.06 || Math.Abs(chi - 1.5) < 0.06 || (double.IsFinite(spinodal) && Math.Abs(e0 - spinodal) < 0.06);
                if (nearBoundary) continue;
                bool expectBistable = e0 < 1 && double.IsFinite(spinodal) && e0 > spinodal;
                var low = (Regime)result.Regimes[(i * chis.Length + j) * 2];
                var high = (Regime)result.Regimes[(i * chis.Length + j) * 2 + 1];
                var expectedLow = e0 < 1 ? Regime.Disordered : Regime.Ordered;
                var expectedHigh = e0 > 1 || expectBistable ? Regime.Ordered : Regime.Disordered;
                judged++;
                if (expectBistable) bistable++;
                if (low != expectedLow || high != expectedHigh || (result.Multistable![i * chis.Length + j] == 1) != expectBistable)
                    wrong.Add($"(e0 {e0:G3}, chi {chi:G3}): {low}/{high}, expected {expectedLow}/{expectedHigh}");
            }
        output.WriteLine($"{judged} cells judged ({bistable} bistable), {wrong.Count} wrong");
        Assert.True(wrong.Count == 0, string.Join("; ", wrong));
        Assert.True(judged >= 100 && bistable >= 5, $"judged {judged}, bistable {bistable}");
    }
}
