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
    /// <summary>
    /// True when <see cref="Observe"/> reads the step's continuous extension (the <c>quartic</c> coefficient); false lets
    /// adaptive steppers skip computing it.
    /// </summary>
    static abstract bool UsesDenseOutput { get; }

    /// <summary>Output columns this observer yields.</summary>
    int Columns { get; }

    /// <summary>
    /// Receives the initial state, its derivative f(t0, y0) (NaN from fixed-step methods, which do not compute it) and the
    /// model's tracked quantities before the first step.
    /// </summary>
    void Start(TState y0, TState f0, TState tracked0);

    /// <summary>
    /// Folds the state <paramref name="y"/> reached at time <paramref name="t"/>, its derivative <paramref name="f"/> = f(t, y)
    /// (adaptive methods: the step's first-same-as-last derivative, which with the previous point defines the step's
    /// <see cref="DenseOutput"/>, together with the step's <paramref name="quartic"/> coefficient; fixed-step methods: NaN for
    /// both) and the model's tracked quantities
    /// into the lanes set in <paramref name="accepted"/>.
    /// </summary>
    void Observe(T accepted, T t, in TState y, in TState f, in TState quartic, in TState tracked);

    /// <summary>
    /// Replaces the lanes set in <paramref name="lanes"/> by those of <paramref name="fresh"/>, a new trajectory's observer of
    /// the same settings after its <see cref="Start"/> (the cpu backend refills finished lanes of a register with pending
    /// trajectories).
    /// </summary>
    void Enter(T lanes, in TSelf fresh);

    /// <summary>Output column <paramref name="index"/> after the integration.</summary>
    T Column(int index);
}
