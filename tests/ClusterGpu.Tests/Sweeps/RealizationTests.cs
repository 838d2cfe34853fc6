using ClusterGpu.Backends;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using ClusterGpu.Sweeps;
using Xunit.Abstractions;

namespace ClusterGpu.Tests.Sweeps;

/// <summary>
/// Sweeps with R noise realisations per row (mean, std, Binder cumulant, regime fractions) against closed forms: the stationary
/// Ornstein–Uhlenbeck law (mean, standard deviation, variance of a time average, Binder cumulant 0), the double-well
/// Binder cumulant of MODELS.md, and the innovation cluster just below and above its ordering threshold.
/// </summary>
public sealed class RealizationTests(ITestOutputHelper output)
{
    private static SweepResult Run(string model, string[] grid, IReadOnlyDictionary<string, double> set, string[] ics, int realizations,
        double tEnd, ulong seed = 5, int batchSize = 1 << 18, string backendName = "cpu", Observation? observation = null, double dt = 0.01)
    {
        var handle = ModelRegistry.Find(model);
        var space = ParameterSpace.Grid(handle, grid.Select(g => GridAxis.Parse(g, handle.Info)).ToArray(), set,
            InitialConditions.Parse(ics, false, handle.Info), realizations);
        var settings = new IntegrationSettings { Method = MethodKind.StochasticHeun, Dt = dt, TEnd = tEnd, Seed = seed };
        using var backend = BackendFactory.Create(backendName);
        return new SweepRunner(backend, batchSize).Run(space, settings, observation ?? new Observation(0.5), new RegimeRules(Noisy: true));
    }

    private static double[] Doubles(SweepResult result, string name) => (double[])result[name].Values;

    [Fact]
    public void OrnsteinUhlenbeck_RealisationStatistics_MatchTheStationaryLaw()
    {
        // ginzburg-landau with h = 0, ε = −1, g = 0: dq = −q dt + σ dW, stationary from q = 0 after a few time units.
        const int r = 2000;
        const double tEnd = 20, window = 10;
        var result = Run("ginzburg-landau", ["sigma=0.2:0.5:2"], new Dictionary<string, double> { ["h"] = 0, ["epsilon"] = -1, ["g"] = 0 }, ["q=0"], r, tEnd);
        var sigmas = result.Space.AxisValues(0);
        for (int i = 0; i < sigmas.Length; i++)
        {
            double sigma = sigmas[i], std = sigma / Math.Sqrt(2);
            // Var of the window average of a stationary OU process (θ = 1): (2v/T²)(T − 1 + e^−T), v = σ²/2.
            double averageStd = Math.Sqrt(2 * std * std / (window * window) * (window - 1 + Math.Exp(-window)));
            double finalMean = Doubles(result, "final_q")[i], finalStd = Doubles(result, "final_q_std")[i];
            double windowMeanStd = Doubles(result, "mean_q_std")[i], binder = Doubles(result, "binder")[i];
            output.WriteLine($"sigma {sigma}: final mean {finalMean:F4}, final std {finalStd:F4} (exact {std:F4}), std of window mean {windowMeanStd:F4} (exact {averageStd:F4}), U4 {binder:F4}");
            Assert.InRange(finalMean, -4 * std / Math.Sqrt(r), 4 * std / Math.Sqrt(r));
            Assert.InRange(finalStd, std * (1 - 4 / Math.Sqrt(2.0 * r)), std * (1 + 4 / Math.Sqrt(2.0 * r)));
            Assert.InRange(windowMeanStd, averageStd * (1 - 4 / Math.Sqrt(2.0 * r)), averageStd * (1 + 4 / Math.Sqrt(2.0 * r)));
            Assert.InRange(binder, -0.06, 0.06); // Gaussian: U4 = 0; ~10^4 effective samples give a standard error of about 0.015
            Assert.Equal(0, ((int[])result["failed"].Values)[i]);
            Assert.Equal(1.0, RegimeRules.Names.Sum(name => Doubles(result, $"p_{name}")[i]), 12);
        }
    }

    [Fact]
    public void DoubleWell_BinderCumulant_MatchesTheStationaryDensity()
    {
        // ginzburg-landau defaults (h 0, ε 1, g 1) at σ = 0.5: U4 = 0.551445 (MODELS.md). From q = 0 both wells fill
        // equally by symmetry and U4 depends on |q| only, which settles within a well in a few time units. Eight identical
        // initial conditions make eight independent groups of realisations, whose spread gives the standard error.
        const int groups = 8, r = 500;
        var result = Run("ginzburg-landau", ["sigma=0.5:0.5:1"], new Dictionary<string, double>(), [$"q={string.Join(',', Enumerable.Repeat("0", groups))}"], r, 30);
        var binder = Doubles(result, "binder");
        double mean = binder.Average(), standardError = Math.Sqrt(binder.Sum(b => (b - mean) * (b - mean)) / (groups - 1) / groups);
        double exact = StationaryBinder(h: 0, epsilon: 1, g: 1, sigma: 0.5);
        output.WriteLine($"U4 = {mean:F5} ± {standardError:F5} over {groups} x {r} realisations; quadrature {exact:F6}, MODELS.md 0.551445");
        Assert.Equal(0.551445, exact, 5);
        Assert.InRange(mean, exact - 5 * standardError - 2e-3, exact + 5 * standardError + 2e-3); // 2e-3: Heun's O(dt²) bias budget
    }

    [Fact]
    public void InnovationCluster_BelowThreshold_IsGaussianNoise_AboveIt_EveryRealisationOrders_HalfEachSign()
    {
        // σx = 0.01 from x = 0: e0 = 0.8 is below E0c = 1 (ε = κ − γσ0/E0 = −0.25, Var x = σx²/(2|ε|)); e0 = 2 orders at x* = ±sqrt(0.4).
        const int r = 400;
        var result = Run("innovation-cluster", ["e0=0.8:2:2"], new Dictionary<string, double> { ["sigma_x"] = 0.01 }, ["x=0"], r, 200);
        double below = Math.Sqrt(0.01 * 0.01 / (2 * 0.25)), xStar = Math.Sqrt(0.4);
        var finalX = Doubles(result, "final_x");
        var finalXStd = Doubles(result, "final_x_std");
        var binder = Doubles(result, "binder");
        output.WriteLine($"e0 0.8: std x {finalXStd[0]:E4} (linear theory {below:E4}), U4 {binder[0]:F4}, p_disordered {Doubles(result, "p_disordered")[0]}");
        output.WriteLine($"e0 2: mean x {finalX[1]:F4}, std x {finalXStd[1]:F4} (x* {xStar:F4}), U4 {binder[1]:F4}, p_ordered {Doubles(result, "p_ordered")[1]}");
        Assert.Equal(1.0, Doubles(result, "p_disordered")[0]);
        Assert.InRange(finalXStd[0], below * (1 - 4 / Math.Sqrt(2.0 * r)), below * (1 + 4 / Math.Sqrt(2.0 * r)));
        Assert.InRange(binder[0], -0.1, 0.1);
        Assert.Equal(1.0, Doubles(result, "p_ordered")[1]);
        Assert.InRange(finalX[1], -4 * xStar / Math.Sqrt(r), 4 * xStar / Math.Sqrt(r)); // half the paths pick each sign
        Assert.InRange(finalXStd[1], 0.98 * xStar, 1.02 * xStar);
        Assert.InRange(binder[1], 2.0 / 3 - 0.01, 2.0 / 3 + 0.01); // a sharp ±x* state: <x⁴> = <x²>², U4 = 2/3
        Assert.Equal(["disordered", "ordered"], ((byte[])result["regime"].Values).Select(c => RegimeRules.Names[c]));
    }

    [Fact]
    public void Realisations_AreTheSameOnCpuAndIlgpuCpu_AtEveryBatchSize_AndChangeWithTheSeed()
    {
        var set = new Dictionary<string, double> { ["sigma_x"] = 0.05 };
        var whole = Run("innovation-cluster", ["e0=0.8:2:3"], set, ["x=0,0.01"], 16, 20);
        var split = Run("innovation-cluster", ["e0=0.8:2:3"], set, ["x=0,0.01"], 16, 20, batchSize: 37);
        var ilgpu = Run("innovation-cluster", ["e0=0.8:2:3"], set, ["x=0,0.01"], 16, 20, batchSize: 50, backendName: "ilgpu-cpu");
        var reseeded = Run("innovation-cluster", ["e0=0.8:2:3"], set, ["x=0,0.01"], 16, 20, seed: 6);
        foreach (var variable in whole.Variables)
        {
            Assert.Equal(variable.Values, split[variable.Name].Values);
            Assert.Equal(variable.Values, ilgpu[variable.Name].Values);
        }
        Assert.NotEqual(Doubles(whole, "final_x"), Doubles(reseeded, "final_x"));
        Assert.Equal(whole.Space.RowCount, Doubles(whole, "final_x").Length);
    }

    [Fact]
    public void BrownianFirstPassage_ProbabilityOfReachingTheLevel_FollowsTheReflectionPrinciple()
    {
        // ginzburg-landau with h = ε = g = 0 is Brownian motion dq = σ dW: P(max_{s≤t} q ≥ a) = 2(1 − Φ(a/(σ√t))). The
        // discrete path is watched at the steps only, which acts as a level raised by 0.5826 σ√dt (Broadie–Glasserman–Kou).
        const int r = 4000;
        const double a = 1, t = 1, dt = 1e-3;
        var result = Run("ginzburg-landau", ["sigma=0.5:1:2"], new Dictionary<string, double> { ["h"] = 0, ["epsilon"] = 0, ["g"] = 0 }, ["q=0"], r, t,
            observation: new Observation(0.5, FirstPassage: new FirstPassageLevel(0, a)), dt: dt);
        var defined = Doubles(result, "first_passage_q_defined");
        var sigmas = result.Space.AxisValues(0);
        for (int i = 0; i < sigmas.Length; i++)
        {
            double sigma = sigmas[i], level = a + 0.5826 * sigma * Math.Sqrt(dt);
            double expected = 2 * (1 - MathNet.Numerics.Distributions.Normal.CDF(0, 1, level / (sigma * Math.Sqrt(t))));
            double standardError = Math.Sqrt(expected * (1 - expected) / r);
            output.WriteLine($"sigma {sigma}: P(reach {a} by {t}) = {defined[i]:F4}, reflection principle {expected:F4} (continuous {2 * (1 - MathNet.Numerics.Distributions.Normal.CDF(0, 1, a / (sigma * Math.Sqrt(t)))):F4}), s.e. {standardError:F4}");
            Assert.InRange(defined[i], expected - 4 * standardError, expected + 4 * standardError);
            Assert.InRange(Doubles(result, "first_passage_q")[i], 0, t); // the mean over the paths that passed
        }
    }

    [Fact]
    public void RealisationsThatBlowUp_AreCountedAsFailed_AndNeverPoisonTheStatistics()
    {
        // dq = (−q + q³) dt + σ dW: q = 0 is stable behind barriers at ±1, beyond which q blows up in finite time.
        const int r = 200;
        // σ = 0.15: escape is rare (barrier 1/4, Kramers ~ e^(−2·0.25/σ²)); σ = 0.3: about one path in ten escapes; σ = 1.05: all do.
        var result = Run("ginzburg-landau", ["sigma=0.15:0.3:2"], new Dictionary<string, double> { ["h"] = 0, ["epsilon"] = -1, ["g"] = -1 }, ["q=0"], r, 50);
        var allEscape = Run("ginzburg-landau", ["sigma=1.05:1.05:1"], new Dictionary<string, double> { ["h"] = 0, ["epsilon"] = -1, ["g"] = -1 }, ["q=0"], r, 50);
        var failed = (int[])result["failed"].Values;
        var status = (byte[])result["status"].Values;
        output.WriteLine($"failed realisations at sigma 0.15, 0.3, 1.05: {failed[0]}, {failed[1]}, {((int[])allEscape["failed"].Values)[0]}");
        Assert.Equal(0, failed[0]);
        Assert.InRange(failed[1], 1, r - 1);
        Assert.Equal(0, status[0]);
        Assert.NotEqual(0, status[1]); // the first failure's code
        for (int i = 0; i < 2; i++)
        {
            Assert.True(Doubles(result, "p_diverged_or_failed")[i] >= (double)failed[i] / r);
            Assert.True(double.IsFinite(Doubles(result, "final_q")[i]) && double.IsFinite(Doubles(result, "final_q_std")[i]), "failed paths never enter a mean");
            Assert.InRange(Doubles(result, "max_q")[i], -1, 1); // the survivors stayed behind the barriers
        }
        Assert.Equal(r, ((int[])allEscape["failed"].Values)[0]);
        Assert.Equal(1.0, Doubles(allEscape, "p_diverged_or_failed")[0]);
        Assert.True(double.IsNaN(Doubles(allEscape, "final_q")[0]), "no successful realisation: no mean");
    }

    /// <summary>U4 = 1 − ⟨q⁴⟩/(3⟨q²⟩²) under the density ∝ exp(−2V/σ²), V = −hq − εq²/2 + gq⁴/4 (Simpson's rule on [−4, 4]).</summary>
    private static double StationaryBinder(double h, double epsilon, double g, double sigma)
    {
        const int n = 20000;
        const double a = -4, b = 4;
        double m0 = 0, m2 = 0, m4 = 0;
        for (int k = 0; k <= n; k++)
        {
            double q = a + (b - a) * k / n, weight = k == 0 || k == n ? 1 : k % 2 == 1 ? 4 : 2;
            double density = Math.Exp(-2 * (-h * q - epsilon * q * q / 2 + g * q * q * q * q / 4) / (sigma * sigma));
            m0 += weight * density;
            m2 += weight * density * q * q;
            m4 += weight * density * q * q * q * q;
        }
        (m2, m4) = (m2 / m0, m4 / m0);
        return 1 - m4 / (3 * m2 * m2);
    }
}
