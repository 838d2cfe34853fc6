using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;
using ILGPU;

namespace ClusterGpu.Kernels.EntryPoints;

/// <summary>
/// The ILGPU entry point: one thread integrates one trajectory with the whole integrator fused in the kernel,
/// state in registers, nothing written per step. Runs on CUDA, OpenCL and ILGPU's CPU accelerator.
/// </summary>
public static class EnsembleKernel
{
    /// <summary>Kernel body for trajectory <paramref name="index"/>; arrays are laid out as <see cref="EnsembleLayout"/> says.</summary>
    public static void Solve<TModel, TJacobian, T, TState, TMethod, TObserver>(
        Index1D index,
        ArrayView<double> parameters,
        ArrayView<double> initialStates,
        ArrayView<double> outputs,
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
        int i = index;
        int n = layout.Count;
        var p = default(ParameterBlock<T>);
        for (int k = 0; k < ParameterBlock<T>.Capacity; k++)
            if (k < layout.ParameterCount) p[k] = T.FromDouble(parameters[k * n + i]);
        var y = default(TState);
        for (int k = 0; k < TState.Length; k++) y[k] = T.FromDouble(initialStates[k * n + i]);

        var outcome = TrajectoryRunner.Run<TModel, TJacobian, T, TState, TMethod, TObserver>(p, ref y, i, layout, method, ref observer, out var residual);

        int columns = layout.FixedColumns + observer.Columns;
        for (int c = 0; c < columns; c++)
            outputs[(long)c * n + i] = T.ToDouble(TrajectoryRunner.Column(c, y, outcome, residual, ref observer));
    }
}
