using ClusterGpu.Gpu;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.Steppers;
using ClusterGpu.ModelFiles;
using static ClusterGpu.Tests.ModelFiles.ModelFileTestSupport;

namespace ClusterGpu.Tests.ModelFiles;

/// <summary>The GPU path of model files without a GPU: ILGPU compiles a Roslyn-loaded model into a PTX kernel.</summary>
public class ModelFilePtxTests(TemporaryCompiler temporary) : IClassFixture<TemporaryCompiler>
{
    public static TheoryData<string, Type, Type> Kernels() => new()
    {
        { "noisy-adoption.toml", typeof(FixedStep<EulerMaruyama>), typeof(F64) },
        { "two-clusters.toml", typeof(Adaptive<DormandPrince5>), typeof(F32) },
    };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void A_model_file_compiles_to_a_PTX_kernel(string model, Type method, Type number)
    {
        var handle = ModelFile.Check(ModelPath(model), temporary.Compiler).Handle;
        var ptx = PtxCompiler.Compile(handle, method, number, typeof(WindowObserver<,>));
        Assert.Contains(".entry", ptx);
        Assert.DoesNotContain(".extern .func", ptx);
        Assert.DoesNotContain(".local", ptx);
    }
}
