using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Observers;

/// <summary>
/// Observes the <see cref="Tangent{TDual, T, TState, TDualState}"/> system: hands the trajectory part to the
/// inner observer unchanged and adds one column, the largest Lyapunov exponent
/// λ = (w(t_last) − w(t_w)) / (t_last − t_w) over the observation window [t_w, t_end] (the same window as the
/// inner statistics, so the transient and the alignment of the tangent vector are left out; t_w is the first
/// accepted time inside the window, t_last the last accepted one).
/// </summary>
public struct LyapunovObserver<TInner, T, TState> : IObserver<LyapunovObserver<TInner, T, TState>, T, TangentState<TState, T>>
    where TInner : struct, IObserver<TInner, T, TState>
    where T : struct, IReal<T>
    where TState : struct, IState<TState, T>
{
    private TInner inner;
    private readonly T windowStart;
    private T started, startTime, startGrowth, lastTime, lastGrowth;

    /// <summary>Wraps <paramref name="inner"/>; the exponent is taken over the last <paramref name="fraction"/> of [t0, t_end].</summary>
    public LyapunovObserver(TInner inner, double t0, double tEnd, double fraction)
    {
        this.inner = inner;
        windowStart = T.FromDouble(tEnd - fraction * (tEnd - t0));
        var zero = T.FromDouble(0.0);
        started = T.False;
        startTime = startGrowth = lastTime = lastGrowth = zero;
    }

    public static bool UsesDenseOutput => TInner.UsesDenseOutput;
    public readonly int Columns => inner.Columns + 1;

    public void Start(TangentState<TState, T> y0, TangentState<TState, T> f0, TangentState<TState, T> tracked0) => inner.Start(y0.U, f0.U, tracked0.U);

    public void Enter(T lanes, in LyapunovObserver<TInner, T, TState> fresh)
    {
        inner.Enter(lanes, fresh.inner);
        (started, startTime, startGrowth) = (T.Select(lanes, fresh.started, started), T.Select(lanes, fresh.startTime, startTime), T.Select(lanes, fresh.startGrowth, startGrowth));
        (lastTime, lastGrowth) = (T.Select(lanes, fresh.lastTime, lastTime), T.Select(lanes, fresh.lastGrowth, lastGrowth));
    }

    public void Observe(T accepted, T t, in TangentState<TState, T> y, in TangentState<TState, T> f, in TangentState<TState, T> quartic, in TangentState<TState, T> tracked)
    {
        inner.Observe(accepted, t, y.U, f.U, quartic.U, tracked.U);
        var inWindow = T.And(accepted, T.LessOrEqual(windowStart, t));
        var first = T.AndNot(inWindow, started);
        startTime = T.Select(first, t, startTime);
        startGrowth = T.Select(first, y.W, startGrowth);
        started = T.Or(started, inWindow);
        lastTime = T.Select(inWindow, t, lastTime);
        lastGrowth = T.Select(inWindow, y.W, lastGrowth);
    }

    /// <summary>The inner observer's columns, then the largest Lyapunov exponent (NaN when the window saw fewer than two steps).</summary>
    public readonly T Column(int index) =>
        index < inner.Columns ? inner.Column(index) : (lastGrowth - startGrowth) / (lastTime - startTime);
}
