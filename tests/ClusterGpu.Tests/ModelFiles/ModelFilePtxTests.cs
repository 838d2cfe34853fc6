using ClusterGpu.Gpu;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.Steppers;
using ClusterGpu.ModelFiles;
using static ClusterGpu.Tests.ModelFiles.ModelFileTestSupport;

namespace ClusterGpu.Tests.ModelFiles;

/// <summary>
/// The GPU path of model files without a GPU: ILGPU compiles every example model file, Roslyn-loaded, into PTX kernels
/// for every kind of method (the dual-number Jacobian of rosenbrock23 and the noise of euler-maruyama included), as
/// device-ready as the built-in models' (no .local, no undefined calls, only explicitly rounded arithmetic).
/// </summary>
public class ModelFilePtxTests(TemporaryCompiler temporary) : IClassFixture<TemporaryCompiler>
{
    public static TheoryData<string, Type, Type> Kernels()
    {
        var data = new TheoryData<string, Type, Type>();
        foreach (var model in new[] { "innovation-cluster.toml", "two-clusters.toml", "noisy-adoption.toml" })
            foreach (var method in new[] { typeof(FixedStep<Rk4>), typeof(Adaptive<DormandPrince5>), typeof(Adaptive<Rosenbrock23>), typeof(FixedStep<EulerMaruyama>) })
                foreach (var number in new[] { typeof(F64), typeof(F32) })
                    data.Add(model, method, number);
        return data;
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void A_model_file_compiles_to_a_PTX_kernel(string model, Type method, Type number)
    {
        var handle = ModelFile.Check(ModelPath(model), temporary.Compiler).Handle;
        var ptx = PtxCompiler.Compile(handle, method, number, typeof(WindowObserver<,>));
        ClusterGpu.Tests.Kernels.PtxCompilationTests.AssertDeviceReady(ptx, number);
    }

    [Fact]
    public void The_tangent_system_of_a_model_file_compiles_to_PTX_for_Lyapunov_exponents()
    {
        var handle = ModelFile.Check(ModelPath("two-clusters.toml"), temporary.Compiler).Handle;
        var ptx = PtxCompiler.Compile(handle, typeof(Adaptive<DormandPrince5>), typeof(F64), typeof(LyapunovObserver<,,>));
        ClusterGpu.Tests.Kernels.PtxCompilationTests.AssertDeviceReady(ptx, typeof(F64));
    }
}
