using ClusterGpu.Backends;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Tests.Lyapunov;

/// <summary>The largest Lyapunov exponent (tangent dynamics, dual-number Jacobian) against known values and the chaotic regime.</summary>
public sealed class LyapunovTests
{
    private static readonly IntegrationSettings Settings = new() { TEnd = 1000, RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10 };
    private static readonly Observation WithLyapunov = new(0.9, Lyapunov: true);

    /// <summary>The exponent of one trajectory of <paramref name="model"/> at its defaults with <paramref name="vary"/> applied.</summary>
    private static double Exponent(string model, string backend, Action<double[]>? vary = null)
    {
        var handle = ModelRegistry.Find(model);
        var problem = EnsembleProblem.FromDefaults(handle, 1, (_, p, _) => vary?.Invoke(p));
        using var engine = BackendFactory.Create(backend);
        var result = new EnsembleSolver(engine).Solve(problem, Settings, WithLyapunov);
        Assert.Equal(ClusterGpu.Kernels.Solvers.TrajectoryStatus.Success, result.Status(0));
        return result.ObserverColumn(0, Observation.Columns(WithLyapunov, handle.Info.States.Count) - 1);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("ilgpu-cpu")]
    public void Lorenz_Classic_LargestExponent(string backend)
    {
        double lle = Exponent("lorenz", backend);
        Console.WriteLine($"lorenz rho=28 lle ({backend}) = {lle:F4}");
        Assert.Equal(0.906, lle, 0.03);
    }

    [Fact]
    public void Lorenz_StableFocus_LeadingEigenvalueRealPart()
    {
        // rho = 10: C± are stable foci; lambda^3 + (sigma+beta+1) lambda^2 + beta(sigma+rho) lambda + 2 beta sigma (rho-1) = 0
        // has roots -12.4757 and -0.5955 ± i w, so the largest exponent is -0.5955.
        double lle = Exponent("lorenz", "cpu", p => p[1] = 10);
        Console.WriteLine($"lorenz rho=10 lle = {lle:F4}");
        Assert.Equal(-0.5955, lle, 0.01);
    }

    [Fact]
    public void StuartLandau_LimitCycle_ZeroExponent()
    {
        double lle = Exponent("stuart-landau", "cpu");
        Console.WriteLine($"stuart-landau mu=1 lle = {lle:E3}");
        Assert.Equal(0, lle, 0.005);
    }

    [Theory]
    [InlineData(28, Regime.Chaotic)]
    [InlineData(10, Regime.Stationary)]
    public void Lorenz_Regime_ChaoticOnlyAboveTheHopf(double rho, Regime expected)
    {
        var handle = ModelRegistry.Find("lorenz");
        var space = ParameterSpace.Grid(handle, [GridAxis.Parse($"rho={rho}:{rho}:1", handle.Info)], new Dictionary<string, double>(), InitialConditions.Default(handle.Info));
        using var engine = BackendFactory.Create("cpu");
        var result = new SweepRunner(engine).Run(space, Settings, WithLyapunov, new RegimeRules());
        Assert.Equal((byte)expected, result.Regimes[0]);
        Assert.Contains("lle", SweepRunner.VariableNames(handle.Info, lyapunov: true));
        Assert.DoesNotContain("lle", SweepRunner.VariableNames(handle.Info));
        Assert.Equal("chaotic", RegimeRules.Names[(int)Regime.Chaotic]);
    }
}
