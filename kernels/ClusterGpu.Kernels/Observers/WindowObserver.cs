using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Observers;

/// <summary>
/// Streaming statistics over the observation window [t_w, t_end] (the last fraction of the time span), split in
/// two halves so that decaying oscillations can be told from sustained ones. Per half and state component it
/// folds time-weighted sums ∫(y − y_ref) dt and ∫(y − y_ref)² dt (trapezoidal rule on the accepted steps, so adaptive
/// step sizes correlated with the dynamics bias nothing; y_ref is the state at the window's start, which keeps small
/// variances free of cancellation), the minimum and maximum; over the whole window it folds ∫y⁴ dt (raw, for fourth
/// moments such as the Binder cumulant U4 = 1 − ⟨x⁴⟩/(3⟨x²⟩²));
/// it also folds ∫q_k dt of the model's tracked quantities and, in the second half, the upward crossings of the first
/// state component through the mid-range (min + max)/2 it had in the first half (linear interpolation in time), for a
/// period estimate: a level strictly inside any sustained oscillation. Nothing is stored per step.
/// </summary>
/// <remarks>Output columns: see <see cref="Column"/> and <see cref="ColumnCount"/>; the host turns them into means,
/// standard deviations, minima, maxima and the period.</remarks>
public struct WindowObserver<T, TState> : IObserver<WindowObserver<T, TState>, T, TState>
    where T : struct, IReal<T>
    where TState : struct, IState<TState, T>
{
    private readonly T windowStart, midpoint;
    private T started, secondHalfStarted, previousTime, previousDeviation;
    private TState reference, previousY;
    private TState previousTracked;
    private TState sum1, squares1, min1, max1, sum2, squares2, min2, max2, fourths, trackedSum;
    private T duration1, duration2, crossings, firstCrossing, lastCrossing;

    /// <summary>Window = the last <paramref name="fraction"/> (0 &lt; fraction ≤ 1) of [t0, t_end].</summary>
    public WindowObserver(double t0, double tEnd, double fraction)
    {
        double start = tEnd - fraction * (tEnd - t0);
        windowStart = T.FromDouble(start);
        midpoint = T.FromDouble(0.5 * (start + tEnd));
        started = T.False;
        secondHalfStarted = T.False;
        previousTime = T.FromDouble(t0);
        var zero = T.FromDouble(0.0);
        previousDeviation = zero;
        reference = TState.Broadcast(zero);
        sum1 = squares1 = sum2 = squares2 = fourths = trackedSum = reference;
        min1 = min2 = TState.Broadcast(T.FromDouble(double.PositiveInfinity));
        max1 = max2 = TState.Broadcast(T.FromDouble(double.NegativeInfinity));
        duration1 = duration2 = crossings = zero;
        firstCrossing = lastCrossing = T.FromDouble(double.NaN);
        previousY = reference;
        previousTracked = reference;
    }

    public void Start(TState y0, TState f0, TState tracked0)
    {
        previousY = y0;
        previousTracked = tracked0;
    }

    /// <summary>Output columns for a state of <paramref name="stateCount"/> components.</summary>
    public static int ColumnCount(int stateCount) => 11 * stateCount + 5;

    public readonly int Columns => ColumnCount(TState.Length);

    // Deliberately not marked for aggressive inlining: inside the adaptive loop it would exhaust the .NET JIT's
    // inlining budget on the CPU path. (ILGPU inlines it regardless.)
    public void Observe(T accepted, T t, TState y, TState f, TState tracked)
    {
        var zero = T.FromDouble(0.0);
        var inWindow = T.And(accepted, T.LessThan(windowStart, t));
        var first = T.AndNot(inWindow, started);
        reference = TState.Select(first, y, reference);
        started = T.Or(started, inWindow);

        var minusOne = T.FromDouble(-1.0);
        var half = T.FromDouble(0.5);
        var deviation = TState.Axpy(y, minusOne, reference);
        var previousDeviationState = TState.Axpy(previousY, minusOne, reference);
        // Trapezoid: the mean of the step's two end values.
        var stepMean = TState.Scale(half, TState.Add(deviation, previousDeviationState));
        var stepMeanSquare = TState.Scale(half, TState.Add(TState.Multiply(deviation, deviation), TState.Multiply(previousDeviationState, previousDeviationState)));
        var weight1 = T.Select(accepted, T.Max(zero, T.Min(t, midpoint) - T.Max(previousTime, windowStart)), zero);
        var weight2 = T.Select(accepted, T.Max(zero, t - T.Max(previousTime, midpoint)), zero);
        sum1 = TState.Axpy(sum1, weight1, stepMean);
        squares1 = TState.Axpy(squares1, weight1, stepMeanSquare);
        sum2 = TState.Axpy(sum2, weight2, stepMean);
        squares2 = TState.Axpy(squares2, weight2, stepMeanSquare);
        var square = TState.Multiply(y, y);
        var previousSquare = TState.Multiply(previousY, previousY);
        var stepMeanFourth = TState.Scale(half, TState.Add(TState.Multiply(square, square), TState.Multiply(previousSquare, previousSquare)));
        fourths = TState.Axpy(fourths, weight1 + weight2, stepMeanFourth);
        duration1 += weight1;
        duration2 += weight2;
        trackedSum = TState.Axpy(trackedSum, weight1 + weight2, TState.Scale(half, TState.Add(tracked, previousTracked)));
        previousY = TState.Select(accepted, y, previousY);
        previousTracked = TState.Select(accepted, tracked, previousTracked);

        var inFirstHalf = T.And(inWindow, T.LessThan(previousTime, midpoint));
        var inSecondHalf = T.And(inWindow, T.LessThan(midpoint, t));
        min1 = TState.Select(inFirstHalf, TState.Min(min1, y), min1);
        max1 = TState.Select(inFirstHalf, TState.Max(max1, y), max1);
        min2 = TState.Select(inSecondHalf, TState.Min(min2, y), min2);
        max2 = TState.Select(inSecondHalf, TState.Max(max2, y), max2);

        var level = T.FromDouble(0.5) * (min1[0] + max1[0]);
        var d = y[0] - level;
        var upward = T.And(T.And(T.And(inSecondHalf, secondHalfStarted), T.LessThan(previousDeviation, zero)), T.LessOrEqual(zero, d));
        var crossingTime = previousTime + (t - previousTime) * (-previousDeviation) / (d - previousDeviation);
        firstCrossing = T.Select(T.And(upward, T.LessOrEqual(crossings, zero)), crossingTime, firstCrossing);
        lastCrossing = T.Select(upward, crossingTime, lastCrossing);
        crossings += T.Select(upward, T.FromDouble(1.0), zero);
        previousDeviation = T.Select(inSecondHalf, d, previousDeviation);
        secondHalfStarted = T.Or(secondHalfStarted, inSecondHalf);
        previousTime = T.Select(accepted, t, previousTime);
    }

    /// <summary>
    /// Column <paramref name="index"/>, in blocks of S = state components: reference, sum1, squares1, min1, max1,
    /// sum2, squares2, min2, max2, fourths, tracked sums (11S), then duration1, duration2, crossings, first and last crossing time.
    /// </summary>
    public readonly T Column(int index)
    {
        int n = TState.Length;
        int block = index / n, component = index % n;
        return block switch
        {
            0 => reference[component],
            1 => sum1[component],
            2 => squares1[component],
            3 => min1[component],
            4 => max1[component],
            5 => sum2[component],
            6 => squares2[component],
            7 => min2[component],
            8 => max2[component],
            9 => fourths[component],
            10 => trackedSum[component],
            _ => (index - 11 * n) switch
            {
                0 => duration1,
                1 => duration2,
                2 => crossings,
                3 => firstCrossing,
                _ => lastCrossing,
            },
        };
    }
}
