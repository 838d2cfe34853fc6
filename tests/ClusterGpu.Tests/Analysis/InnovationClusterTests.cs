using System.Numerics;
using ClusterGpu.Analysis;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;
using ClusterGpu.Models;
using Xunit.Abstractions;
using static ClusterGpu.Tests.Analysis.AnalysisSupport;

namespace ClusterGpu.Tests.Analysis;

/// <summary><c>innovation-cluster</c> (MODELS.md section 1) against its analytic fixed points, spectra and bifurcations.</summary>
public sealed class InnovationClusterTests(ITestOutputHelper output)
{
    private static readonly ModelHandle Model = ModelRegistry.Find("innovation-cluster");
    private static readonly double[] DefaultState = [0.01, 0, 1, 1];

    private static double[] P(params (string, double)[] overrides) => Parameters(Model, overrides);

    private static double Get(double[] p, string name) => p[Model.Info.ParameterIndex(name)];

    /// <summary>The ordered fixed point (+x*, c, S*, E*) for χ = 0 (MODELS.md: c = Δ0/(aE0 + γη)).</summary>
    private static double[] OrderedStateNoFeedback(double[] p)
    {
        double kappa = Get(p, "kappa"), gamma = Get(p, "gamma"), a = Get(p, "a"), b = Get(p, "b"), lambda = Get(p, "lambda");
        double sigma0 = Get(p, "sigma0"), eta = Get(p, "eta"), e0 = Get(p, "e0");
        double c = (kappa * e0 - gamma * sigma0) / (a * e0 + gamma * eta);
        return [Math.Sqrt(lambda * c / b), c, (sigma0 + eta * c) / e0, e0];
    }

    private double[][] SolveFinal(double[] parameters, IReadOnlyList<double[]> states, double tEnd)
    {
        var result = Solve("cpu", Problem(Model, states.Select(_ => parameters).ToArray(), states), Dopri5(tEnd));
        return Enumerable.Range(0, states.Count).Select(i =>
        {
            Assert.Equal(TrajectoryStatus.Success, result.Status(i));
            var y = result.FinalState(i);
            output.WriteLine($"final {string.Join(", ", y.Select(v => v.ToString("G10")))}");
            return y;
        }).ToArray();
    }

    private static void AssertEigenvalues(Complex[] expected, Complex[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var e = expected.OrderByDescending(z => z.Real).ThenByDescending(z => z.Imaginary).ToArray();
        for (int i = 0; i < e.Length; i++)
            Assert.True(Complex.Abs(e[i] - actual[i]) <= tolerance,
                $"eigenvalue {i}: expected {e[i]}, got {actual[i]} (all: {string.Join(" ", actual)})");
    }

    [Fact]
    public void InnovationCluster_OrderedPreset_ConvergesToPPlus()
    {
        var final = SolveFinal(P(("e0", 2.0)), [DefaultState], 200)[0];
        double[] pPlus = [Math.Sqrt(0.4), 0.4, 0.6, 2];
        Assert.True(MaxDifference(final, pPlus) < 1e-8, $"max difference {MaxDifference(final, pPlus):E2}");
    }

    [Fact]
    public void InnovationCluster_OrderedPreset_PPlusIsFixedPointWithTabulatedSpectrum()
    {
        var p = P(("e0", 2.0));
        double[] pPlus = [Math.Sqrt(0.4), 0.4, 0.6, 2];
        Assert.True(Jacobian.Derivative(Model, pPlus, p).All(v => Math.Abs(v) < 1e-15));
        var eigenvalues = Stability.Eigenvalues(Model, pPlus, p);
        output.WriteLine(string.Join(" ", eigenvalues));
        AssertEigenvalues([new(-0.43734, 0.86589), new(-0.43734, -0.86589), new(-2.12533, 0), new(-1, 0)], eigenvalues, 1e-5);
        // P0 is unstable there: (0.5, −1, −2, −1).
        AssertEigenvalues([0.5, -1, -2, -1], Stability.Eigenvalues(Model, [0, 0, 0.5, 2], p), 1e-12);
    }

    [Fact]
    public void InnovationCluster_DisorderedState_EigenvaluesAreExactForRandomParameters()
    {
        var random = new Random(2020);
        for (int trial = 0; trial < 12; trial++)
        {
            var p = Model.Info.Parameters.Select(info => info.Min + (info.Max - info.Min) * (0.02 + 0.96 * random.NextDouble())).ToArray();
            double kappa = Get(p, "kappa"), gamma = Get(p, "gamma"), lambda = Get(p, "lambda"), sigma0 = Get(p, "sigma0"), e0 = Get(p, "e0"), rho = Get(p, "rho");
            double[] p0 = [0, 0, sigma0 / e0, e0];
            Assert.True(Jacobian.Derivative(Model, p0, p).All(v => Math.Abs(v) < 1e-14));
            var eigenvalues = Stability.Eigenvalues(Model, p0, p);
            output.WriteLine(string.Join(" ", eigenvalues));
            double scale = new[] { kappa, gamma * sigma0 / e0, lambda, e0, rho }.Max();
            AssertEigenvalues([kappa - gamma * sigma0 / e0, -lambda, -e0, -rho], eigenvalues, 1e-12 * scale);
        }
    }

    [Fact]
    public void InnovationCluster_DisorderedPreset_DecaysToPZero()
    {
        var p = P(("e0", 0.8));
        var final = SolveFinal(p, [DefaultState], 200)[0];
        Assert.True(MaxDifference(final, [0, 0, 1.25, 0.8]) < 1e-9, $"max difference {MaxDifference(final, [0, 0, 1.25, 0.8]):E2}");
        AssertEigenvalues([-0.25, -1, -0.8, -1], Stability.Eigenvalues(Model, [0, 0, 1.25, 0.8], p), 1e-9);
    }

    public static TheoryData<double, double, double> ThresholdCases() => new()
    {
        { 1.0, 1.0, 1.0 },   // defaults: E0c = 1
        { 2.0, 1.5, 2.0 },   // E0c = 1.5
        { 0.5, 0.4, 0.5 },   // E0c = 0.4
    };

    [Theory]
    [MemberData(nameof(ThresholdCases))]
    public void InnovationCluster_SweepAcrossThreshold_OrdersExactlyAboveGammaSigma0OverKappa(double kappa, double gamma, double sigma0)
    {
        double e0c = gamma * sigma0 / kappa;
        double[] factors = [0.8, 0.95, 0.97, 1.03, 1.05, 1.2];
        var parameterSets = factors.Select(f => P(("kappa", kappa), ("gamma", gamma), ("sigma0", sigma0), ("e0", f * e0c))).ToArray();
        // Near the threshold the growth rate κ − γσ0/E0 is only ±3 % of κ: integrate long enough for ~40 e-foldings.
        double tEnd = 40 / (kappa * 0.03 / 1.03);
        var result = Solve("cpu", Problem(Model, parameterSets, parameterSets.Select(_ => DefaultState).ToArray()), Dopri5(tEnd));
        for (int i = 0; i < factors.Length; i++)
        {
            Assert.Equal(TrajectoryStatus.Success, result.Status(i));
            var y = result.FinalState(i);
            double xRef = Math.Sqrt(kappa);   // sqrt(κλ/(ab)) with λ = a = b = 1
            output.WriteLine($"e0 = {factors[i]} E0c: x = {y[0]:E4}");
            if (factors[i] < 1)
                Assert.True(Math.Abs(y[0]) < 1e-3 * xRef, $"e0 = {factors[i]}·E0c should end disordered, x = {y[0]:E3}");
            else
            {
                var expected = OrderedStateNoFeedback(parameterSets[i]);
                Assert.True(MaxDifference(y, expected) < 1e-7, $"e0 = {factors[i]}·E0c should end at P+ = {string.Join(", ", expected)}, got {string.Join(", ", y)}");
            }
        }
    }

    public static TheoryData<double[], double[]> OrderedCases() => new()
    {
        { [1, 1, 1, 1, 1, 1, 0.5, 2, 0, 1, 0, 0], [0.01, 0, 1, 1] },        // ordered preset
        { [2, 0.5, 1, 1, 1, 1, 0.5, 1.5, 0, 1, 0, 0], [0.01, 0, 1, 1] },    // another stable ordered state
        { [1, 1, 1, 1, 1, 1, 0.5, 0.9, 3, 1, 0, 0], [1, 1, 0, 4] },         // bistable preset, upper branch (χ > 0)
        { [1.5, 0.7, 2, 0.5, 3, 0.8, 1.2, 1.1, 0.5, 2, 0, 0], [0.2, 0.1, 1, 1] },
    };

    [Theory]
    [MemberData(nameof(OrderedCases))]
    public void InnovationCluster_ConvergedOrderedState_SatisfiesOrderEntropyIdentity(double[] p, double[] initial)
    {
        var y = SolveFinal(p, [initial], 400)[0];
        Assert.True(Jacobian.Derivative(Model, y, p).All(v => Math.Abs(v) < 1e-8), "not converged to a fixed point");
        double kappa = Get(p, "kappa"), gamma = Get(p, "gamma"), a = Get(p, "a"), b = Get(p, "b"), lambda = Get(p, "lambda");
        double xRef = Math.Sqrt(kappa * lambda / (a * b));
        double order = Math.Pow(y[0] / xRef, 2), margin = 1 - gamma * y[2] / kappa;
        output.WriteLine($"(x*/x_ref)² = {order:R}, 1 − γS*/κ = {margin:R}");
        Assert.True(order > 1e-3, "the trajectory did not order");
        Assert.Equal(margin, order, 1e-9);
    }

    private static readonly double[] CycleParameters = P(("kappa", 3.0), ("eta", 8.0), ("e0", 1.5));

    [Fact]
    public void InnovationCluster_CyclePreset_HasLimitCycleOfTabulatedPeriod()
    {
        var model = InnovationCluster<F64>.Create(Block(CycleParameters));
        var times = new List<double>();
        var ys = new List<double>();
        var x2 = new List<double>();
        var ss = new List<double>();
        Trajectory(model, new Vec4<F64>(new(0.01), new(0), new(1), new(1)), 0.002, 400, 250, (t, u) =>
        {
            times.Add(t);
            ys.Add(u.X1.Value);
            x2.Add(u.X0.Value * u.X0.Value);
            ss.Add(u.X2.Value);
        });
        double amplitude = (ys.Max() - ys.Min()) / 2;
        output.WriteLine($"amplitude of y {amplitude:F5}");
        Assert.True(amplitude > 0.1, "no oscillation");
        var crossings = UpwardCrossings(times, ys, ys.Average());
        var periods = crossings.Zip(crossings.Skip(1), (t1, t2) => t2 - t1).ToArray();
        double period = (crossings[^1] - crossings[0]) / (crossings.Count - 1);
        output.WriteLine($"{crossings.Count} crossings, period {period:F8}, spread {periods.Max() - periods.Min():E2}");
        Assert.True(periods.Max() - periods.Min() < 1e-3, "not yet on the limit cycle");
        // Required within 1e-3; the fine RK4 loop with interpolated crossings measures it to ~1e-8.
        Assert.Equal(4.92965179, period, 1e-5);

        // Time averages over whole periods equal the unstable fixed point: ⟨y⟩ = c, ⟨x²⟩ = x*², ⟨s⟩ = S*.
        int first = times.FindIndex(t => t >= crossings[0]), last = times.FindLastIndex(t => t <= crossings[^1]);
        double Mean(List<double> v) => Enumerable.Range(first, last - first).Sum(i => 0.5 * (v[i] + v[i + 1]) * (times[i + 1] - times[i])) / (times[last] - times[first]);
        output.WriteLine($"<y> {Mean(ys):F6} <x²> {Mean(x2):F6} <s> {Mean(ss):F6}");
        Assert.Equal(7.0 / 19, Mean(ys), 1e-4);
        Assert.Equal(7.0 / 19, Mean(x2), 1e-4);
        Assert.Equal(50.0 / 19, Mean(ss), 1e-4);
    }

    [Fact]
    public void InnovationCluster_CyclePreset_OrderedStateIsUnstableFocus()
    {
        var pPlus = OrderedStateNoFeedback(CycleParameters);
        Assert.Equal(0.6069770, pPlus[0], 1e-7);
        Assert.Equal(7.0 / 19, pPlus[1], 1e-15);
        Assert.Equal(50.0 / 19, pPlus[2], 1e-14);
        Assert.True(Jacobian.Derivative(Model, pPlus, CycleParameters).All(v => Math.Abs(v) < 1e-14));
        var eigenvalues = Stability.Eigenvalues(Model, pPlus, CycleParameters);
        output.WriteLine(string.Join(" ", eigenvalues));
        Assert.Equal(0.0759436, eigenvalues[0].Real, 1e-7);
        Assert.Equal(1.6229178, eigenvalues[0].Imaginary, 1e-7);
        Assert.Equal(0.0759436, eigenvalues[1].Real, 1e-7);
        Assert.Equal(-1.6229178, eigenvalues[1].Imaginary, 1e-7);
    }

    [Fact]
    public void InnovationCluster_HopfCurve_StabilityChangesAtEta101Over26()
    {
        const double etaH = 101.0 / 26;
        double Abscissa(double eta, out Complex top)
        {
            var p = P(("kappa", 3.0), ("eta", eta), ("e0", 1.5));
            var eigenvalues = Stability.Eigenvalues(Model, OrderedStateNoFeedback(p), p);
            top = eigenvalues[0];
            return top.Real;
        }
        double below = Abscissa(etaH - 0.01, out _), above = Abscissa(etaH + 0.01, out _), at = Abscissa(etaH, out var critical);
        output.WriteLine($"max Re λ: {below:E3} below, {at:E3} at, {above:E3} above; critical pair {critical}");
        Assert.True(below < 0);
        Assert.True(above > 0);
        Assert.True(Math.Abs(at) < 1e-12);
        // ω_H = sqrt(λ(E0 + 2a c_H)) with c_H = E0(E0 + λ)/(2(γη − aλ)) = 0.65: ω_H = sqrt(2.8).
        Assert.Equal(Math.Sqrt(2.8), Math.Abs(critical.Imaginary), 1e-12);
    }

    [Fact]
    public void InnovationCluster_BistablePreset_EndStateDependsOnInitialCondition()
    {
        var p = P(("chi", 3.0), ("e0", 0.9));
        var finals = SolveFinal(p, [[0.005, 0, 1, 1], [1, 1, 0, 4]], 400);
        double[] p0 = [0, 0, 1 / 0.9, 0.9];
        Assert.True(MaxDifference(finals[0], p0) < 1e-9, $"lower: {string.Join(", ", finals[0])}");
        // Upper root of a k c² − B1 c − Δ0 = 0 with k = 3, B1 = 1.6, Δ0 = −0.1: 3c² − 1.6c + 0.1 = 0.
        double c = (1.6 + Math.Sqrt(1.6 * 1.6 - 1.2)) / 6, eStar = 0.9 + 3 * c;
        double[] upper = [Math.Sqrt(c), c, (1 + 0.5 * c) / eStar, eStar];
        Assert.True(MaxDifference(upper, [0.678993, 0.461032, 0.538968, 2.283095]) < 1e-6);
        Assert.True(MaxDifference(finals[1], upper) < 1e-8, $"upper: {string.Join(", ", finals[1])}");
        Assert.True(Stability.SpectralAbscissa(Model, p0, p) < 0);
        Assert.True(Stability.SpectralAbscissa(Model, upper, p) < 0);
    }
}
