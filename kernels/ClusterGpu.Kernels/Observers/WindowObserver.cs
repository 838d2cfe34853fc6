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
/// <para>
/// With <c>dense</c> (adaptive methods, which hand over f(t, y) and the step's quartic coefficient), the sums, squares,
/// extremes and crossing times come from each step's continuous extension p (<see cref="DenseOutput"/>: Dormand–Prince's
/// order-4 dense output, the Hermite cubic for Rosenbrock) instead: ∫(p − y_ref) and ∫(p − y_ref)² exactly over the part
/// of the step inside each half (the window's start and midpoint fall inside steps), p's interior extremes, and the crossing
/// time by Newton's method on p. Their error is the dense output's, not the trapezoid's O(h²): the statistics are as
/// accurate as the solver. ∫y⁴ and the tracked quantities stay trapezoidal.
/// </para>
/// </summary>
/// <remarks>Output columns: see <see cref="Column"/> and <see cref="ColumnCount"/>; the host turns them into means,
/// standard deviations, minima, maxima and the period.</remarks>
public struct WindowObserver<T, TState> : IObserver<WindowObserver<T, TState>, T, TState>
    where T : struct, IReal<T>
    where TState : struct, IState<TState, T>
{
    private readonly T windowStart, midpoint;
    private T started, secondHalfStarted, previousTime, previousDeviation;
    private TState reference, previousY, previousF;
    private readonly int denseOutput; // 1: dense; an int, since kernel parameters must be blittable (bool is not)
    private TState previousTracked;
    private TState sum1, squares1, min1, max1, sum2, squares2, min2, max2, fourths, trackedSum;
    private T duration1, duration2, crossings, firstCrossing, lastCrossing;

    /// <summary>
    /// Window = the last <paramref name="fraction"/> (0 &lt; fraction ≤ 1) of [t0, t_end]; <paramref name="dense"/>: fold the
    /// steps' continuous extensions (the integration method hands over f(t, y) and the quartic coefficient), else the trapezoid of their end values.
    /// </summary>
    public WindowObserver(double t0, double tEnd, double fraction, bool dense = false)
    {
        denseOutput = dense ? 1 : 0;
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
        previousY = previousF = reference;
        previousTracked = reference;
    }

    public void Start(TState y0, TState f0, TState tracked0)
    {
        previousY = y0;
        previousF = f0;
        previousTracked = tracked0;
    }

    /// <summary>Output columns for a state of <paramref name="stateCount"/> components.</summary>
    public static int ColumnCount(int stateCount) => 11 * stateCount + 5;

    public static bool UsesDenseOutput => true;
    public readonly int Columns => ColumnCount(TState.Length);

    // Deliberately not marked for aggressive inlining: inside the adaptive attempt it would pass the .NET JIT's limit of
    // 512 locals per method on the CPU path. (ILGPU inlines it regardless.)
    public void Observe(T accepted, T t, in TState y, in TState f, in TState quartic, in TState tracked)
    {
        var zero = T.FromDouble(0.0);
        var half = T.FromDouble(0.5);
        var inWindow = T.And(accepted, T.LessThan(windowStart, t));
        var first = T.AndNot(inWindow, started);
        reference = TState.Select(first, y, reference);
        started = T.Or(started, inWindow);

        var t0 = previousTime;
        var weight1 = T.Select(accepted, T.Max(zero, T.Min(t, midpoint) - T.Max(t0, windowStart)), zero);
        var weight2 = T.Select(accepted, T.Max(zero, t - T.Max(t0, midpoint)), zero);
        var inFirstHalf = T.And(inWindow, T.LessThan(t0, midpoint));
        var inSecondHalf = T.And(inWindow, T.LessThan(midpoint, t));
        if (denseOutput != 0)
        {
            // Steps before the window (half the span by default) and the half a step does not touch cost nothing.
            if (T.Any(T.LessThan(zero, weight1)))
                FoldDense(ref sum1, ref squares1, ref min1, ref max1, t0, t, T.Max(t0, windowStart), weight1, previousY, y, previousF, f, quartic);
            if (T.Any(T.LessThan(zero, weight2)))
                FoldDense(ref sum2, ref squares2, ref min2, ref max2, t0, t, T.Max(t0, midpoint), weight2, previousY, y, previousF, f, quartic);
        }
        else
        {
            FoldTrapezoid(weight1, weight2, inFirstHalf, inSecondHalf, y);
        }
        // ∫y⁴ dt and the tracked quantities: the trapezoid of the step's end values.
        var weight = weight1 + weight2;
        var square = TState.Multiply(y, y);
        var previousSquare = TState.Multiply(previousY, previousY);
        fourths = TState.Axpy(fourths, weight, TState.Scale(half, TState.Add(TState.Multiply(square, square), TState.Multiply(previousSquare, previousSquare))));
        trackedSum = TState.Axpy(trackedSum, weight, TState.Scale(half, TState.Add(tracked, previousTracked)));
        duration1 += weight1;
        duration2 += weight2;
        FoldCrossing(t0, t, inSecondHalf, y, f, quartic);
        previousY = TState.Select(accepted, y, previousY);
        previousF = TState.Select(accepted, f, previousF);
        previousTracked = TState.Select(accepted, tracked, previousTracked);
        previousTime = T.Select(accepted, t, previousTime);
    }

    public void Enter(T lanes, in WindowObserver<T, TState> fresh)
    {
        (started, secondHalfStarted) = (T.Select(lanes, fresh.started, started), T.Select(lanes, fresh.secondHalfStarted, secondHalfStarted));
        (previousTime, previousDeviation) = (T.Select(lanes, fresh.previousTime, previousTime), T.Select(lanes, fresh.previousDeviation, previousDeviation));
        reference = TState.Select(lanes, fresh.reference, reference);
        previousY = TState.Select(lanes, fresh.previousY, previousY);
        previousF = TState.Select(lanes, fresh.previousF, previousF);
        previousTracked = TState.Select(lanes, fresh.previousTracked, previousTracked);
        sum1 = TState.Select(lanes, fresh.sum1, sum1);
        squares1 = TState.Select(lanes, fresh.squares1, squares1);
        min1 = TState.Select(lanes, fresh.min1, min1);
        max1 = TState.Select(lanes, fresh.max1, max1);
        sum2 = TState.Select(lanes, fresh.sum2, sum2);
        squares2 = TState.Select(lanes, fresh.squares2, squares2);
        min2 = TState.Select(lanes, fresh.min2, min2);
        max2 = TState.Select(lanes, fresh.max2, max2);
        fourths = TState.Select(lanes, fresh.fourths, fourths);
        trackedSum = TState.Select(lanes, fresh.trackedSum, trackedSum);
        (duration1, duration2) = (T.Select(lanes, fresh.duration1, duration1), T.Select(lanes, fresh.duration2, duration2));
        crossings = T.Select(lanes, fresh.crossings, crossings);
        (firstCrossing, lastCrossing) = (T.Select(lanes, fresh.firstCrossing, firstCrossing), T.Select(lanes, fresh.lastCrossing, lastCrossing));
    }

    /// <summary>
    /// Folds the step [t0, t] by the trapezoid of its end values: weighted sums of y − y_ref and (y − y_ref)² into each
    /// half, and the end values into each half's extremes.
    /// </summary>
    private void FoldTrapezoid(in T weight1, in T weight2, in T inFirstHalf, in T inSecondHalf, in TState y)
    {
        var minusOne = T.FromDouble(-1.0);
        var half = T.FromDouble(0.5);
        var deviation = TState.Axpy(y, minusOne, reference);
        var previous = TState.Axpy(previousY, minusOne, reference);
        var stepMean = TState.Scale(half, TState.Add(deviation, previous));
        var stepMeanSquare = TState.Scale(half, TState.Add(TState.Multiply(deviation, deviation), TState.Multiply(previous, previous)));
        sum1 = TState.Axpy(sum1, weight1, stepMean);
        squares1 = TState.Axpy(squares1, weight1, stepMeanSquare);
        sum2 = TState.Axpy(sum2, weight2, stepMean);
        squares2 = TState.Axpy(squares2, weight2, stepMeanSquare);
        min1 = TState.Select(inFirstHalf, TState.Min(min1, y), min1);
        max1 = TState.Select(inFirstHalf, TState.Max(max1, y), max1);
        min2 = TState.Select(inSecondHalf, TState.Min(min2, y), min2);
        max2 = TState.Select(inSecondHalf, TState.Max(max2, y), max2);
    }

    /// <summary>
    /// Counts the first component's upward crossings of the first half's mid-range in the second half, with the first and
    /// last crossing times (on the step's extension with dense output, else linear in time).
    /// </summary>
    private void FoldCrossing(in T t0, in T t, in T inSecondHalf, in TState y, in TState f, in TState quartic)
    {
        var zero = T.FromDouble(0.0);
        var level = T.FromDouble(0.5) * (min1[0] + max1[0]);
        var d = y[0] - level;
        var upward = T.And(T.And(T.And(inSecondHalf, secondHalfStarted), T.LessThan(previousDeviation, zero)), T.LessOrEqual(zero, d));
        var crossingTime = t0 + (t - t0) * (-previousDeviation) / (d - previousDeviation);
        if (denseOutput != 0 && T.Any(upward)) crossingTime = DenseCrossing(t0, t, previousY[0] - level, d, previousF[0], f[0], quartic[0]);
        firstCrossing = T.Select(T.And(upward, T.LessOrEqual(crossings, zero)), crossingTime, firstCrossing);
        lastCrossing = T.Select(upward, crossingTime, lastCrossing);
        crossings += T.Select(upward, T.FromDouble(1.0), zero);
        previousDeviation = T.Select(inSecondHalf, d, previousDeviation);
        secondHalfStarted = T.Or(secondHalfStarted, inSecondHalf);
    }

    /// <summary>
    /// Folds the part [a, a + width] of the step [t0, t1] (width 0: nothing) from its continuous extension p: ∫(p − y_ref) dt
    /// and ∫(p − y_ref)² dt exactly, and p's extremes over the part (end values and interior critical points).
    /// </summary>
    private readonly void FoldDense(ref TState sum, ref TState squares, ref TState min, ref TState max,
        T t0, T t1, T a, T width, in TState y0, in TState y1, in TState f0, in TState f1, in TState q)
    {
        var zero = T.FromDouble(0.0);
        var one = T.FromDouble(1.0);
        var minusOne = T.FromDouble(-1.0);
        var inside = T.LessThan(zero, width);
        var h = T.Select(inside, t1 - t0, one);
        var sa = (a - t0) / h;
        var sb = sa + width / h;
        // Only the two steps that contain the window's start or its midpoint are folded in part; every other step whole,
        // from its own end data (no evaluation of p).
        bool anyPartial = T.Any(T.And(inside, T.Or(T.LessThan(zero, sa), T.LessThan(sb, one))));
        var whole = T.And(T.LessOrEqual(sa, zero), T.LessOrEqual(one, sb));
        // The part's own extension: p restricted to [a, a + width] is p again, with the part's end values and derivatives,
        // and quartic coefficient q·(width/h)⁴ (B is quartic in θ, the other terms are fixed by the end data).
        var ratio = width / h;
        var ratio2 = ratio * ratio;
        // One component at a time, on numbers rather than whole states: the .NET JIT keeps these in registers.
        for (int k = 0; k < TState.Length; k++)
        {
            T v0 = y0[k], v1 = y1[k], g0 = f0[k], g1 = f1[k], qk = q[k];
            T ya = v0, yb = v1, fa = g0, fb = g1, qa = qk;
            if (anyPartial) PartOfStep(whole, sa, sb, h, ratio2 * ratio2, v0, v1, g0, g1, qk, ref ya, ref yb, ref fa, ref fb, ref qa);
            var da = T.MulAdd(minusOne, reference[k], ya);
            var db = T.MulAdd(minusOne, reference[k], yb);
            sum[k] = T.Select(inside, sum[k] + DenseOutput.Integral(width, da, db, fa, fb, qa), sum[k]);
            squares[k] = T.Select(inside, squares[k] + DenseOutput.IntegralOfSquare(width, da, db, fa, fb, qa), squares[k]);
            var low = T.Min(ya, yb);
            var high = T.Max(ya, yb);
            // An interior extreme needs dy/dt to change sign over the step (turning points are rare: skip the rest otherwise;
            // two extremes inside one step, a wiggle shorter than a step under error control, are not looked for).
            // The mask, not only the branch: a lane's result must not depend on the other lanes of its register.
            var turning = T.LessOrEqual(g0 * g1, zero);
            if (T.Any(turning)) InteriorExtremes(turning, sa, sb, h * g0, h * g1, v0, v1, qk, ref low, ref high);
            min[k] = T.Select(inside, T.Min(min[k], low), min[k]);
            max[k] = T.Select(inside, T.Max(max[k], high), max[k]);
        }
    }

    // PartOfStep and InteriorExtremes run for few steps; as methods of their own (not marked for aggressive inlining) they
    // leave FoldDense within the .NET JIT's inlining limits. (ILGPU inlines them regardless.)

    /// <summary>One component's end values, derivatives and quartic coefficient of the part [s_a, s_b] of the step, where
    /// <paramref name="whole"/> is not set (<paramref name="ratio4"/> = ((s_b − s_a))⁴).</summary>
    private static void PartOfStep(in T whole, in T sa, in T sb, in T h, in T ratio4, in T y0, in T y1, in T f0, in T f1, in T q,
        ref T ya, ref T yb, ref T fa, ref T fb, ref T qa)
    {
        ya = T.Select(whole, y0, DenseOutput.Value(sa, h, y0, y1, f0, f1, q));
        yb = T.Select(whole, y1, DenseOutput.Value(sb, h, y0, y1, f0, f1, q));
        fa = T.Select(whole, f0, DenseOutput.Derivative(sa, h, y0, y1, f0, f1, q));
        fb = T.Select(whole, f1, DenseOutput.Derivative(sb, h, y0, y1, f0, f1, q));
        qa = T.Select(whole, q, ratio4 * q);
    }

    /// <summary>
    /// Widens one component's [<paramref name="low"/>, <paramref name="high"/>] by p's interior critical points inside
    /// (s_a, s_b), in the lanes set in <paramref name="turning"/> (d = h·f at the step's ends).
    /// </summary>
    private static void InteriorExtremes(in T turning, in T sa, in T sb, in T d0, in T d1, in T y0, in T y1, in T q, ref T low, ref T high)
    {
        DenseOutput.CubicCriticalPoints(y0, y1, d0, d1, out var first, out var second);
        first = DenseOutput.RefineCriticalPoint(first, y0, y1, d0, d1, q);
        second = DenseOutput.RefineCriticalPoint(second, y0, y1, d0, d1, q);
        var firstInside = T.And(turning, T.And(T.LessThan(sa, first), T.LessThan(first, sb)));
        var firstValue = DenseOutput.Value(first, y0, y1, d0, d1, q);
        low = T.Select(firstInside, T.Min(low, firstValue), low);
        high = T.Select(firstInside, T.Max(high, firstValue), high);
        var secondInside = T.And(turning, T.And(T.LessThan(sa, second), T.LessThan(second, sb)));
        var secondValue = DenseOutput.Value(second, y0, y1, d0, d1, q);
        low = T.Select(secondInside, T.Min(low, secondValue), low);
        high = T.Select(secondInside, T.Max(high, secondValue), high);
    }

    /// <summary>
    /// The time in [t0, t1] where the first component's extension minus the crossing level (end values <paramref name="g0"/>
    /// &lt; 0 ≤ <paramref name="g1"/>, derivatives f0, f1, quartic coefficient q) is zero: two Newton steps from the linear estimate.
    /// </summary>
    private static T DenseCrossing(T t0, T t1, T g0, T g1, T f0, T f1, T q)
    {
        var h = t1 - t0;
        var (zero, one) = (T.FromDouble(0.0), T.FromDouble(1.0));
        var s = -g0 / (g1 - g0);
        for (int i = 0; i < 2; i++)
        {
            var next = s - DenseOutput.Value(s, g0, g1, h * f0, h * f1, q) / DenseOutput.Slope(s, g0, g1, h * f0, h * f1, q);
            s = T.Select(T.IsFinite(next), T.Min(one, T.Max(zero, next)), s);
        }
        return t0 + h * s;
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
