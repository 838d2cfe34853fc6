using ClusterGpu.Errors;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Observers;

namespace ClusterGpu.Solving;

/// <summary>
/// What the kernel folds along each trajectory besides the final state: statistics over the observation window,
/// the last <see cref="WindowFraction"/> of the time span (<see cref="WindowObserver{T, TState}"/>), and with
/// <see cref="Lyapunov"/> the largest Lyapunov exponent over the same window (<see cref="LyapunovObserver{TInner, T, TState}"/>
/// on the model's <see cref="Tangent{TDual, T, TState, TDualState}"/> system), one more column; with <see cref="FirstPassage"/>
/// the first passage time through a level (<see cref="FirstPassageObserver{TInner, T, TState}"/>), one more column before it.
/// </summary>
public sealed record Observation(double WindowFraction = 0.5, bool Lyapunov = false, FirstPassageLevel? FirstPassage = null)
{
    /// <summary>Throws a <see cref="UsageException"/> unless 0 &lt; fraction ≤ 1 and a first passage level is finite.</summary>
    public void Validate()
    {
        if (!(WindowFraction > 0 && WindowFraction <= 1))
            throw new UsageException("--window must lie in (0, 1]: the fraction of the time span at its end over which statistics are taken (e.g. 0.5).");
        if (FirstPassage is { } passage && (passage.State < 0 || !double.IsFinite(passage.Level)))
            throw new UsageException($"--first-passage needs a state of the model and a finite level (e.g. q=1), not state {passage.State}, level {passage.Level}.");
    }

    /// <summary>The observer prototype (boxed struct) for number type <paramref name="number"/> and state type <paramref name="state"/>; <see cref="NoObserver{T, TState}"/> when <paramref name="observation"/> is null.</summary>
    /// <remarks>The window observer is wrapped, innermost first, in a <see cref="FirstPassageObserver{TInner, T, TState}"/>
    /// (with <see cref="FirstPassage"/>) and a <see cref="LyapunovObserver{TInner, T, TState}"/> (with <see cref="Lyapunov"/>),
    /// which observes the tangent state over <paramref name="state"/>.</remarks>
    public static object CreateObserver(Observation? observation, Type number, Type state, double t0, double tEnd, bool dense)
    {
        if (observation is null) return Activator.CreateInstance(typeof(NoObserver<,>).MakeGenericType(number, state))!;
        var observer = Activator.CreateInstance(typeof(WindowObserver<,>).MakeGenericType(number, state), t0, tEnd, observation.WindowFraction, dense)!;
        if (observation.FirstPassage is { } passage)
            observer = Activator.CreateInstance(typeof(FirstPassageObserver<,,>).MakeGenericType(observer.GetType(), number, state), observer, passage.State, passage.Level, t0)!;
        return observation.Lyapunov
            ? Activator.CreateInstance(typeof(LyapunovObserver<,,>).MakeGenericType(observer.GetType(), number, state), observer, t0, tEnd, observation.WindowFraction)!
            : observer;
    }

    /// <summary>Observer output columns for a model with <paramref name="stateCount"/> states: the window's, then the first passage time, then the exponent.</summary>
    public static int Columns(Observation? observation, int stateCount) =>
        observation is null ? 0 : WindowColumns(stateCount) + (observation.FirstPassage is null ? 0 : 1) + (observation.Lyapunov ? 1 : 0);

    /// <summary>Observer column of the first passage time (when <see cref="FirstPassage"/> is set).</summary>
    public static int FirstPassageColumn(int stateCount) => WindowColumns(stateCount);

    private static int WindowColumns(int stateCount) => WindowObserver<Kernels.Numbers.F64, Kernels.States.Vec1<Kernels.Numbers.F64>>.ColumnCount(stateCount);
}
