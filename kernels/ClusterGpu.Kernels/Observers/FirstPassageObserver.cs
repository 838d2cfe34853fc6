using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Observers;

/// <summary>
/// Hands every state to the inner observer unchanged and adds one column: the first passage time of state component
/// <c>c</c> through the level L, τ = inf{t : y_c(t) reaches L from the side of y_c(t0)} (upward when y_c(t0) &lt; L,
/// downward when y_c(t0) &gt; L, τ = t0 when y_c(t0) = L). Within the step [t_{k−1}, t_k] that reaches it, τ is
/// interpolated linearly: τ = t_{k−1} + (t_k − t_{k−1})·d_{k−1}/(d_{k−1} − d_k), d = y_c − L, and for adaptive methods
/// (which hand over f and the step's continuous extension, <see cref="DenseOutput"/>) refined by two Newton steps on the
/// extension, so τ is as accurate as the solver. NaN when never reached.
/// Every lane keeps its own start side and passage.
/// </summary>
public struct FirstPassageObserver<TInner, T, TState> : IObserver<FirstPassageObserver<TInner, T, TState>, T, TState>
    where TInner : struct, IObserver<TInner, T, TState>
    where T : struct, IReal<T>
    where TState : struct, IState<TState, T>
{
    private TInner inner;
    private readonly int component;
    private readonly T level;
    private T below, passed, passage, previousTime, previousDeviation, previousSlope;

    /// <summary>Wraps <paramref name="inner"/>; watches state component <paramref name="component"/> (0 ≤ component &lt; state length) for <paramref name="level"/>, from time <paramref name="t0"/>.</summary>
    public FirstPassageObserver(TInner inner, int component, double level, double t0)
    {
        this.inner = inner;
        this.component = component;
        this.level = T.FromDouble(level);
        below = passed = T.False;
        passage = T.FromDouble(double.NaN);
        previousTime = T.FromDouble(t0);
        previousDeviation = T.FromDouble(0.0);
    }

    public static bool UsesDenseOutput => true;
    public readonly int Columns => inner.Columns + 1;

    public void Start(TState y0, TState f0, TState tracked0)
    {
        inner.Start(y0, f0, tracked0);
        var zero = T.FromDouble(0.0);
        previousDeviation = y0[component] - level;
        previousSlope = f0[component];
        below = T.LessThan(previousDeviation, zero);
        passed = T.And(T.LessOrEqual(previousDeviation, zero), T.LessOrEqual(zero, previousDeviation));
        passage = T.Select(passed, previousTime, passage);
    }

    public void Enter(T lanes, in FirstPassageObserver<TInner, T, TState> fresh)
    {
        inner.Enter(lanes, fresh.inner);
        (below, passed, passage) = (T.Select(lanes, fresh.below, below), T.Select(lanes, fresh.passed, passed), T.Select(lanes, fresh.passage, passage));
        previousTime = T.Select(lanes, fresh.previousTime, previousTime);
        previousDeviation = T.Select(lanes, fresh.previousDeviation, previousDeviation);
        previousSlope = T.Select(lanes, fresh.previousSlope, previousSlope);
    }

    public void Observe(T accepted, T t, in TState y, in TState f, in TState quartic, in TState tracked)
    {
        inner.Observe(accepted, t, y, f, quartic, tracked);
        var zero = T.FromDouble(0.0);
        var deviation = y[component] - level;
        var reached = T.Select(below, T.LessOrEqual(zero, deviation), T.LessOrEqual(deviation, zero));
        var hit = T.AndNot(T.And(accepted, reached), passed);
        var h = t - previousTime;
        var crossing = previousTime + h * previousDeviation / (previousDeviation - deviation);
        // Newton on the step's extension (adaptive methods; with fixed steps f is NaN and the linear estimate stays).
        T d0 = h * previousSlope, d1 = h * f[component], q = quartic[component], s = (crossing - previousTime) / h;
        for (int i = 0; i < 2; i++)
            s -= DenseOutput.Value(s, previousDeviation, deviation, d0, d1, q) / DenseOutput.Slope(s, previousDeviation, deviation, d0, d1, q);
        var refined = T.And(T.IsFinite(s), T.And(T.LessOrEqual(T.FromDouble(0.0), s), T.LessOrEqual(s, T.FromDouble(1.0))));
        passage = T.Select(hit, T.Select(refined, previousTime + h * s, crossing), passage);
        passed = T.Or(passed, hit);
        previousTime = T.Select(accepted, t, previousTime);
        previousDeviation = T.Select(accepted, deviation, previousDeviation);
        previousSlope = T.Select(accepted, f[component], previousSlope);
    }

    /// <summary>The inner observer's columns, then the first passage time τ (NaN: never reached).</summary>
    public readonly T Column(int index) => index < inner.Columns ? inner.Column(index) : passage;
}
