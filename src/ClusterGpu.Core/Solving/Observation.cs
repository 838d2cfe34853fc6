using ClusterGpu.Errors;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Observers;

namespace ClusterGpu.Solving;

/// <summary>
/// What the kernel folds along each trajectory besides the final state: statistics over the observation window,
/// the last <see cref="WindowFraction"/> of the time span (<see cref="WindowObserver{T, TState}"/>), and with
/// <see cref="Lyapunov"/> the largest Lyapunov exponent over the same window (<see cref="LyapunovObserver{TInner, T, TState}"/>
/// on the model's <see cref="Tangent{TDual, T, TState, TDualState}"/> system), one more column.
/// </summary>
public sealed record Observation(double WindowFraction = 0.5, bool Lyapunov = false)
{
    /// <summary>Throws a <see cref="UsageException"/> unless 0 &lt; fraction ≤ 1.</summary>
    public void Validate()
    {
        if (!(WindowFraction > 0 && WindowFraction <= 1))
            throw new UsageException("--window must lie in (0, 1]: the fraction of the time span at its end over which statistics are taken (e.g. 0.5).");
    }

    /// <summary>The observer prototype (boxed struct) for number type <paramref name="number"/> and state type <paramref name="state"/>; <see cref="NoObserver{T, TState}"/> when <paramref name="observation"/> is null.</summary>
    /// <remarks>With <see cref="Lyapunov"/> the window observer is wrapped in a <see cref="LyapunovObserver{TInner, T, TState}"/>,
    /// which observes the tangent state over <paramref name="state"/>.</remarks>
    public static object CreateObserver(Observation? observation, Type number, Type state, double t0, double tEnd)
    {
        if (observation is null) return Activator.CreateInstance(typeof(NoObserver<,>).MakeGenericType(number, state))!;
        var window = Activator.CreateInstance(typeof(WindowObserver<,>).MakeGenericType(number, state), t0, tEnd, observation.WindowFraction)!;
        return observation.Lyapunov
            ? Activator.CreateInstance(typeof(LyapunovObserver<,,>).MakeGenericType(window.GetType(), number, state), window, t0, tEnd, observation.WindowFraction)!
            : window;
    }

    /// <summary>Observer output columns for a model with <paramref name="stateCount"/> states (the exponent is the last).</summary>
    public static int Columns(Observation? observation, int stateCount) =>
        observation is null ? 0 : WindowObserver<Kernels.Numbers.F64, Kernels.States.Vec1<Kernels.Numbers.F64>>.ColumnCount(stateCount) + (observation.Lyapunov ? 1 : 0);
}
