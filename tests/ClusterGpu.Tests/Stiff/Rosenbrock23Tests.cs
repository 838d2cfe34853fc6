using ClusterGpu.Backends;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;
using ClusterGpu.Kernels.Steppers;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using Xunit.Abstractions;

namespace ClusterGpu.Tests.Stiff;

/// <summary>du/dt = u(1 − u), exact u(t) = 1/(1 + (1/u0 − 1)e^(−t)): non-stiff, nonlinear, generic (so it has a dual Jacobian).</summary>
public readonly struct LogisticGrowth<T> : IModel<LogisticGrowth<T>, T, Vec1<T>> where T : struct, IReal<T>
{
    public static ModelInfo Info { get; } = new("logistic-growth", "du/dt = u (1 - u) (test problem)", "du/dt = u (1 - u)", [new("u", 0.1, "value")], []);

    public static LogisticGrowth<T> Create(ParameterBlock<T> p) => default;

    public Vec1<T> Derivative(T t, Vec1<T> u) => new(u.X0 * (T.FromDouble(1.0) - u.X0));

    public Vec1<T> Diffusion(T t, Vec1<T> u) => Vec1<T>.Broadcast(T.FromDouble(0.0));
    public Vec1<T> Tracked(Vec1<T> u) => Vec1<T>.Broadcast(T.FromDouble(0.0));
}

/// <summary>Rosenbrock 2(3) with the exact dual-number Jacobian: stiff accuracy and cost, order, backend agreement.</summary>
public sealed class Rosenbrock23Tests(ITestOutputHelper output)
{
    private static readonly ModelHandle VanDerPol = ModelRegistry.Find("van-der-pol");

    private static EnsembleResult Solve(string backend, MethodKind method, double rtol, double atol, double tEnd, params double[] mus)
    {
        var problem = EnsembleProblem.FromDefaults(VanDerPol, mus.Length, (i, p, _) => p[0] = mus[i]);
        var settings = new IntegrationSettings { Method = method, RelativeTolerance = rtol, AbsoluteTolerance = atol, TEnd = tEnd, MaxSteps = 100_000_000 };
        using var b = BackendFactory.Create(backend);
        return new EnsembleSolver(b).Solve(problem, settings);
    }

    [Fact]
    public void VanDerPolMu1000_MatchesTightDopri5Reference_WithFarFewerStepsThanDopri5()
    {
        // Reference: Dopri5 at rtol 1e-12, atol 1e-12 (explicit, so its step is bounded by stability, not accuracy, on the slow phases).
        var reference = Solve("cpu", MethodKind.Dopri5, 1e-12, 1e-12, 2000, 1000);
        var dopri = Solve("cpu", MethodKind.Dopri5, 1e-6, 1e-6, 2000, 1000);
        var rosenbrock = Solve("cpu", MethodKind.Rosenbrock23, 1e-6, 1e-6, 2000, 1000);
        foreach (var r in new[] { reference, dopri, rosenbrock }) Assert.Equal(TrajectoryStatus.Success, r.Status(0));
        double x = reference.FinalState(0, 0), y = reference.FinalState(0, 1);
        double errorX = Math.Abs(rosenbrock.FinalState(0, 0) - x), errorY = Math.Abs(rosenbrock.FinalState(0, 1) - y);
        output.WriteLine($"reference (dopri5 rtol 1e-12): x {x:R}, y {y:R}, {reference.Steps(0)} steps");
        output.WriteLine($"dopri5 rtol 1e-6: {dopri.Steps(0)} steps; rosenbrock23 rtol 1e-6: {rosenbrock.Steps(0)} steps, |Δx| {errorX:E3}, |Δy| {errorY:E3}");
        Assert.True(errorX < 1e-3 * Math.Abs(x), $"x error {errorX}");
        Assert.True(errorY < 1e-3 * Math.Max(Math.Abs(y), 1e-3), $"y error {errorY}");
        Assert.True(rosenbrock.Steps(0) * 10 < dopri.Steps(0), $"{rosenbrock.Steps(0)} vs {dopri.Steps(0)}");
    }

    [Fact]
    public void Rosenbrock23_ConstantStep_ConvergesWithOrderTwo()
    {
        double[] dts = [0.2, 0.1, 0.05, 0.025, 0.0125];
        const double tEnd = 5, u0 = 0.1;
        double exact = 1 / (1 + (1 / u0 - 1) * Math.Exp(-tEnd));
        var model = default(LogisticGrowth<F64>);
        var jacobian = DualJacobian<LogisticGrowth<Dual<F64>>, F64, Vec1<F64>, Vec1<Dual<F64>>>.Create(default);
        var errors = dts.Select(dt =>
        {
            var y = new Vec1<F64>(new F64(u0));
            var k1 = model.Derivative(new F64(0), y);
            for (int i = 0; i < (int)Math.Round(tEnd / dt); i++)
                y = default(Rosenbrock23).Step(model, jacobian, new F64(i * dt), new F64(dt), y, k1, denseOutput: false, out _, out k1, out _);
            return Math.Abs(y.X0.Value - exact);
        }).ToArray();
        var x = dts.Select(v => Math.Log(v)).ToArray();
        var e = errors.Select(v => Math.Log(v)).ToArray();
        double mx = x.Average(), me = e.Average();
        double slope = x.Zip(e, (a, b) => (a - mx) * (b - me)).Sum() / x.Sum(a => (a - mx) * (a - mx));
        for (int i = 0; i < dts.Length; i++) output.WriteLine($"dt {dts[i]:G4}: error {errors[i]:E3}");
        output.WriteLine($"slope {slope:F3}");
        Assert.InRange(slope, 1.8, 2.2);
    }

    [Fact]
    public void SquareMatrix_Inverse_PivotsPerLane()
    {
        // M = I + A: lane 0 is [[0, 1], [3, 5]] and needs a row swap (zero leading entry), lane 1 is [[3, 1], [1, 4]] and does not.
        static Simd256<double> L(double a, double b) => Simd256<double>.Load([a, b, b, b]);
        var columns = (new Vec2<Simd256<double>>(L(-1, 2), L(3, 1)), new Vec2<Simd256<double>>(L(1, 1), L(4, 3)));
        var m = SquareMatrix<Simd256<double>, Vec2<Simd256<double>>>.IdentityMinus(Simd256<double>.FromDouble(-1.0), columns.Item1, columns.Item2, default, default);
        var x = new Vec2<Simd256<double>>(L(1, -1), L(2, 5));
        var back = m.Multiply(m.Inverse().Multiply(x));
        Span<double> lanes = stackalloc double[4];
        for (int i = 0; i < 2; i++)
        {
            Simd256<double>.Store(back[i] - x[i], lanes);
            Assert.True(Math.Abs(lanes[0]) < 1e-12 && Math.Abs(lanes[1]) < 1e-12, $"row {i}: {lanes[0]}, {lanes[1]}");
        }
    }

    [Fact]
    public void CpuAndIlgpuCpu_Agree()
    {
        double[] mus = [0.5, 10, 100, 1000];
        var cpu = Solve("cpu", MethodKind.Rosenbrock23, 1e-6, 1e-6, 100, mus);
        var ilgpu = Solve("ilgpu-cpu", MethodKind.Rosenbrock23, 1e-6, 1e-6, 100, mus);
        for (int i = 0; i < mus.Length; i++)
        {
            Assert.Equal(TrajectoryStatus.Success, cpu.Status(i));
            // Same kernel code; SIMD lanes fuse multiply-adds where scalar code may not, so agree to well within rtol.
            Assert.InRange(ilgpu.Steps(i), cpu.Steps(i) * 0.98, cpu.Steps(i) * 1.02);
            for (int k = 0; k < 2; k++)
                Assert.True(Math.Abs(cpu.FinalState(i, k) - ilgpu.FinalState(i, k)) <= 1e-5 * (1 + Math.Abs(cpu.FinalState(i, k))),
                    $"mu {mus[i]} component {k}: {cpu.FinalState(i, k)} vs {ilgpu.FinalState(i, k)}");
            output.WriteLine($"mu {mus[i]}: {cpu.Steps(i)} steps, x {cpu.FinalState(i, 0):R}");
        }
    }
}
