using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Solvers;

namespace ClusterGpu.Sweeps;

/// <summary>
/// A batch's raw kernel outputs (final state, outcome, residual, <c>WindowObserver</c> columns) turned into observables:
/// window mean, standard deviation, minimum and maximum per state, period, derived observables, the first passage time
/// (when <paramref name="firstPassage"/>: the column after the window's), the largest Lyapunov exponent (when
/// <paramref name="lyapunov"/>: the last column) and the regime. The state-wise observables are computed a range of
/// trajectories at a time (<see cref="ColumnFill"/>: each output column read in one sweep); model-defined observables and
/// the regime one trajectory at a time (<see cref="At"/>), with the same formulas and so the same bits.
/// </summary>
internal sealed class TrajectorySummary(ModelInfo model, RegimeRules rules, bool lyapunov = false, bool firstPassage = false) : IWindowStatistics
{
    /// <summary>Writes an observable of trajectories [from, to) of the loaded batch into values[from..to).</summary>
    public delegate void ColumnFill(TrajectorySummary summary, double[] values, int from, int to);

    private readonly int n = model.States.Count;
    private readonly int passageColumn = Solving.Observation.FirstPassageColumn(model.States.Count);
    private readonly Dictionary<string, int> parameterIndex = model.Parameters.Select((p, i) => (p.Name, i)).ToDictionary(), stateIndex = model.States.Select((s, i) => (s.Name, i)).ToDictionary();
    private double[] columns = [], parameters = [];
    private int count, index;
    private Func<string, double>? parameterByName;

    /// <summary>
    /// Points the summary at a batch of <paramref name="batchCount"/> trajectories: its raw outputs (one column per output,
    /// as the kernels write them) and parameters (one row per parameter).
    /// </summary>
    public void Load(double[] batchColumns, int batchCount, double[] batchParameters) =>
        (columns, count, parameters) = (batchColumns, batchCount, batchParameters);

    /// <summary>Points the per-trajectory members at trajectory <paramref name="i"/> of the loaded batch.</summary>
    public void At(int i) => index = i;

    // Read for every observable of every trajectory: inlined (the JIT left them as calls, a sixth of a short sweep's time).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Raw(int column) => columns[(long)column * count + index];
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Window(int column) => Raw(n + 5 + column);
    private ReadOnlySpan<double> RawColumn(int column, int from, int to) => columns.AsSpan((int)((long)column * count + from), to - from);
    private ReadOnlySpan<double> WindowColumn(int column, int from, int to) => RawColumn(n + 5 + column, from, to);

    public double Final(int s) => Raw(s);
    public TrajectoryStatus Status => (TrajectoryStatus)(int)Raw(n + 1);
    public double Steps => Raw(n + 2);
    public double Rejected => Raw(n + 3);

    private double Duration
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Window(11 * n) + Window(11 * n + 1);
    }
    public double MeanOf(int s) => WindowMean(Window(s), Window(n + s), Window(5 * n + s), Duration);
    public double StdOf(int s) => WindowStd(Window(n + s), Window(5 * n + s), Window(2 * n + s), Window(6 * n + s), Duration);
    /// <summary>Time average of y_s⁴ over the window.</summary>
    public double MeanFourthOf(int s) => Window(9 * n + s) / Duration;
    public double MinOf(int s) => Math.Min(Window(3 * n + s), Window(7 * n + s));
    public double MaxOf(int s) => Math.Max(Window(4 * n + s), Window(8 * n + s));
    private double HalfAmplitude(int s, int half) => (Window((half == 1 ? 4 : 8) * n + s) - Window((half == 1 ? 3 : 7) * n + s)) / 2;
    private double Crossings => Window(11 * n + 2);

    /// <summary>The window mean: the shift plus the two halves' integrals of (y − shift) over the window's duration.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double WindowMean(double shift, double firstIntegral, double secondIntegral, double duration) => shift + (firstIntegral + secondIntegral) / duration;

    /// <summary>The window's standard deviation from the halves' integrals of (y − shift) and (y − shift)², clamped at zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double WindowStd(double first, double second, double firstSquares, double secondSquares, double duration)
    {
        double m = (first + second) / duration;
        return Math.Sqrt(Math.Max(0, (firstSquares + secondSquares) / duration - m * m));
    }

    public double Parameter(string name) => parameters[(long)Index(parameterIndex, name, "parameter") * count + index];
    public double Mean(string state) => MeanOf(Index(stateIndex, state, "state"));
    public double MeanSquare(string state) => MeanSquareOf(Index(stateIndex, state, "state"));
    /// <summary>Time average of y_s² over the window.</summary>
    public double MeanSquareOf(int s) { double m = MeanOf(s), sd = StdOf(s); return m * m + sd * sd; }
    public double Min(string state) => MinOf(Index(stateIndex, state, "state"));
    public double Max(string state) => MaxOf(Index(stateIndex, state, "state"));
    /// <summary>The largest Lyapunov exponent over the window; NaN when it was not computed.</summary>
    public double Lyapunov => lyapunov ? Window(LyapunovColumn) : double.NaN;
    private int LyapunovColumn => passageColumn + (firstPassage ? 1 : 0);

    public double TrackedMean(int index) => Window(10 * n + index) / Duration;

    private int Index(Dictionary<string, int> names, string name, string what) =>
        names.TryGetValue(name, out int i) ? i : throw new ArgumentException($"Model '{model.Name}' has no {what} named '{name}'.", nameof(name));

    /// <summary>Final value of state <paramref name="s"/>, a range at a time.</summary>
    public static ColumnFill FinalColumn(int s) => (t, values, from, to) => t.RawColumn(s, from, to).CopyTo(values.AsSpan(from));

    /// <summary>The residual max_i |f_i(t_end, u_end)|, a range at a time.</summary>
    public static ColumnFill ResidualColumn { get; } = (t, values, from, to) => t.RawColumn(t.n + 4, from, to).CopyTo(values.AsSpan(from));

    /// <summary>The largest Lyapunov exponent (observed), a range at a time.</summary>
    public static ColumnFill LyapunovColumnFill { get; } = (t, values, from, to) => t.WindowColumn(t.LyapunovColumn, from, to).CopyTo(values.AsSpan(from));

    /// <summary>The first passage time through the observed level (NaN: never reached), a range at a time.</summary>
    public static ColumnFill FirstPassageColumn { get; } = (t, values, from, to) => t.WindowColumn(t.passageColumn, from, to).CopyTo(values.AsSpan(from));

    /// <summary>Window mean of state <paramref name="s"/> (<see cref="MeanOf"/>), a range at a time.</summary>
    public static ColumnFill MeanColumn(int s) => (t, values, from, to) =>
    {
        int n = t.n;
        ReadOnlySpan<double> shift = t.WindowColumn(s, from, to), first = t.WindowColumn(n + s, from, to), second = t.WindowColumn(5 * n + s, from, to);
        ReadOnlySpan<double> d1 = t.WindowColumn(11 * n, from, to), d2 = t.WindowColumn(11 * n + 1, from, to);
        var output = values.AsSpan(from, to - from);
        for (int k = 0; k < output.Length; k++) output[k] = WindowMean(shift[k], first[k], second[k], d1[k] + d2[k]);
    };

    /// <summary>Window standard deviation of state <paramref name="s"/> (<see cref="StdOf"/>), a range at a time.</summary>
    public static ColumnFill StdColumn(int s) => (t, values, from, to) =>
    {
        int n = t.n;
        ReadOnlySpan<double> first = t.WindowColumn(n + s, from, to), second = t.WindowColumn(5 * n + s, from, to);
        ReadOnlySpan<double> firstSquares = t.WindowColumn(2 * n + s, from, to), secondSquares = t.WindowColumn(6 * n + s, from, to);
        ReadOnlySpan<double> d1 = t.WindowColumn(11 * n, from, to), d2 = t.WindowColumn(11 * n + 1, from, to);
        var output = values.AsSpan(from, to - from);
        for (int k = 0; k < output.Length; k++) output[k] = WindowStd(first[k], second[k], firstSquares[k], secondSquares[k], d1[k] + d2[k]);
    };

    /// <summary>Window minimum of state <paramref name="s"/> (<see cref="MinOf"/>), a range at a time.</summary>
    public static ColumnFill MinColumn(int s) => (t, values, from, to) =>
    {
        ReadOnlySpan<double> a = t.WindowColumn(3 * t.n + s, from, to), b = t.WindowColumn(7 * t.n + s, from, to);
        var output = values.AsSpan(from, to - from);
        for (int k = 0; k < output.Length; k++) output[k] = Math.Min(a[k], b[k]);
    };

    /// <summary>Window maximum of state <paramref name="s"/> (<see cref="MaxOf"/>), a range at a time.</summary>
    public static ColumnFill MaxColumn(int s) => (t, values, from, to) =>
    {
        ReadOnlySpan<double> a = t.WindowColumn(4 * t.n + s, from, to), b = t.WindowColumn(8 * t.n + s, from, to);
        var output = values.AsSpan(from, to - from);
        for (int k = 0; k < output.Length; k++) output[k] = Math.Max(a[k], b[k]);
    };

    /// <summary>
    /// Mean time between upward crossings of the first state through its first-half mid-range in the window's second half
    /// (NaN with fewer than two), a range at a time.
    /// </summary>
    public static ColumnFill PeriodColumn { get; } = (t, values, from, to) =>
    {
        int n = t.n;
        ReadOnlySpan<double> crossings = t.WindowColumn(11 * n + 2, from, to), firstCrossing = t.WindowColumn(11 * n + 3, from, to),
            lastCrossing = t.WindowColumn(11 * n + 4, from, to);
        var output = values.AsSpan(from, to - from);
        for (int k = 0; k < output.Length; k++) output[k] = crossings[k] >= 2 ? (lastCrossing[k] - firstCrossing[k]) / (crossings[k] - 1) : double.NaN;
    };

    /// <summary>The regime by <see cref="RegimeRules"/>.</summary>
    public Regime Classify()
    {
        if (Status != TrajectoryStatus.Success || !(Duration > 0)) return Regime.DivergedOrFailed;
        for (int s = 0; s < n; s++)
        {
            double bound = Math.Max(Math.Abs(MinOf(s)), Math.Abs(MaxOf(s)));
            if (!double.IsFinite(Final(s)) || !(bound <= rules.DivergenceBound)) return Regime.DivergedOrFailed;
        }
        if (Lyapunov > rules.ChaosThreshold) return Regime.Chaotic;
        if (model.Order is { } order)
        {
            double scale = order.Scale(parameterByName ??= Parameter), meanSquare = MeanSquare(order.State), mean = Mean(order.State);
            if (Math.Sqrt(meanSquare) < rules.DisorderFraction * scale) return Regime.Disordered;
            if (rules.Noisy) return 2 * mean * mean > meanSquare ? Regime.Ordered : Regime.Disordered;
        }
        if (rules.Noisy) return Regime.Stationary;
        bool oscillating = false;
        if (Crossings >= 1)
        {
            for (int s = 0; s < n; s++)
            {
                if (model.OscillationState is { } name && model.States[s].Name != name) continue;
                double a1 = HalfAmplitude(s, 1), a2 = HalfAmplitude(s, 2);
                if (a2 > Math.Max(rules.OscillationAmplitude * Math.Abs(MeanOf(s)), 1e-9) && a2 >= rules.DecayRatio * a1) oscillating = true;
            }
        }
        if (oscillating) return Regime.Oscillatory;
        return model.Order is null ? Regime.Stationary : Regime.Ordered;
    }
}
