using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;
using ILGPU;

namespace ClusterGpu.Kernels.EntryPoints;

/// <summary>
/// One kernel thread's <see cref="ILaneSupply{TModel, TJacobian, T, TState, TObserver}"/> (<see cref="EnsembleKernel"/>): the
/// thread takes trajectory after trajectory from the batch's shared counter (<c>taken[0]++</c>, atomic) and stores each
/// ended one's output columns at its place. Threads that start after the counter passed the batch's end exit at once, so a
/// launch may hold more threads than the device keeps resident. Which thread runs which trajectory varies from run to
/// run; what each trajectory gets does not.
/// </summary>
public struct ThreadTrajectorySupply<TModel, TJacobian, T, TState, TObserver>(
    ArrayView<double> parameters, ArrayView<double> initialStates, ArrayView<double> outputs, ArrayView<int> taken,
    EnsembleLayout layout, TObserver prototype) : ILaneSupply<TModel, TJacobian, T, TState, TObserver>
    where TModel : struct, IModel<TModel, T, TState>
    where TJacobian : struct, IJacobian<TJacobian, T, TState>
    where T : struct, IScalar<T>
    where TState : struct, IState<TState, T>
    where TObserver : struct, IObserver<TObserver, T, TState>
{
    /// <summary>The trajectory this thread runs or last ran (≥ Count: none left).</summary>
    private int trajectory;

    /// <summary>A thread's one lane is refilled as soon as it ends.</summary>
    public readonly bool Worth(T ended) => true;

    public T Exchange(int slot, T ended, ref IntegrationBlock<TModel, TJacobian, T, TState, TObserver> block)
    {
        int n = layout.Count;
        if (T.Any(ended))
        {
            var residual = TrajectoryRunner.Residual(block);
            int columns = layout.FixedColumns + prototype.Columns;
            for (int c = 0; c < columns; c++)
                outputs[(long)c * n + trajectory] = T.ToDouble(TrajectoryRunner.Column(c, block.State, block.Outcome, residual, ref block.Observer));
        }
        trajectory = Atomic.Add(ref taken[0], 1);
        if (trajectory >= n) return T.False;
        var p = default(ParameterBlock<T>);
        for (int k = 0; k < ParameterBlock<T>.Capacity; k++)
            if (k < layout.ParameterCount) p[k] = T.FromDouble(parameters[(long)k * n + trajectory]);
        var y = default(TState);
        for (int k = 0; k < TState.Length; k++) y[k] = T.FromDouble(initialStates[(long)k * n + trajectory]);
        block = TrajectoryRunner.Block<TModel, TJacobian, T, TState, TObserver>(p, y, trajectory, prototype, layout);
        return T.True;
    }
}
