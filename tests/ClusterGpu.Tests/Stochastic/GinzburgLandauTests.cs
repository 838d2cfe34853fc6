using System.Diagnostics;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using Xunit.Abstractions;
using static ClusterGpu.Tests.Analysis.AnalysisSupport;
using static ClusterGpu.Tests.Stochastic.EulerMaruyamaTests;

namespace ClusterGpu.Tests.Stochastic;

/// <summary>
/// <c>ginzburg-landau</c> dq = (h + εq − gq³) dt + σ dW at its defaults (h 0, ε 1, g 1, σ 0.5) against oracles that share
/// no code with the solver: the stationary density p ∝ exp(−2V/σ²), V = −hq − εq²/2 + gq⁴/4 (⟨q²⟩, Binder cumulant
/// U4 = 1 − ⟨q⁴⟩/(3⟨q²⟩²)), and the exact mean first passage time from −1 to +1,
/// T = (2/σ²) ∫_{−1}^{1} dy e^{2V(y)/σ²} ∫_{−∞}^{y} e^{−2V(z)/σ²} dz. Each oracle is checked twice: the value of
/// MODELS.md and a quadrature here.
/// </summary>
public sealed class GinzburgLandauTests(ITestOutputHelper output)
{
    private const double Sigma = 0.5;
    private static readonly double[] Defaults = [0, 1, 1, Sigma];

    /// <summary>V(q) = −q²/2 + q⁴/4 (h = 0, ε = g = 1).</summary>
    private static double Potential(double q) => -q * q / 2 + q * q * q * q / 4;

    /// <summary>exp(−2V/σ²), the unnormalised stationary density.</summary>
    private static double Density(double q) => Math.Exp(-2 * Potential(q) / (Sigma * Sigma));

    /// <summary>Composite Simpson rule with <paramref name="intervals"/> (even) intervals on [a, b].</summary>
    private static double Simpson(Func<double, double> f, double a, double b, int intervals)
    {
        double h = (b - a) / intervals, sum = f(a) + f(b);
        for (int i = 1; i < intervals; i++) sum += (i % 2 == 1 ? 4 : 2) * f(a + i * h);
        return sum * h / 3;
    }

    /// <summary>Stationary ⟨q^<paramref name="power"/>⟩ by quadrature over [−4, 4] (the density there is below e^{−70} of its peak at the ends).</summary>
    private static double StationaryMoment(int power) =>
        Simpson(q => Math.Pow(q, power) * Density(q), -4, 4, 8000) / Simpson(Density, -4, 4, 8000);

    [Fact]
    public void Quadratures_ReproduceTheValuesOfModelsMd()
    {
        double m2 = StationaryMoment(2), u4 = 1 - StationaryMoment(4) / (3 * m2 * m2), mfpt = MeanFirstPassageQuadrature();
        output.WriteLine($"<q^2> = {m2:F7} (MODELS.md 0.852136), U4 = {u4:F7} (0.551445), MFPT = {mfpt:F5} (41.0343)");
        Assert.Equal(0.852136, m2, 6);
        Assert.Equal(0.551445, u4, 6);
        Assert.Equal(41.0343, mfpt, 4);
    }

    /// <summary>
    /// T(−1 → <paramref name="level"/>) = (2/σ²) ∫_{−1}^{level} dy e^{2V(y)/σ²} ∫_{−4}^{y} e^{−2V(z)/σ²} dz (below −4 the inner
    /// integrand is under e^{−110} of its peak): trapezoids on one grid of step ≈ 2e-5 through −1 and the level, the inner
    /// one cumulative (relative error about 1e-10).
    /// </summary>
    private static double MeanFirstPassageQuadrature(double level = 1)
    {
        int outerNodes = (int)Math.Round((level + 1) / 2e-5);
        double h = (level + 1) / outerNodes;
        int innerNodes = (int)Math.Round(3 / h);
        double a = -1 - innerNodes * h;
        double inner = 0, outer = 0, previousDensity = Density(a), previousIntegrand = 0;
        for (int i = 1; i <= innerNodes + outerNodes; i++)
        {
            double y = a + i * h, density = Density(y);
            inner += h * (previousDensity + density) / 2;
            double integrand = inner / density;
            if (i > innerNodes) outer += h * (previousIntegrand + integrand) / 2;
            (previousDensity, previousIntegrand) = (density, integrand);
        }
        return 2 / (Sigma * Sigma) * outer;
    }

    [Fact]
    public void StationaryMoments_FromZero_MatchTheDensity()
    {
        // From q = 0 the law stays symmetric, so both wells hold half the paths at all times. Its even part still relaxes:
        // measured at dt 0.02, <q²> is 0.0034 (6 s.e., 8e5 paths) short at t = 6 and +0.0003 ± 0.0007 off at t = 12 (5e5 paths).
        // Stochastic Heun's stationary bias at t = 12 (8e5 paths): <q²> −0.0014 ± 0.0006 at dt 0.1, −0.0006 ± 0.0006 at
        // dt 0.05; U4 +0.0018 and +0.0003 (± 0.0002). Allowed below as linear in dt from dt 0.1 (at most weak order 1).
        const int count = 80_000;
        const double tEnd = 12, dt = 0.02, biasM2 = 0.014 * dt, biasU4 = 0.018 * dt;
        var clock = Stopwatch.StartNew();
        var q = FinalStates("ginzburg-landau", new IntegrationSettings { Method = MethodKind.StochasticHeun, TEnd = tEnd, Dt = dt, Seed = 11 }, Defaults, [0], count);
        double seconds = clock.Elapsed.TotalSeconds;
        double m2 = 0, m4 = 0, m6 = 0, m8 = 0;
        foreach (double v in q)
        {
            double v2 = v * v;
            m2 += v2; m4 += v2 * v2; m6 += v2 * v2 * v2; m8 += v2 * v2 * v2 * v2;
        }
        (m2, m4, m6, m8) = (m2 / count, m4 / count, m6 / count, m8 / count);
        double u4 = 1 - m4 / (3 * m2 * m2);
        // Standard errors: ⟨q²⟩ directly; U4 by the delta method on (⟨q²⟩, ⟨q⁴⟩) with their sample covariance.
        double var2 = m4 - m2 * m2, var4 = m8 - m4 * m4, cov = m6 - m2 * m4;
        double d2 = 2 * m4 / (3 * m2 * m2 * m2), d4 = -1 / (3 * m2 * m2);
        double se2 = Math.Sqrt(var2 / count), seU4 = Math.Sqrt((d2 * d2 * var2 + 2 * d2 * d4 * cov + d4 * d4 * var4) / count);
        double exactM2 = StationaryMoment(2), exactU4 = 1 - StationaryMoment(4) / (3 * exactM2 * exactM2);
        output.WriteLine($"{count} paths, dt {dt}, t {tEnd}: {seconds:F2} s");
        output.WriteLine($"<q^2> = {m2:F5} (density {exactM2:F6}, s.e. {se2:E2}, off by {(m2 - exactM2) / se2:F2} s.e.)");
        output.WriteLine($"U4 = {u4:F5} (density {exactU4:F6}, s.e. {seU4:E2}, off by {(u4 - exactU4) / seU4:F2} s.e.)");
        Assert.InRange(m2, exactM2 - 4 * se2 - biasM2, exactM2 + 4 * se2 + biasM2);
        Assert.InRange(u4, exactU4 - 4 * seU4 - biasU4, exactU4 + 4 * seU4 + biasU4);
    }

    [Fact]
    public void MeanFirstPassageTime_FromMinusOneToPlusOne_MatchesTheExactIntegral()
    {
        // t_end 250 leaves about e^{−250/41} = 0.2 % of the paths in the left well. Measured with 10^4 paths (seed 5): 41.499 at
        // dt 0.04, 41.703 at dt 0.02 (s.e. 0.37), −0.23 and +0.75 s.e. off the monitoring-shifted oracle below.
        const int count = 10_000;
        const double tEnd = 250, dt = 0.04;
        var model = ModelRegistry.Find("ginzburg-landau");
        var problem = EnsembleProblem.FromDefaults(model, count, (i, p, y) => { Defaults.CopyTo(p, 0); y[0] = -1; });
        var observation = new Observation(FirstPassage: new FirstPassageLevel(0, 1));
        var clock = Stopwatch.StartNew();
        var result = Solve("cpu", problem, new IntegrationSettings { Method = MethodKind.StochasticHeun, TEnd = tEnd, Dt = dt, Seed = 3 }, observation);
        double seconds = clock.Elapsed.TotalSeconds;
        int column = Observation.FirstPassageColumn(1);
        var times = Enumerable.Range(0, count).Select(i => result.ObserverColumn(i, column)).ToArray();
        int never = times.Count(double.IsNaN);
        // Paths still in the left well at t_end are censored; the escape from the well's quasi-stationary state is
        // exponential, so the maximum-likelihood mean is Σ min(τ_i, t_end) / (number passed).
        double mean = times.Sum(t => double.IsNaN(t) ? tEnd : t) / (count - never);
        var passed = times.Where(double.IsFinite).ToArray();
        double sd = Math.Sqrt(passed.Sum(t => (t - mean) * (t - mean)) / (passed.Length - 1)), se = sd / Math.Sqrt(passed.Length);
        // Discrete monitoring sees the level late: for a diffusion it acts as the level shifted by β σ √dt,
        // β = −ζ(1/2)/√(2π) = 0.5826 (Broadie, Glasserman & Kou 1997), a bias of T(−1 → 1 + βσ√dt) − T(−1 → 1) > 0.
        const double exact = 41.0343, beta = 0.5825971579;
        double shifted = MeanFirstPassageQuadrature(1 + beta * Sigma * Math.Sqrt(dt)), bias = shifted - MeanFirstPassageQuadrature();
        output.WriteLine($"{count} paths, dt {dt}, t_end {tEnd}: {seconds:F2} s; never passed: {never}");
        output.WriteLine($"MFPT = {mean:F4} (exact {exact}, quadrature {MeanFirstPassageQuadrature():F5}, with the monitoring shift {shifted:F4}); "
            + $"s.d. {sd:F3}, s.e. {se:F3}; off the exact value by {(mean - exact) / se:F2} s.e., off the shifted one by {(mean - shifted) / se:F2} s.e.");
        Assert.True(never <= count / 100, $"{never} of {count} paths never passed: t_end too short");
        Assert.InRange(mean, exact - 4 * se, exact + bias + 4 * se);
    }
}
