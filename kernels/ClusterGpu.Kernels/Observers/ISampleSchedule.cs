using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Observers;

/// <summary>
/// Where the samples of <see cref="SampleObserver{TSchedule, T, TState}"/> lie: sample k (k = 0, 1, …; sample 0 is the
/// initial state at t0) falls into at most one accepted step (t_prev, t] and takes its value from that step.
/// Implementations: <see cref="DenseGrid"/> (a time grid, values from the step's continuous extension, <see cref="DenseOutput"/>) and
/// <see cref="StepStride"/> (every m-th accepted step, values exact).
/// </summary>
public interface ISampleSchedule
{
    /// <summary>
    /// Mask of the lanes whose step (<paramref name="previousTime"/>, <paramref name="t"/>], set in <paramref name="accepted"/>
    /// and the <paramref name="steps"/>-th accepted one, holds sample <paramref name="k"/> (k ≥ 1).
    /// </summary>
    T Contains<T>(T k, T accepted, T steps, T previousTime, T t) where T : struct, IReal<T>;

    /// <summary>Time of sample <paramref name="k"/>, which lies in the step ending at <paramref name="t"/>.</summary>
    T Time<T>(T k, T t) where T : struct, IReal<T>;

    /// <summary>
    /// Value of sample <paramref name="k"/> in the step from (<paramref name="previousTime"/>, <paramref name="y0"/>,
    /// <paramref name="f0"/>) to (<paramref name="t"/>, <paramref name="y1"/>, <paramref name="f1"/>), f = f(t, y), with the step's
    /// quartic coefficient <paramref name="quartic"/>.
    /// </summary>
    TState Value<T, TState>(T k, T previousTime, T t, TState y0, TState y1, TState f0, TState f1, TState quartic)
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>;
}
