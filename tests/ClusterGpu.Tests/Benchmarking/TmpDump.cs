using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.Steppers;
using ClusterGpu.Models;
namespace ClusterGpu.Tests.Benchmarking;
public sealed class TmpDumpBench
{
    [Fact]
    public void Dump()
    {
        foreach (var m in new[] { "logistic", "lorenz", "innovation-cluster" })
        {
            File.WriteAllText($"/tmp/ptxdump/{m}-rk4.ptx", ClusterGpu.Gpu.PtxCompiler.Compile(ModelRegistry.Find(m), typeof(FixedStep<Rk4>), typeof(F64), typeof(NoObserver<,>)));
            File.WriteAllText($"/tmp/ptxdump/{m}-dopri5.ptx", ClusterGpu.Gpu.PtxCompiler.Compile(ModelRegistry.Find(m), typeof(Adaptive<DormandPrince5>), typeof(F64), typeof(NoObserver<,>)));
        }
    }
}
