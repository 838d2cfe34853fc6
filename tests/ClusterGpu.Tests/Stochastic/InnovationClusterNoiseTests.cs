using System.Diagnostics;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using Xunit.Abstractions;
using static ClusterGpu.Tests.Analysis.AnalysisSupport;
using static ClusterGpu.Tests.Stochastic.EulerMaruyamaTests;

namespace ClusterGpu.Tests.Stochastic;

/// <summary>
/// The noise facts of <c>innovation-cluster</c> (MODELS.md §1, "Noise") on ensembles of Euler–Maruyama final states:
/// the stationary identities E[y] = (b/λ)E[x²], E[σ0 + ηy] = E[e s], E[e] = E0 + χE[x²] (the drifts of y, s and e
/// average to zero; Itô noise has mean zero), Var(x) ≈ σx²/(2|ε|) below threshold, and the symmetric choice of sign
/// from x = 0 above it.
/// </summary>
public sealed class InnovationClusterNoiseTests(ITestOutputHelper output)
{
    private static readonly ModelHandle Model = ModelRegistry.Find("innovation-cluster");

    private static IntegrationSettings EulerMaruyama(double tEnd, double dt, ulong seed) =>
        new() { Method = MethodKind.EulerMaruyama, TEnd = tEnd, Dt = dt, Seed = seed };

    /// <summary>Mean and standard error of <paramref name="values"/>.</summary>
    private static (double Mean, double Error) MeanAndError(IReadOnlyList<double> values)
    {
        double mean = values.Average(), variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return (mean, Math.Sqrt(variance / values.Count));
    }

    [Fact]
    public void StationaryIdentities_HoldForTheEnsemble()
    {
        // Ordered regime (e0 = 2) with feedback χ = 0.5 < χ_c = 1.5, σx = 0.1, σE = 0.2. Each identity is the stationary mean
        // of a drift; Euler–Maruyama's step adds dt·drift plus zero-mean noise, so the identities hold exactly for its own
        // stationary law too and no O(dt) bias enters. Relaxation: slowest rate 0.437 (MODELS.md) after the sign choice
        // (≈ 10 time units), so t = 50 leaves about e^{−17}.
        const int count = 4000;
        const double tEnd = 50, dt = 0.02, b = 1, lambda = 1, sigma0 = 1, eta = 0.5, e0 = 2, chi = 0.5;
        var p = Parameters(Model, ("e0", e0), ("chi", chi), ("sigma_x", 0.1), ("sigma_e", 0.2));
        var clock = Stopwatch.StartNew();
        var final = FinalStates(Model.Info.Name, EulerMaruyama(tEnd, dt, 17), p, Model.Info.DefaultInitialState(), count);
        double seconds = clock.Elapsed.TotalSeconds;
        double X(int i) => final[i];
        double Y(int i) => final[count + i];
        double S(int i) => final[2 * count + i];
        double E(int i) => final[3 * count + i];
        var identities = new (string Name, Func<int, double> Residual)[]
        {
            ("y - (b/lambda) x^2", i => Y(i) - b / lambda * X(i) * X(i)),
            ("sigma0 + eta y - e s", i => sigma0 + eta * Y(i) - E(i) * S(i)),
            ("e - E0 - chi x^2", i => E(i) - e0 - chi * X(i) * X(i)),
        };
        output.WriteLine($"{count} paths, dt {dt}, t {tEnd}: {seconds:F2} s; E[x^2] = {Enumerable.Range(0, count).Average(i => X(i) * X(i)):F4}, E[e] = {Enumerable.Range(0, count).Average(E):F4}");
        foreach (var (name, residual) in identities)
        {
            var (mean, error) = MeanAndError(Enumerable.Range(0, count).Select(residual).ToArray());
            output.WriteLine($"E[{name}] = {mean:E3} ± {error:E2} ({mean / error:F2} s.e.)");
            Assert.InRange(mean, -4 * error, 4 * error);
        }
    }

    [Fact]
    public void BelowThreshold_VarianceOfX_IsSigmaSquaredOverTwoEpsilon()
    {
        // e0 = 0.8: ε = κ − γσ0/E0 = −0.25, σx = 0.01, from the disordered state P0 = (0, 0, 1.25, 0.8). Linearised, x is
        // Ornstein–Uhlenbeck with rate |ε|: Var = σx²/(2|ε|) = 2e-4; Euler–Maruyama's own stationary variance is
        // σx²/(2|ε| − ε²dt) (+0.25 % at dt 0.02). Nonlinear corrections (a y with E[y] = (b/λ)Var, s fluctuations)
        // are below 0.1 %. The variance relaxes at 2|ε| = 0.5: t = 40 leaves e^{−20}.
        const int count = 10_000;
        const double tEnd = 40, dt = 0.02, sigmaX = 0.01, epsilon = -0.25;
        var p = Parameters(Model, ("e0", 0.8), ("sigma_x", sigmaX));
        var clock = Stopwatch.StartNew();
        var final = FinalStates(Model.Info.Name, EulerMaruyama(tEnd, dt, 23), p, [0, 0, 1.25, 0.8], count);
        double seconds = clock.Elapsed.TotalSeconds;
        var x = final[..count];
        double mean = x.Average(), variance = x.Sum(v => (v - mean) * (v - mean)) / (count - 1);
        double linear = sigmaX * sigmaX / (2 * Math.Abs(epsilon)), eulerMaruyama = sigmaX * sigmaX / (2 * Math.Abs(epsilon) - epsilon * epsilon * dt);
        double se = eulerMaruyama * Math.Sqrt(2.0 / (count - 1));
        output.WriteLine($"{count} paths, dt {dt}, t {tEnd}: {seconds:F2} s");
        output.WriteLine($"Var(x) = {variance:E4} (sigma_x^2/(2|eps|) = {linear:E4}, Euler-Maruyama {eulerMaruyama:E4}, s.e. {se:E2}, off by {(variance - eulerMaruyama) / se:F2} s.e.); mean {mean:E2}");
        Assert.InRange(variance, eulerMaruyama - 4 * se, eulerMaruyama + 4 * se);
    }

    [Fact]
    public void AboveThreshold_FromZero_HalfThePathsPickEachSign()
    {
        // e0 = 2 from x = 0: only the noise σx = 0.01 breaks the symmetry x → −x, so each path ends near +x* or −x*
        // (x* = sqrt(0.4)) with probability 1/2: the fraction of positive ones is binomial, standard error sqrt(0.25/n).
        // The sign is chosen by t ≈ 10 (growth rate ε = 0.5 from the noise floor 0.01; later for the rare paths that
        // start their growth from near 0); by t = 40 the focus (rate 0.437) has settled about ±x* (measured at t = 30:
        // max ||x| − x*| = 0.09 of 12000 paths; at t = 40: 0.043).
        const int count = 4000;
        const double tEnd = 40, dt = 0.02;
        var p = Parameters(Model, ("e0", 2.0), ("sigma_x", 0.01));
        double xStar = Math.Sqrt(0.4), se = Math.Sqrt(0.25 / count);
        var signs = new List<bool[]>();
        var clock = Stopwatch.StartNew();
        foreach (ulong seed in new ulong[] { 1, 2 })
        {
            var x = FinalStates(Model.Info.Name, EulerMaruyama(tEnd, dt, seed), p, [0, 0, 1, 1], count)[..count];
            double fraction = x.Count(v => v > 0) / (double)count;
            output.WriteLine($"seed {seed}: fraction positive {fraction:F4} (s.e. {se:F4}, off by {(fraction - 0.5) / se:F2} s.e.), max ||x| − x*| = {x.Max(v => Math.Abs(Math.Abs(v) - xStar)):E2}");
            Assert.InRange(fraction, 0.5 - 4 * se, 0.5 + 4 * se);
            Assert.All(x, v => Assert.InRange(Math.Abs(v), xStar - 0.15, xStar + 0.15));
            signs.Add(x.Select(v => v > 0).ToArray());
        }
        output.WriteLine($"{2 * count} paths, dt {dt}, t {tEnd}: {clock.Elapsed.TotalSeconds:F2} s");
        // The two seeds choose independently path by path: about half the paths differ in sign.
        double differ = signs[0].Zip(signs[1], (u, v) => u != v).Count(d => d) / (double)count;
        output.WriteLine($"paths whose sign differs between the seeds: {differ:F4}");
        Assert.InRange(differ, 0.5 - 4 * se, 0.5 + 4 * se);
    }
}
