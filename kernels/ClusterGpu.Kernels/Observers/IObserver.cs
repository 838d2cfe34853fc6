using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Observers;

/// <summary>
/// Folds values along a trajectory inside the kernel (nothing is saved per step) and yields a fixed number of
/// output columns. Called after every accepted step with the mask of lanes whose step was accepted.
/// </summary>
public interface IObserver<TSelf, T, TState>
    where TSelf : struct, IObserver<TSelf, T, TState>
    where T : struct, IReal<T>
    where TState : struct, IState<TState, T>
{
    /// <summary>Output columns this observer yields.</summary>
    int Columns { get; }

    /// <summary>Receives the initial state (and the model's tracked quantities) before the first step.</summary>
    void Start(TState y0, TState tracked0);

    /// <summary>
    /// Folds the state <paramref name="y"/> reached at time <paramref name="t"/> (and the model's tracked quantities)
    /// into the lanes set in <paramref name="accepted"/>.
    /// </summary>
    void Observe(T accepted, T t, TState y, TState tracked);

    /// <summary>Output column <paramref name="index"/> after the integration.</summary>
    T Column(int index);
}
