using ClusterGpu.Errors;
using ClusterGpu.Kernels.Observers;

namespace ClusterGpu.Solving;

/// <summary>
/// What the kernel folds along each trajectory besides the final state: statistics over the observation window,
/// the last <see cref="WindowFraction"/> of the time span (<see cref="WindowObserver{T, TState}"/>).
/// </summary>
public sealed record Observation(double WindowFraction = 0.5)
{
    /// <summary>Throws a <see cref="UsageException"/> unless 0 &lt; fraction ≤ 1.</summary>
    public void Validate()
    {
        if (!(WindowFraction > 0 && WindowFraction <= 1))
            throw new UsageException("--window must lie in (0, 1]: the fraction of the time span at its end over which statistics are taken (e.g. 0.5).");
    }

    /// <summary>The observer prototype (boxed struct) for number type <paramref name="number"/> and state type <paramref name="state"/>; <see cref="NoObserver{T, TState}"/> when <paramref name="observation"/> is null.</summary>
    public static object CreateObserver(Observation? observation, Type number, Type state, double t0, double tEnd) =>
        observation is null
            ? Activator.CreateInstance(typeof(NoObserver<,>).MakeGenericType(number, state))!
            : Activator.CreateInstance(typeof(WindowObserver<,>).MakeGenericType(number, state), t0, tEnd, observation.WindowFraction)!;

    /// <summary>Observer output columns for a model with <paramref name="stateCount"/> states.</summary>
    public static int Columns(Observation? observation, int stateCount) =>
        observation is null ? 0 : WindowObserver<Kernels.Numbers.F64, Kernels.States.Vec1<Kernels.Numbers.F64>>.ColumnCount(stateCount);
}
