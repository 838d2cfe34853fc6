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

/// <summary>The companion models (MODELS.md section 2) against their analytic oracles.</summary>
public sealed class CompanionModelTests(ITestOutputHelper output)
{
    private static ModelHandle M(string name) => ModelRegistry.Find(name);

    [Theory]
    [InlineData(-0.5, 2.0, 1.0, 1.0)]
    [InlineData(-1.0, 0.5, 2.0, 0.3)]
    [InlineData(-3.0, 10.0, 0.5, 4.0)]
    [InlineData(-0.2, 0.1, 1.5, 1.5)]
    public void Haken_OrderedFixedPoints_HaveAnalyticSpectrum(double lambda1, double lambda2, double a, double b)
    {
        var model = M("haken");
        double[] p = [lambda1, lambda2, a, b];
        double q1 = Math.Sqrt(-lambda1 * lambda2 / (a * b)), q2 = -lambda1 / a;
        var discriminant = Complex.Sqrt(lambda2 * lambda2 + 8 * lambda1 * lambda2);
        Complex[] expected = [(-lambda2 + discriminant) / 2, (-lambda2 - discriminant) / 2];
        foreach (var sign in new[] { 1.0, -1.0 })
        {
            double[] fixedPoint = [sign * q1, q2];
            Assert.True(Jacobian.Derivative(model, fixedPoint, p).All(v => Math.Abs(v) < 1e-13));
            var eigenvalues = Stability.Eigenvalues(model, fixedPoint, p);
            output.WriteLine($"q* = ({sign * q1:G6}, {q2:G6}): {string.Join(" ", eigenvalues)}");
            foreach (var e in expected)
                Assert.Contains(eigenvalues, z => Complex.Abs(z - e) < 1e-12 * Math.Max(1, lambda2));
        }
        // From q1 > 0 the trajectory settles on (+q1*, q2*).
        var final = Solve("cpu", Problem(model, [p], [[0.01, 0]]), Dopri5(600)).FinalState(0);
        Assert.True(MaxDifference(final, [q1, q2]) < 1e-8, $"final {string.Join(", ", final)}");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void Brusselator_FixedPoint_LosesStabilityOnHopfLine(double a)
    {
        var model = M("brusselator");
        double bH = 1 + a * a;
        foreach (var (b, stable) in new[] { (0.98 * bH, true), (1.02 * bH, false) })
        {
            double[] fixedPoint = [a, b / a];
            Assert.True(Jacobian.Derivative(model, fixedPoint, [a, b]).All(v => Math.Abs(v) < 1e-14));
            var eigenvalues = Stability.Eigenvalues(model, fixedPoint, [a, b]);
            output.WriteLine($"a {a} b {b:F4}: {string.Join(" ", eigenvalues)}");
            Assert.Equal(stable, eigenvalues[0].Real < 0);
            Assert.Equal((b - 1 - a * a) / 2, eigenvalues[0].Real, 1e-12);
        }
        var atHopf = Stability.Eigenvalues(model, [a, bH / a], [a, bH]);
        Assert.Equal(0, atHopf[0].Real, 1e-12);
        Assert.Equal(a, Math.Abs(atHopf[0].Imaginary), 1e-12);   // ω = a
    }

    private static (double Amplitude, double Period, double MeanX, double[] Final) BrusselatorRun(double a, double b)
    {
        var model = Brusselator<F64>.Create(Block([a, b]));
        var times = new List<double>();
        var xs = new List<double>();
        var final = Trajectory(model, new Vec2<F64>(new(a + 0.1), new(b / a)), 0.002, 300, 100, (t, u) => { times.Add(t); xs.Add(u.X0.Value); });
        var crossings = UpwardCrossings(times, xs, a);
        double period = crossings.Count > 2 ? (crossings[^1] - crossings[0]) / (crossings.Count - 1) : double.NaN;
        double meanX = double.NaN;
        if (crossings.Count > 2)
        {
            int first = times.FindIndex(t => t >= crossings[0]), last = times.FindLastIndex(t => t <= crossings[^1]);
            meanX = Enumerable.Range(first, last - first).Sum(i => 0.5 * (xs[i] + xs[i + 1]) * (times[i + 1] - times[i])) / (times[last] - times[first]);
        }
        return ((xs.Max() - xs.Min()) / 2, period, meanX, [final.X0.Value, final.X1.Value]);
    }

    [Fact]
    public void Brusselator_BelowHopfLine_ConvergesToFixedPoint()
    {
        var (amplitude, _, _, final) = BrusselatorRun(1, 1.7);
        output.WriteLine($"amplitude {amplitude:E2}, final {final[0]}, {final[1]}");
        Assert.True(MaxDifference(final, [1, 1.7]) < 1e-10);
    }

    [Fact]
    public void Brusselator_AboveHopfLine_OscillatesWithTabulatedPeriodAndMean()
    {
        var (amplitude, period, meanX, _) = BrusselatorRun(1, 3);
        output.WriteLine($"amplitude {amplitude:F4}, period {period:F6}, <x> {meanX:F6}");
        Assert.True(amplitude > 0.5);
        Assert.Equal(7.15691, period, 1e-4);
        Assert.Equal(1.0, meanX, 1e-4);   // ⟨x⟩ = a on the cycle
        var (slightlyAbove, _, _, _) = BrusselatorRun(1, 2.3);
        output.WriteLine($"b = 2.3: amplitude {slightlyAbove:F4}");
        Assert.True(slightlyAbove > 0.1);
    }

    [Fact]
    public void LotkaVolterra_Defaults_ConvergeToStableInteriorEquilibrium()
    {
        var model = M("lotka-volterra");
        var p = model.Info.DefaultParameters();
        double[] equilibrium = [0.5, 0.5, 0.5];
        Assert.True(Jacobian.Derivative(model, equilibrium, p).All(v => Math.Abs(v) < 1e-15));
        var eigenvalues = Stability.Eigenvalues(model, equilibrium, p);
        output.WriteLine(string.Join(" ", eigenvalues));
        Assert.Equal(-0.25, eigenvalues[0].Real, 1e-12);
        Assert.Equal(-0.25, eigenvalues[1].Real, 1e-12);
        Assert.Equal(-1.0, eigenvalues[2].Real, 1e-12);
        Assert.All(eigenvalues, z => Assert.Equal(0, z.Imaginary, 1e-12));
        var final = Solve("cpu", Problem(model, [p], [model.Info.DefaultInitialState()]), Dopri5(200)).FinalState(0);
        Assert.True(MaxDifference(final, equilibrium) < 1e-10, $"final {string.Join(", ", final)}");
    }

    [Fact]
    public void StuartLandau_SettlesOnRadiusSqrtMu_OrDecaysForNegativeMu()
    {
        var model = M("stuart-landau");
        double[] mus = [0.25, 0.5, 1, 2, 4, -0.5, -1, -2];
        var parameters = mus.Select(mu => new[] { mu, 1.5 }).ToArray();
        var result = Solve("cpu", Problem(model, parameters, mus.Select(_ => new[] { 0.1, 0.05 }).ToArray()), Dopri5(100));
        for (int i = 0; i < mus.Length; i++)
        {
            Assert.Equal(TrajectoryStatus.Success, result.Status(i));
            double radius = Math.Sqrt(Math.Pow(result.FinalState(i, 0), 2) + Math.Pow(result.FinalState(i, 1), 2));
            output.WriteLine($"mu {mus[i]}: radius {radius:R}");
            if (mus[i] > 0) Assert.Equal(Math.Sqrt(mus[i]), radius, 1e-9);
            else Assert.True(radius < 1e-12);
        }
    }

    [Fact]
    public void Lorenz_ConvectionFixedPoints_HopfBetweenRho24Point7And24Point8()
    {
        var model = M("lorenz");
        const double sigma = 10, beta = 8.0 / 3;
        double Abscissa(double rho)
        {
            double r = Math.Sqrt(beta * (rho - 1));
            double[] cPlus = [r, r, rho - 1];
            Assert.True(Jacobian.Derivative(model, cPlus, [sigma, rho, beta]).All(v => Math.Abs(v) < 1e-12));
            double plus = Stability.SpectralAbscissa(model, cPlus, [sigma, rho, beta]);
            double minus = Stability.SpectralAbscissa(model, [-r, -r, rho - 1], [sigma, rho, beta]);
            Assert.Equal(plus, minus, 1e-12);   // C+ and C− are symmetric images
            return plus;
        }
        double below = Abscissa(24.7), above = Abscissa(24.8);
        double rhoH = sigma * (sigma + beta + 3) / (sigma - beta - 1);   // 24.7368…
        output.WriteLine($"max Re λ: {below:E3} at 24.7, {above:E3} at 24.8, {Abscissa(rhoH):E3} at ρ_H = {rhoH:R}");
        Assert.True(below < 0);
        Assert.True(above > 0);
        Assert.True(Math.Abs(Abscissa(rhoH)) < 1e-12);
    }

    [Fact]
    public void Lorenz_JacobianTrace_IsConstantPhaseSpaceContraction()
    {
        var model = M("lorenz");
        var random = new Random(1963);
        for (int i = 0; i < 20; i++)
        {
            double sigma = 1 + 20 * random.NextDouble(), rho = 50 * random.NextDouble(), beta = 5 * random.NextDouble();
            double[] u = [40 * random.NextDouble() - 20, 40 * random.NextDouble() - 20, 50 * random.NextDouble()];
            var j = Jacobian.Compute(model, u, [sigma, rho, beta]);
            Assert.Equal(-(sigma + 1 + beta), j[0, 0] + j[1, 1] + j[2, 2], 1e-12);
            double eigenSum = Stability.Eigenvalues(j).Sum(z => z.Real);
            Assert.Equal(-(sigma + 1 + beta), eigenSum, 1e-9);
        }
    }
}
