using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;
using ClusterGpu.Kernels.Steppers;
using Xunit.Abstractions;

namespace ClusterGpu.Tests.Analysis;

/// <summary>
/// A non-autonomous test problem du/dt = u·cos t, u(0) = 1, exact u(t) = exp(sin t): the time argument
/// matters, so a stepper that evaluates stages at the wrong times loses its order.
/// </summary>
public readonly struct CosineGrowth : IModel<CosineGrowth, F64, Vec1<F64>>
{
    public static ModelInfo Info { get; } = new(
        "cosine-growth", "du/dt = u cos t (test problem)", "du/dt = u cos t",
        [new("u", 1.0, "value")], []);

    public static CosineGrowth Create(ParameterBlock<F64> p) => default;

    public Vec1<F64> Derivative(F64 t, Vec1<F64> u) => new(new F64(u.X0.Value * Math.Cos(t.Value)));

    public Vec1<F64> Diffusion(F64 t, Vec1<F64> u) => Vec1<F64>.Broadcast(F64.FromDouble(0.0));
    public Vec1<F64> Tracked(Vec1<F64> u) => new(new F64(0.0));
}

/// <summary>Empirical order of convergence: least-squares slope of log(error) against log(dt).</summary>
public sealed class ConvergenceOrderTests(ITestOutputHelper output)
{
    private const double TEnd = 10.0;
    private static readonly double Exact = Math.Exp(Math.Sin(TEnd));

    private static double Slope(double[] dts, double[] errors)
    {
        var x = dts.Select(v => Math.Log(v)).ToArray();
        var y = errors.Select(v => Math.Log(v)).ToArray();
        double mx = x.Average(), my = y.Average();
        return x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum() / x.Sum(a => (a - mx) * (a - mx));
    }

    private double Report(string name, double[] dts, double[] errors)
    {
        for (int i = 0; i < dts.Length; i++) output.WriteLine($"{name} dt {dts[i]:G4}: error {errors[i]:E3}");
        double slope = Slope(dts, errors);
        output.WriteLine($"{name} slope {slope:F3}");
        return slope;
    }

    [Fact]
    public void Rk4_FixedStep_ConvergesWithOrderFour()
    {
        // dt = 0.2 is still pre-asymptotic for this problem (error ratio ≈ 11 to dt = 0.1), so start at 0.1;
        // the smallest error (~3e-12) stays far above round-off.
        double[] dts = [0.1, 0.05, 0.025, 0.0125, 0.00625];
        var errors = dts.Select(dt =>
        {
            var y = new Vec1<F64>(new F64(1.0));
            var observer = default(NoObserver<F64, Vec1<F64>>);
            var outcome = new FixedStep<Rk4>(dt).Integrate<CosineGrowth, NoJacobian<F64, Vec1<F64>>, F64, Vec1<F64>, NoObserver<F64, Vec1<F64>>>(default, default, ref y, 0, TEnd, ref observer, default);
            Assert.Equal((double)TrajectoryStatus.Success, outcome.Status.Value);
            return Math.Abs(y.X0.Value - Exact);
        }).ToArray();
        Assert.InRange(Report("rk4", dts, errors), 3.7, 4.3);
    }

    [Fact]
    public void DormandPrince5_ConstantStep_ConvergesWithOrderFive()
    {
        double[] dts = [0.2, 0.1, 0.05, 0.025];
        var errors = dts.Select(dt =>
        {
            var stepper = default(DormandPrince5);
            var model = default(CosineGrowth);
            int steps = (int)Math.Round(TEnd / dt);
            var y = new Vec1<F64>(new F64(1.0));
            var k1 = model.Derivative(new F64(0), y);
            for (int i = 0; i < steps; i++)
                y = stepper.Step(model, default(NoJacobian<F64, Vec1<F64>>), new F64(i * dt), new F64(dt), y, k1, denseOutput: false, out _, out k1, out _);
            return Math.Abs(y.X0.Value - Exact);
        }).ToArray();
        Assert.InRange(Report("dopri5", dts, errors), 4.7, 5.3);
    }

    [Fact]
    public void DormandPrince5_ErrorEstimate_ShrinksWithOrderFive()
    {
        // The embedded estimate e = (b − b̂)·k of one step from the same point scales as h^5 (local error of the order-4 solution).
        double[] hs = [0.2, 0.1, 0.05, 0.025];
        var model = default(CosineGrowth);
        var y0 = new Vec1<F64>(new F64(Math.Exp(Math.Sin(0.3))));
        var k1 = model.Derivative(new F64(0.3), y0);
        var estimates = hs.Select(h =>
        {
            default(DormandPrince5).Step(model, default(NoJacobian<F64, Vec1<F64>>), new F64(0.3), new F64(h), y0, k1, denseOutput: false, out var error, out _, out _);
            return Math.Abs(error.X0.Value);
        }).ToArray();
        Assert.InRange(Report("dopri5 estimate", hs, estimates), 4.7, 5.3);
    }

    /// <summary>
    /// Dormand–Prince's continuous extension (Hermite cubic + θ²(1 − θ)²q) at mid-step has local error O(h⁵) (order 4);
    /// without q (the plain Hermite cubic) O(h⁴). Its exact integral over the step is as accurate.
    /// </summary>
    [Fact]
    public void DormandPrince5_DenseOutput_HasOrderFour_TheHermiteCubicOrderThree()
    {
        double[] hs = [0.1, 0.05, 0.025, 0.0125];
        var model = default(CosineGrowth);
        const double t0 = 0.3;
        var y0 = new Vec1<F64>(new F64(Math.Exp(Math.Sin(t0))));
        var k1 = model.Derivative(new F64(t0), y0);
        var zero = Vec1<F64>.Broadcast(new F64(0.0));
        var dense = new double[hs.Length];
        var cubic = new double[hs.Length];
        var integral = new double[hs.Length];
        for (int i = 0; i < hs.Length; i++)
        {
            double h = hs[i];
            var y1 = default(DormandPrince5).Step(model, default(NoJacobian<F64, Vec1<F64>>), new F64(t0), new F64(h), y0, k1, denseOutput: true, out _, out var f1, out var q);
            double exact = Math.Exp(Math.Sin(t0 + 0.4 * h));
            dense[i] = Math.Abs(DenseOutput.Value(new F64(0.4), new F64(h), y0, y1, k1, f1, q).X0.Value - exact);
            cubic[i] = Math.Abs(DenseOutput.Value(new F64(0.4), new F64(h), y0, y1, k1, f1, zero).X0.Value - exact);
            // ∫ exp(sin t) dt over the step, by 64-point composite Simpson (error far below the dense output's).
            double simpson = 0;
            for (int j = 0; j <= 64; j++) simpson += (j == 0 || j == 64 ? 1 : j % 2 == 1 ? 4 : 2) * Math.Exp(Math.Sin(t0 + h * j / 64));
            simpson *= h / 64 / 3;
            integral[i] = Math.Abs(DenseOutput.Integral(new F64(h), y0.X0, y1.X0, k1.X0, f1.X0, q.X0).Value - simpson);
        }
        Assert.InRange(Report("dopri5 dense output at 0.4h", hs, dense), 4.6, 5.6);
        Assert.InRange(Report("hermite cubic at 0.4h", hs, cubic), 3.6, 4.5);
        Assert.InRange(Report("dopri5 dense output integral", hs, integral), 5.5, 6.5);
    }
}
