using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;
using ILGPU;

namespace ClusterGpu.Kernels.EntryPoints;

/// <summary>
/// The ILGPU entry point, persistent threads: each thread integrates trajectories one after another with the whole integrator
/// fused in the kernel, state in registers, nothing written per step; when its trajectory ends it stores the outputs and takes
/// the next pending one (<see cref="IIntegrationMethod.IntegrateQueue"/>, <see cref="ThreadTrajectorySupply{TModel, TJacobian, T, TState, TObserver}"/>),
/// so a warp waits for its slowest thread only at the very end of the batch. Runs on CUDA, OpenCL and ILGPU's CPU accelerator.
/// </summary>
public static class EnsembleKernel
{
    /// <summary>
    /// Kernel body of one thread (threads are interchangeable: <paramref name="thread"/> is not read); arrays are laid out as
    /// <see cref="EnsembleLayout"/> says, <paramref name="taken"/>[0] counts the trajectories taken and starts at 0.
    /// </summary>
    public static void Solve<TModel, TJacobian, T, TState, TMethod, TObserver>(
        Index1D thread,
        ArrayView<double> parameters,
        ArrayView<double> initialStates,
        ArrayView<double> outputs,
        ArrayView<int> taken,
        EnsembleLayout layout,
        TMethod method,
        TObserver observer)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IScalar<T>
        where TState : struct, IState<TState, T>
        where TMethod : struct, IIntegrationMethod
        where TObserver : struct, IObserver<TObserver, T, TState>
    {
        var supply = new ThreadTrajectorySupply<TModel, TJacobian, T, TState, TObserver>(parameters, initialStates, outputs, taken, layout, observer);
        var block = default(IntegrationBlock<TModel, TJacobian, T, TState, TObserver>);
        method.IntegrateQueue(ref block, layout.T0, layout.TEnd, ref supply);
    }
}
