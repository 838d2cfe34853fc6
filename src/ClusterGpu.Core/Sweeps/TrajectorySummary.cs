using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Solvers;

namespace ClusterGpu.Sweeps;

/// <summary>
/// One trajectory's raw kernel outputs (final state, outcome, residual, <c>WindowObserver</c> columns) turned
/// into observables: window mean, standard deviation, minimum and maximum per state, period, derived
/// observables, the first passage time (when <paramref name="firstPassage"/>: the column after the window's), the largest
/// Lyapunov exponent (when <paramref name="lyapunov"/>: the last column) and the regime.
/// </summary>
internal sealed class TrajectorySummary(ModelInfo model, RegimeRules rules, bool lyapunov = false, bool firstPassage = false) : IWindowStatistics
{
    private readonly int n = model.States.Count;
    private readonly int passageColumn = Solving.Observation.FirstPassageColumn(model.States.Count);
    private double[] columns = [];
    private int count, index;
    private readonly double[] parameters = new double[model.Parameters.Count];

    /// <summary>
    /// Points the summary at trajectory <paramref name="i"/> of a batch of <paramref name="batchCount"/>, whose parameters are
    /// rows of <paramref name="batchParameters"/> (one row per parameter, as the kernels read them).
    /// </summary>
    public void Load(double[] batchColumns, int batchCount, int i, double[] batchParameters)
    {
        (columns, count, index) = (batchColumns, batchCount, i);
        for (int j = 0; j < parameters.Length; j++) parameters[j] = batchParameters[(long)j * batchCount + i];
    }

    // Read for every observable of every trajectory: inlined (the JIT left them as calls, a sixth of a short sweep's time).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Raw(int column) => columns[(long)column * count + index];
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Window(int column) => Raw(n + 5 + column);

    public double Final(int s) => Raw(s);
    public TrajectoryStatus Status => (TrajectoryStatus)(int)Raw(n + 1);
    public double Steps => Raw(n + 2);
    public double Rejected => Raw(n + 3);
    public double Residual => Raw(n + 4);

    private double Duration
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Window(11 * n) + Window(11 * n + 1);
    }
    public double MeanOf(int s) => Window(s) + (Window(n + s) + Window(5 * n + s)) / Duration;
    public double StdOf(int s)
    {
        double d = Duration, m = (Window(n + s) + Window(5 * n + s)) / d;
        return Math.Sqrt(Math.Max(0, (Window(2 * n + s) + Window(6 * n + s)) / d - m * m));
    }
    /// <summary>Time average of y_s⁴ over the window.</summary>
    public double MeanFourthOf(int s) => Window(9 * n + s) / Duration;
    public double MinOf(int s) => Math.Min(Window(3 * n + s), Window(7 * n + s));
    public double MaxOf(int s) => Math.Max(Window(4 * n + s), Window(8 * n + s));
    private double HalfAmplitude(int s, int half) => (Window((half == 1 ? 4 : 8) * n + s) - Window((half == 1 ? 3 : 7) * n + s)) / 2;
    private double Crossings => Window(11 * n + 2);

    /// <summary>Mean time between upward crossings of the first state through its first-half mid-range in the window's second half; NaN with fewer than two.</summary>
    public double Period => Crossings >= 2 ? (Window(11 * n + 4) - Window(11 * n + 3)) / (Crossings - 1) : double.NaN;

    public double Parameter(string name) => parameters[model.ParameterIndex(name)];
    public double Mean(string state) => MeanOf(model.StateIndex(state));
    public double MeanSquare(string state) => MeanSquareOf(model.StateIndex(state));
    /// <summary>Time average of y_s² over the window.</summary>
    public double MeanSquareOf(int s) { double m = MeanOf(s), sd = StdOf(s); return m * m + sd * sd; }
    public double Min(string state) => MinOf(model.StateIndex(state));
    public double Max(string state) => MaxOf(model.StateIndex(state));
    /// <summary>The largest Lyapunov exponent over the window; NaN when it was not computed.</summary>
    public double Lyapunov => lyapunov ? Window(passageColumn + (firstPassage ? 1 : 0)) : double.NaN;
    /// <summary>The first passage time through the observed level; NaN when never reached or not observed.</summary>
    public double FirstPassage => firstPassage ? Window(passageColumn) : double.NaN;

    public double TrackedMean(int index) => Window(10 * n + index) / Duration;

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
            double scale = order.Scale(Parameter), meanSquare = MeanSquare(order.State), mean = Mean(order.State);
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
