using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Observers;

/// <summary>
/// Saves the trajectory at the samples k = first, …, first + 7 of <typeparamref name="TSchedule"/> (a block of
/// <see cref="Slots8{TItem}.Count"/>: output size is fixed before launch and every slot is a register, so the host
/// launches one block after another, each integrating the same trajectory with the same steps and the same bits).
/// Sample 0 is the initial state at t0; a sample never reached (past a failure) stays NaN.
/// </summary>
public struct SampleObserver<TSchedule, T, TState> : IObserver<SampleObserver<TSchedule, T, TState>, T, TState>
    where TSchedule : struct, ISampleSchedule
    where T : struct, IReal<T>
    where TState : struct, IState<TState, T>
{
    private readonly TSchedule schedule;
    private readonly long first;
    private T previousTime, steps;
    private TState previousY, previousF;
    private Slots8<TState> values;
    private Slots8<T> times;

    /// <summary>Block of samples <paramref name="first"/> … first + 7 (first ≥ 0) on <paramref name="schedule"/>, from time <paramref name="t0"/>.</summary>
    public SampleObserver(TSchedule schedule, double t0, long first)
    {
        this.schedule = schedule;
        this.first = first;
        previousTime = T.FromDouble(t0);
        steps = T.FromDouble(0.0);
        var nan = T.FromDouble(double.NaN);
        previousY = previousF = TState.Broadcast(nan);
        values = new Slots8<TState>(previousY);
        times = new Slots8<T>(nan);
    }

    /// <summary>Output columns for a state of <paramref name="stateCount"/> components: 8 times, then 8 states.</summary>
    public static int ColumnCount(int stateCount) => Slots8<T>.Count * (stateCount + 1);

    public static bool UsesDenseOutput => true;
    public readonly int Columns => ColumnCount(TState.Length);

    public void Start(TState y0, TState f0, TState tracked0)
    {
        previousY = y0;
        previousF = f0;
        if (first == 0)
        {
            values[0] = y0;
            times[0] = previousTime;
        }
    }

    public void Enter(T lanes, in SampleObserver<TSchedule, T, TState> fresh)
    {
        (previousTime, steps) = (T.Select(lanes, fresh.previousTime, previousTime), T.Select(lanes, fresh.steps, steps));
        (previousY, previousF) = (TState.Select(lanes, fresh.previousY, previousY), TState.Select(lanes, fresh.previousF, previousF));
        for (int i = 0; i < Slots8<T>.Count; i++)
        {
            values[i] = TState.Select(lanes, fresh.values[i], values[i]);
            times[i] = T.Select(lanes, fresh.times[i], times[i]);
        }
    }

    public void Observe(T accepted, T t, in TState y, in TState f, in TState quartic, in TState tracked)
    {
        steps += T.Select(accepted, T.FromDouble(1.0), T.FromDouble(0.0));
        for (int j = 0; j < Slots8<T>.Count; j++)
        {
            if (first + j == 0) continue;
            var k = T.FromDouble(first + j);
            var inStep = schedule.Contains(k, accepted, steps, previousTime, t);
            if (!T.Any(inStep)) continue;
            values[j] = TState.Select(inStep, schedule.Value(k, previousTime, t, previousY, y, previousF, f, quartic), values[j]);
            times[j] = T.Select(inStep, schedule.Time(k, t), times[j]);
        }
        previousTime = T.Select(accepted, t, previousTime);
        previousY = TState.Select(accepted, y, previousY);
        previousF = TState.Select(accepted, f, previousF);
    }

    /// <summary>Column <paramref name="index"/>: the 8 sample times, then the 8 sample states (S components each).</summary>
    public readonly T Column(int index)
    {
        int n = Slots8<T>.Count;
        if (index < n) return times[index];
        int s = TState.Length;
        return values[(index - n) / s][(index - n) % s];
    }
}
