using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;
using ClusterGpu.Kernels.Steppers;

using LorenzJacobian = ClusterGpu.Kernels.Solvers.DualJacobian<ClusterGpu.Kernels.Models.Lorenz<ClusterGpu.Kernels.Numbers.Dual<ClusterGpu.Kernels.Numbers.Simd256<double>>>, ClusterGpu.Kernels.Numbers.Simd256<double>, ClusterGpu.Kernels.States.Vec3<ClusterGpu.Kernels.Numbers.Simd256<double>>, ClusterGpu.Kernels.States.Vec3<ClusterGpu.Kernels.Numbers.Dual<ClusterGpu.Kernels.Numbers.Simd256<double>>>>;

namespace ClusterGpu.Tests.Backends;

public sealed class CpuHotLoopTests
{
    private static Simd256<double> C(double v) => Simd256<double>.FromDouble(v);

    private static long AllocatedBy<TMethod>(TMethod method) where TMethod : struct, IIntegrationMethod
    {
        var model = new Lorenz<Simd256<double>>(C(10), C(28), C(8.0 / 3));
        var observer = default(NoObserver<Simd256<double>, Vec3<Simd256<double>>>);
        var y = new Vec3<Simd256<double>>(C(1), C(0), C(0));
        var p = default(ParameterBlock<Simd256<double>>);
        (p.P0, p.P1, p.P2) = (C(10), C(28), C(8.0 / 3));
        var jacobian = LorenzJacobian.Create(p);
        method.Integrate<Lorenz<Simd256<double>>, LorenzJacobian, Simd256<double>, Vec3<Simd256<double>>, NoObserver<Simd256<double>, Vec3<Simd256<double>>>>(
            model, jacobian, ref y, 0, 1, ref observer, default); // warm-up: JIT compilation allocates
        long before = GC.GetAllocatedBytesForCurrentThread();
        method.Integrate<Lorenz<Simd256<double>>, LorenzJacobian, Simd256<double>, Vec3<Simd256<double>>, NoObserver<Simd256<double>, Vec3<Simd256<double>>>>(
            model, jacobian, ref y, 0, 10, ref observer, default);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void FixedStepLoop_OnSimdRegisters_AllocatesNothing() => Assert.Equal(0, AllocatedBy(new FixedStep<Rk4>(1e-3)));

    [Fact]
    public void EulerMaruyamaLoop_OnSimdRegisters_AllocatesNothing() => Assert.Equal(0, AllocatedBy(new FixedStep<EulerMaruyama>(1e-3)));

    [Fact]
    public void AdaptiveLoop_OnSimdRegisters_AllocatesNothing() => Assert.Equal(0, AllocatedBy(new Adaptive<DormandPrince5>(1e-8, 1e-10, 1_000_000)));
}
