using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;
using ClusterGpu.Kernels.Steppers;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using static ClusterGpu.Tests.Analysis.AnalysisSupport;

namespace ClusterGpu.Tests.Kernels;

/// <summary>A right-hand side that uses every elementary function (a bounded, damped system).</summary>
public readonly struct ElementaryProbe<T>(T a) : IModel<ElementaryProbe<T>, T, Vec3<T>> where T : struct, IReal<T>
{
    public static ModelInfo Info { get; } = new("elementary-probe", "every elementary function (test model)",
        "dx = -x + tanh(a y) + 0.1 sin(t); dy = -y + cos(x) exp(-z^2); dz = 0.5 log(1 + x^2) - z + 0.1 (1 + y^2)^0.3",
        [new("x", 0.5, "x"), new("y", -0.2, "y"), new("z", 0.1, "z")], [new("a", 1.5, 0, 5, "gain")]);

    public static ElementaryProbe<T> Create(ParameterBlock<T> p) => new(p.P0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3<T> Derivative(T t, Vec3<T> u)
    {
        var one = T.FromDouble(1.0);
        return new(
            -u.X0 + Elementary.Tanh(a * u.X1) + T.FromDouble(0.1) * T.Sin(t),
            -u.X1 + T.Cos(u.X0) * T.Exp(-(u.X2 * u.X2)),
            T.FromDouble(0.5) * T.Log(one + u.X0 * u.X0) - u.X2 + T.FromDouble(0.1) * Elementary.Pow(one + u.X1 * u.X1, T.FromDouble(0.3)));
    }

    public Vec3<T> Diffusion(T t, Vec3<T> u) => new(T.FromDouble(0.05), T.FromDouble(0.0), T.FromDouble(0.02) * T.Exp(u.X2));

    public Vec3<T> Tracked(Vec3<T> u) => new(T.Sin(u.X0), T.FromDouble(0.0), T.FromDouble(0.0));
}

/// <summary>
/// Elementary functions inside the kernels: the same bits on cpu (SIMD lanes), scalar and ilgpu-cpu for every method
/// (Rosenbrock's dual-number Jacobian and Euler–Maruyama included), and PTX with no local memory, no undefined calls and
/// only explicitly rounded arithmetic.
/// </summary>
public sealed partial class ElementaryKernelTests
{
    private static readonly ModelHandle Probe = new(typeof(ElementaryProbe<>));

    public static TheoryData<string> Methods() => ["rk4", "dopri5", "rosenbrock23", "euler-maruyama"];

    private static IntegrationSettings Settings(string method) => method switch
    {
        "rk4" => Rk4(4, 0.01),
        "dopri5" => Dopri5(4, 1e-9, 1e-11),
        "rosenbrock23" => new() { Method = MethodKind.Rosenbrock23, TEnd = 4, RelativeTolerance = 1e-7, AbsoluteTolerance = 1e-9 },
        _ => new() { Method = MethodKind.EulerMaruyama, TEnd = 4, Dt = 0.01, Seed = 3 },
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void EveryBackend_GivesTheSameBits(string method)
    {
        var problem = EnsembleProblem.FromDefaults(Probe, 61, (i, p, y) => { p[0] = 0.08 * i; y[0] = -1 + 0.04 * i; });
        var window = new Observation();
        var cpu = Solve("cpu", problem, Settings(method), window);
        Assert.All(Enumerable.Range(0, 61), i => Assert.Equal(TrajectoryStatus.Success, cpu.Status(i)));
        foreach (var other in new[] { "scalar", "ilgpu-cpu" })
        {
            var result = Solve(other, problem, Settings(method), window);
            var a = MemoryMarshal.Cast<double, long>(cpu.Columns.AsSpan());
            var b = MemoryMarshal.Cast<double, long>(result.Columns.AsSpan());
            int first = a.CommonPrefixLength(b);
            Assert.True(first == a.Length && a.Length == b.Length, $"{method}: cpu and {other} differ at column entry {first}");
        }
    }

    [Theory]
    [InlineData(typeof(F64))]
    [InlineData(typeof(F32))]
    public void Kernels_CompileToPtx_WithoutLocalMemoryOrCalls(Type number)
    {
        foreach (var method in new[] { typeof(FixedStep<Rk4>), typeof(Adaptive<DormandPrince5>), typeof(Adaptive<Rosenbrock23>), typeof(FixedStep<EulerMaruyama>) })
        {
            var ptx = ClusterGpu.Gpu.PtxCompiler.Compile(Probe, method, number, typeof(WindowObserver<,>));
            Assert.DoesNotContain(".local", ptx);
            Assert.DoesNotContain(".extern .func", ptx);
            Assert.DoesNotContain(".call", ptx);
            Assert.Contains(number == typeof(F64) ? "cvt.rmi.f64.f64" : "cvt.rmi.f32.f32", ptx); // Floor, exact
        }
    }
}
