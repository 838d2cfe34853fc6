using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Observers;

/// <summary>
/// Samples at every <see cref="Stride"/>-th accepted step: sample k is the exact state after accepted step k·m, at
/// that step's time. With fixed-step methods and m = Δ/dt it is the grid t0 + k·Δ (the last sample at t_end when the
/// span is not a whole number of steps); with m = 1 it saves every step of any method.
/// </summary>
public readonly struct StepStride(long stride) : ISampleSchedule
{
    /// <summary>Accepted steps between samples, m ≥ 1.</summary>
    public readonly long Stride = stride;

    public T Contains<T>(T k, T accepted, T steps, T previousTime, T t) where T : struct, IReal<T>
    {
        var target = k * T.FromDouble(Stride);
        return T.And(accepted, T.And(T.LessOrEqual(steps, target), T.LessOrEqual(target, steps)));
    }

    public T Time<T>(T k, T t) where T : struct, IReal<T> => t;

    public TState Value<T, TState>(T k, T previousTime, T t, TState y0, TState y1, TState f0, TState f1, TState quartic)
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T> => y1;
}
