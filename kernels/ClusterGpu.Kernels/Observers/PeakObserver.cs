using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Observers;

/// <summary>
/// The local maxima of state component c over the observation window [t_w, t_end] (the last fraction of the span), from
/// the dense output: in an accepted step with f_c(t_prev) &gt; 0 ≥ f_c(t), the derivative of the step's Hermite
/// cubic (<see cref="DenseOutput"/>), g(s) = A s² + B s + C with D = y_c(t) − y_c(t_prev), A = 3f0 + 3f1 − 6D/h, B = 6D/h − 4f0 − 2f1, C = f0, has
/// exactly one root in (0, 1], refined by Newton on the full continuous extension; the maximum is the extension's value there (root by the cancellation-free form of the
/// quadratic formula: 2C/(−B + √(B² − 4AC)) for B ≤ 0, (−B − √(B² − 4AC))/(2A) otherwise). Counted when the root's
/// time lies in the window. Keeps maxima number first … first + 7 (a block of <see cref="Slots8{TItem}.Count"/>; the
/// host launches as many blocks as it wants maxima) and counts them all. Two maxima within one step (f_c changing
/// sign twice) are not seen: steps under error control are far shorter than a period. Adaptive methods only (needs f).
/// </summary>
public struct PeakObserver<T, TState> : IObserver<PeakObserver<T, TState>, T, TState>
    where T : struct, IReal<T>
    where TState : struct, IState<TState, T>
{
    private readonly int component;
    private readonly long first;
    private readonly T windowStart;
    private T previousTime, count;
    private TState previousY, previousF;
    private Slots8<T> peaks;

    /// <summary>
    /// Watches state component <paramref name="component"/> (0 ≤ component &lt; state length) over the last
    /// <paramref name="fraction"/> (0 &lt; fraction ≤ 1) of [t0, t_end]; keeps maxima <paramref name="first"/> … first + 7.
    /// </summary>
    public PeakObserver(int component, double t0, double tEnd, double fraction, long first)
    {
        this.component = component;
        this.first = first;
        windowStart = T.FromDouble(tEnd - fraction * (tEnd - t0));
        previousTime = T.FromDouble(t0);
        count = T.FromDouble(0.0);
        var nan = T.FromDouble(double.NaN);
        previousY = previousF = TState.Broadcast(nan);
        peaks = new Slots8<T>(nan);
    }

    /// <summary>Output columns: 8 maxima, then the number of maxima in the window (all of them, kept or not).</summary>
    public const int ColumnCount = Slots8<T>.Count + 1;

    public static bool UsesDenseOutput => true;
    public readonly int Columns => ColumnCount;

    public void Start(TState y0, TState f0, TState tracked0)
    {
        previousY = y0;
        previousF = f0;
    }

    public void Enter(T lanes, in PeakObserver<T, TState> fresh)
    {
        (previousTime, count) = (T.Select(lanes, fresh.previousTime, previousTime), T.Select(lanes, fresh.count, count));
        (previousY, previousF) = (TState.Select(lanes, fresh.previousY, previousY), TState.Select(lanes, fresh.previousF, previousF));
        for (int i = 0; i < Slots8<T>.Count; i++) peaks[i] = T.Select(lanes, fresh.peaks[i], peaks[i]);
    }

    public void Observe(T accepted, T t, in TState y, in TState f, in TState quartic, in TState tracked)
    {
        var zero = T.FromDouble(0.0);
        var f0 = previousF[component];
        var f1 = f[component];
        var falling = T.And(T.And(accepted, T.LessOrEqual(windowStart, t)), T.And(T.LessThan(zero, f0), T.LessOrEqual(f1, zero)));
        if (T.Any(falling))
        {
            var h = t - previousTime;
            var slope = T.FromDouble(6.0) * (y[component] - previousY[component]) / h;
            var three = T.FromDouble(3.0);
            var a = three * (f0 + f1) - slope;
            var b = slope - T.FromDouble(4.0) * f0 - (f1 + f1);
            var root = T.Sqrt(T.Max(zero, b * b - T.FromDouble(4.0) * a * f0));
            var s = T.Select(T.LessOrEqual(b, zero), (f0 + f0) / (root - b), (-b - root) / (a + a));
            // The cubic's root, refined on the full continuous extension (Dormand-Prince's quartic term).
            T y0 = previousY[component], y1 = y[component], d0 = h * f0, d1 = h * f1, q = quartic[component];
            s = T.Min(T.Max(DenseOutput.RefineCriticalPoint(T.Min(T.Max(s, zero), T.FromDouble(1.0)), y0, y1, d0, d1, q), zero), T.FromDouble(1.0));
            var peak = T.And(falling, T.LessOrEqual(windowStart, T.MulAdd(s, h, previousTime)));
            var value = DenseOutput.Value(s, y0, y1, d0, d1, q);
            for (int j = 0; j < Slots8<T>.Count; j++)
            {
                var k = T.FromDouble(first + j);
                peaks[j] = T.Select(T.And(peak, T.And(T.LessOrEqual(count, k), T.LessOrEqual(k, count))), value, peaks[j]);
            }
            count += T.Select(peak, T.FromDouble(1.0), zero);
        }
        previousTime = T.Select(accepted, t, previousTime);
        previousY = TState.Select(accepted, y, previousY);
        previousF = TState.Select(accepted, f, previousF);
    }

    /// <summary>Column <paramref name="index"/>: maxima first … first + 7 (NaN where fewer), then the count of maxima.</summary>
    public readonly T Column(int index) => index < Slots8<T>.Count ? peaks[index] : count;
}
