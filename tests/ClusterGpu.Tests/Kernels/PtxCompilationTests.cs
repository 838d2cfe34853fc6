using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.Steppers;
using ClusterGpu.Models;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace ClusterGpu.Tests.Kernels;

/// <summary>
/// The GPU path without a GPU: every model × method (Euler–Maruyama and stochastic Heun included, with their random numbers) ×
/// precision × observer (first passage included) kernel compiles to PTX for SM 9.0, keeps its state in registers (no <c>.local</c>),
/// calls no undefined function, and rounds every floating-point operation explicitly to nearest (<c>.rn</c>, one <c>fma</c>
/// per MulAdd), as the CPU backends do.
/// </summary>
public sealed partial class PtxCompilationTests(ITestOutputHelper output)
{
    public static TheoryData<string, Type, Type, Type> Kernels()
    {
        var data = new TheoryData<string, Type, Type, Type>();
        foreach (var model in ModelRegistry.All)
            foreach (var method in new[] { typeof(FixedStep<Rk4>), typeof(Adaptive<DormandPrince5>), typeof(Adaptive<Rosenbrock23>), typeof(FixedStep<EulerMaruyama>), typeof(FixedStep<StochasticHeun>) })
                foreach (var number in new[] { typeof(F64), typeof(F32) })
                    foreach (var observer in new[] { typeof(NoObserver<,>), typeof(WindowObserver<,>), typeof(FirstPassageObserver<,,>), typeof(LyapunovObserver<,,>) })
                        if (!IsStochastic(method) || observer != typeof(LyapunovObserver<,,>)) // no tangent system with noise
                            data.Add(model.Info.Name, method, number, observer);
        return data;
    }

    private static bool IsStochastic(Type method) => method == typeof(FixedStep<EulerMaruyama>) || method == typeof(FixedStep<StochasticHeun>);

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_CompilesToPtx_WithoutLocalMemory(string modelName, Type method, Type number, Type observer)
    {
        var ptx = ClusterGpu.Gpu.PtxCompiler.Compile(ModelRegistry.Find(modelName), method, number, observer);
        output.WriteLine($"{modelName} {method.Name} {number.Name} {observer.Name}: {ptx.Length} characters of PTX");
        AssertDeviceReady(ptx, number);
    }

    /// <summary>
    /// The kernel is an entry, keeps everything in registers, calls nothing undefined, and rounds every floating-point
    /// operation explicitly to nearest (one fma per MulAdd).
    /// </summary>
    internal static void AssertDeviceReady(string ptx, Type number)
    {
        Assert.Contains(".entry", ptx);
        Assert.DoesNotContain(".local", ptx);
        // Every called function must be defined in the module, or the driver cannot link it.
        Assert.DoesNotContain(".extern .func", ptx);
        // Explicitly rounded instructions are never contracted or approximated by ptxas: the GPU computes what cpu,
        // scalar and ilgpu-cpu compute.
        var unrounded = FloatingPointInstruction().Matches(ptx).Select(m => m.Value.Trim()).Where(i => !i.Contains(".rn.")).Distinct().ToList();
        Assert.True(unrounded.Count == 0, $"Floating-point instructions without .rn: {string.Join(", ", unrounded)}");
        Assert.Contains(number == typeof(F64) ? "fma.rn.f64" : "fma.rn.f32", ptx);
    }

    [GeneratedRegex(@"^\s*(add|sub|mul|mad|fma|div|sqrt|rcp|rsqrt|ex2|lg2|sin|cos)(\.\w+)*\.f(16|32|64)\b", RegexOptions.Multiline)]
    private static partial Regex FloatingPointInstruction();
}
