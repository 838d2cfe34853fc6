using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Observers;

/// <summary>
/// Samples on the time grid τ_k = min(t0 + k·Δ, t_end), k = 0, 1, …, for adaptive methods: sample k lies in the accepted
/// step with t_prev &lt; τ_k ≤ t and its value is the step's continuous extension (<see cref="DenseOutput"/>) at s = (τ_k − t_prev)/(t − t_prev)
/// (third order, from the end values and the first-same-as-last derivatives; exactly the step's end state when τ_k = t).
/// Needs f(t, y) from the solver: fixed-step methods (f = NaN) use <see cref="StepStride"/>.
/// </summary>
public readonly struct DenseGrid(double t0, double interval, double tEnd) : ISampleSchedule
{
    /// <summary>Start time t0.</summary>
    public readonly double T0 = t0;
    /// <summary>Grid spacing Δ &gt; 0 (time units).</summary>
    public readonly double Interval = interval;
    /// <summary>End time: the last grid time is capped at it.</summary>
    public readonly double TEnd = tEnd;

    public T Contains<T>(T k, T accepted, T steps, T previousTime, T t) where T : struct, IReal<T>
    {
        var tau = Time(k, t);
        return T.And(accepted, T.And(T.LessThan(previousTime, tau), T.LessOrEqual(tau, t)));
    }

    public T Time<T>(T k, T t) where T : struct, IReal<T> =>
        T.Min(T.FromDouble(T0) + k * T.FromDouble(Interval), T.FromDouble(TEnd));

    public TState Value<T, TState>(T k, T previousTime, T t, TState y0, TState y1, TState f0, TState f1, TState quartic)
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        var h = t - previousTime;
        return DenseOutput.Value((Time(k, t) - previousTime) / h, h, y0, y1, f0, f1, quartic);
    }
}
