using ClusterGpu.Backends;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Tests.Sweeps;

/// <summary>Streaming window observables against the analytic facts of MODELS.md.</summary>
public sealed class ObservableTests
{
    private static SweepResult RunPoint(string model, string[] set, double tEnd, string backend = "cpu", double window = 0.5)
    {
        var handle = ModelRegistry.Find(model);
        var first = handle.Info.Parameters[0];
        var rest = ParameterSpace.ParseSet(set.Where(s => !s.StartsWith(first.Name + "=", StringComparison.Ordinal)), handle);
        string axisValue = set.FirstOrDefault(s => s.StartsWith(first.Name + "=", StringComparison.Ordinal))?.Split('=')[1]
            ?? first.Default.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var space = ParameterSpace.Grid(handle, [GridAxis.Parse($"{first.Name}={axisValue}:{axisValue}:1", handle.Info)], rest, InitialConditions.Default(handle.Info));
        using var engine = BackendFactory.Create(backend);
        return new SweepRunner(engine).Run(space, new IntegrationSettings { TEnd = tEnd, RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12 },
            new Observation(window), new RegimeRules());
    }

    private static double Value(SweepResult r, string name) => Convert.ToDouble(r[name].Values.GetValue(0));

    [Theory]
    [InlineData("cpu")]
    [InlineData("ilgpu-cpu")]
    public void InnovationCluster_CyclePreset_PeriodAndCycleAverages(string backend)
    {
        // A window of ~900 periods: a time average over a non-integer number of periods is biased by
        // about amplitude × period / window, here < 1e-3.
        var r = RunPoint("innovation-cluster", ["kappa=3", "eta=8", "e0=1.5"], 5000, backend, window: 0.9);
        Assert.Equal((byte)Regime.Oscillatory, r.Regimes[0]);
        Assert.Equal(4.92965179, Value(r, "period"), 2e-3);
        // Time averages on the limit cycle equal the unstable fixed point: <y> = c = 7/19, <s> = S* = 50/19, <x^2> = x*^2.
        Assert.Equal(7.0 / 19, Value(r, "mean_y"), 2e-3);
        Assert.Equal(50.0 / 19, Value(r, "entropy"), 2e-3);
        Assert.Equal(0.6069770 * 0.6069770, Math.Pow(Value(r, "order"), 2) * 3, 2e-3); // x_ref^2 = kappa = 3
    }

    [Fact]
    public void InnovationCluster_OrderedPreset_OrderEntropyIdentityAndNegentropyBalance()
    {
        var r = RunPoint("innovation-cluster", ["e0=2"], 400);
        Assert.Equal((byte)Regime.Ordered, r.Regimes[0]);
        Assert.Equal(Math.Sqrt(0.4), Value(r, "order"), 1e-6);           // x* = sqrt(0.4), x_ref = 1
        Assert.Equal(0.6, Value(r, "entropy"), 1e-6);                     // S* = 0.6
        Assert.Equal(Math.Pow(Value(r, "order"), 2), Value(r, "entropy_margin"), 1e-6); // (x*/x_ref)^2 = 1 - gamma S*/kappa
        Assert.Equal(1.0, Value(r, "negentropy_ratio"), 1e-6);            // d_eS balances d_iS at a fixed point
        Assert.True(Value(r, "residual") < 1e-8);
        Assert.True(double.IsNaN(Value(r, "period")) || Value(r, "amplitude_y") < 1e-6);
        Assert.True(Value(r, "std_x") < 1e-6);
    }

    [Fact]
    public void Brusselator_LimitCycle_PeriodAndMeanX()
    {
        var r = RunPoint("brusselator", ["a=1", "b=3"], 5000, window: 0.9);
        Assert.Equal((byte)Regime.Oscillatory, r.Regimes[0]);
        Assert.Equal(7.15691, Value(r, "period"), 2e-3);
        Assert.Equal(1.0, Value(r, "mean_x"), 1e-3); // <x> = a on the cycle
    }

    [Fact]
    public void StuartLandau_Cycle_RadiusFromMinMax()
    {
        var r = RunPoint("stuart-landau", ["mu=2.25", "omega=1"], 200);
        Assert.Equal((byte)Regime.Oscillatory, r.Regimes[0]);
        Assert.Equal(1.5, Value(r, "max_x"), 1e-4);   // radius sqrt(mu)
        Assert.Equal(-1.5, Value(r, "min_x"), 1e-4);
        Assert.Equal(1.5 / Math.Sqrt(2), Value(r, "std_x"), 1e-3); // x = r cos(wt): std = r / sqrt 2
        Assert.Equal(2 * Math.PI, Value(r, "period"), 1e-3);
    }
}
