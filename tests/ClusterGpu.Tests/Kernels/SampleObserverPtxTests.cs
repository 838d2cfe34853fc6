using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.Steppers;
using ClusterGpu.Models;
using Xunit.Abstractions;

namespace ClusterGpu.Tests.Kernels;

/// <summary>The trajectory and orbit-diagram observers compile to PTX with their 8 slots in registers (no local memory).</summary>
public sealed class SampleObserverPtxTests(ITestOutputHelper output)
{
    public static TheoryData<string, Type, string> Kernels() => new()
    {
        { "lorenz", typeof(Adaptive<DormandPrince5>), "grid" },
        { "lorenz", typeof(FixedStep<Rk4>), "stride" },
        { "innovation-cluster", typeof(FixedStep<EulerMaruyama>), "stride" },
        { "innovation-cluster", typeof(Adaptive<Rosenbrock23>), "grid" },
        { "lorenz", typeof(Adaptive<DormandPrince5>), "peak" },
        { "brusselator", typeof(Adaptive<Rosenbrock23>), "peak" },
    };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Observer_CompilesToPtx_WithoutLocalMemory(string model, Type method, string observer)
    {
        var ptx = ClusterGpu.Gpu.PtxCompiler.Compile(ModelRegistry.Find(model), method, typeof(F64), (number, state) => observer switch
        {
            "peak" => typeof(PeakObserver<,>).MakeGenericType(number, state),
            "grid" => typeof(SampleObserver<,,>).MakeGenericType(typeof(DenseGrid), number, state),
            _ => typeof(SampleObserver<,,>).MakeGenericType(typeof(StepStride), number, state),
        });
        output.WriteLine($"{model} {method.Name} {observer}: {ptx.Length} characters of PTX");
        PtxCompilationTests.AssertDeviceReady(ptx, typeof(F64));
    }
}
