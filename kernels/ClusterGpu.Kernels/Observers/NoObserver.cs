using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Observers;

/// <summary>Observes nothing: only the final state and the outcome are returned.</summary>
public struct NoObserver<T, TState> : IObserver<NoObserver<T, TState>, T, TState>
    where T : struct, IReal<T>
    where TState : struct, IState<TState, T>
{
    public static bool UsesDenseOutput => false;
    public readonly int Columns => 0;
    public void Start(TState y0, TState f0, TState tracked0) { }
    public void Observe(T accepted, T t, in TState y, in TState f, in TState quartic, in TState tracked) { }
    public void Enter(T lanes, in NoObserver<T, TState> fresh) { }
    public readonly T Column(int index) => T.FromDouble(double.NaN);
}
