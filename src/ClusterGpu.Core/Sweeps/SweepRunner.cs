using System.Diagnostics;
using ClusterGpu.Backends;
using ClusterGpu.Kernels.EntryPoints;
using ClusterGpu.Solving;

namespace ClusterGpu.Sweeps;

/// <summary>
/// Runs a <see cref="ParameterSpace"/> through a backend in batches of at most <see cref="BatchSize"/> trajectories
/// (whole points), reducing each batch's raw kernel outputs to observables at once and handing them to a sink: with
/// <see cref="SweepFile"/> memory holds one batch whatever the size of the sweep.
/// </summary>
public sealed class SweepRunner(EnsembleBackend backend, int batchSize = 1 << 18)
{
    public EnsembleBackend Backend { get; } = backend;
    public int BatchSize { get; } = batchSize;

    /// <summary>Runs the sweep into memory (small runs, tests, sensitivity designs).</summary>
    public SweepResult Run(ParameterSpace space, IntegrationSettings settings, Observation observation, RegimeRules rules,
        IProgress<long>? progress = null, CancellationToken cancel = default)
    {
        var sink = new MemorySink();
        var summary = Run(space, settings, observation, rules, sink, progress, cancel);
        return sink.Result(summary);
    }

    /// <summary>
    /// Integrates the trajectories of <paramref name="range"/> (default: all), classifies them and hands each batch to
    /// <paramref name="sink"/>, skipping batches the sink already holds; <paramref name="progress"/> receives trajectories
    /// done. Batches start at range.First + j·batch (whole points), so a resumed run meets the same boundaries.
    /// </summary>
    public SweepSummary Run(ParameterSpace space, IntegrationSettings settings, Observation observation, RegimeRules rules,
        ISweepSink sink, IProgress<long>? progress = null, CancellationToken cancel = default, TrajectoryRange? range = null)
    {
        settings.Validate();
        observation.Validate();
        rules.Validate();
        var info = space.Model.Info;
        int s = info.States.Count, p = info.Parameters.Count;
        var doubles = DoubleVariables(info, observation.Lyapunov, observation.FirstPassage);

        sink.Begin(space, Variables(info, observation.Lyapunov, observation.FirstPassage));
        var (first, total) = range ?? TrajectoryRange.All(space);

        int ics = space.InitialConditions.Count;
        int batch = WholePoints(BatchSize, ics);
        var regimeCounts = new long[RegimeRules.Names.Length];
        long multistablePoints = 0, failed = 0;
        var clock = Stopwatch.StartNew();
        int columns = new EnsembleLayout(1, p, s, 0, 1).FixedColumns + Observation.Columns(observation, s);
        long computed = 0;
        for (int start = first; start < first + total; start += batch)
        {
            cancel.ThrowIfCancellationRequested();
            int m = Math.Min(batch, first + total - start);
            if (sink.Completed(start))
            {
                progress?.Report(start - first + m);
                continue;
            }
            var parameters = new double[(long)p * m];
            var initial = new double[(long)s * m];
            space.Fill(start, m, parameters, initial);
            var outputs = new double[(long)columns * m];
            Backend.Run(space.Model, settings, observation, new EnsembleLayout(m, p, s, settings.T0, settings.TEnd, start, settings.Seed), parameters, initial, outputs);
            var values = doubles.Select(_ => new double[m]).ToArray();
            var regime = new byte[m];
            var status = new byte[m];
            var steps = new int[m];
            var rejected = new int[m];
            Parallel.For(0, m, () => new TrajectorySummary(info, rules, observation.Lyapunov, observation.FirstPassage is not null), (i, _, summary) =>
            {
                var pointParameters = new double[p];
                for (int j = 0; j < p; j++) pointParameters[j] = parameters[(long)j * m + i];
                summary.Load(outputs, m, i, pointParameters);
                for (int v = 0; v < doubles.Count; v++) values[v][i] = doubles[v].Value(summary);
                regime[i] = (byte)summary.Classify();
                status[i] = (byte)summary.Status;
                steps[i] = (int)Math.Min(int.MaxValue, summary.Steps);
                rejected[i] = (int)Math.Min(int.MaxValue, summary.Rejected);
                return summary;
            }, _ => { });
            var multistable = Multistability(regime, ics);
            foreach (var r in regime) regimeCounts[r]++;
            failed += status.Count(x => x != 0);
            multistablePoints += multistable?.Count(x => x == 1) ?? 0;
            sink.Write(start, m, [.. values, regime, status, steps, rejected], multistable);
            computed += m;
            progress?.Report(start - first + m);
        }
        return new SweepSummary(regimeCounts, multistablePoints, failed, computed, clock.Elapsed.TotalSeconds, Backend.Name, Backend.Device);
    }

    /// <summary>The batch size actually used: <paramref name="batchSize"/> rounded down to whole points (at least one).</summary>
    public static int WholePoints(int batchSize, int initialConditions) => Math.Max(initialConditions, batchSize / initialConditions * initialConditions);

    /// <summary>Names of every per-trajectory variable a sweep of <paramref name="info"/> produces (with <c>lle</c> when <paramref name="lyapunov"/>, <c>first_passage_&lt;state&gt;</c> with <paramref name="firstPassage"/>).</summary>
    public static IReadOnlyList<string> VariableNames(Kernels.Models.ModelInfo info, bool lyapunov = false, FirstPassageLevel? firstPassage = null) =>
        Variables(info, lyapunov, firstPassage).Select(v => v.Name).ToArray();

    /// <summary>Every per-trajectory variable a sweep of <paramref name="info"/> produces, in output order (with <c>lle</c> when <paramref name="lyapunov"/>, <c>first_passage_&lt;state&gt;</c> with <paramref name="firstPassage"/>).</summary>
    public static IReadOnlyList<SweepVariableInfo> Variables(Kernels.Models.ModelInfo info, bool lyapunov = false, FirstPassageLevel? firstPassage = null) =>
    [
        .. DoubleVariables(info, lyapunov, firstPassage).Select(d => new SweepVariableInfo(d.Name, d.Description, typeof(double))),
        new("regime", "long-time behaviour (flag_meanings)", typeof(byte)),
        new("status", "how the integration ended (flag_meanings)", typeof(byte)),
        new("steps", "accepted steps", typeof(int)),
        new("rejected", "rejected step attempts", typeof(int)),
    ];

    private static List<(string Name, string Description, Func<TrajectorySummary, double> Value)> DoubleVariables(Kernels.Models.ModelInfo info, bool lyapunov, FirstPassageLevel? firstPassage)
    {
        int s = info.States.Count;
        var doubles = new List<(string Name, string Description, Func<TrajectorySummary, double> Value)>();
        foreach (var (prefix, what, f) in new (string, string, Func<TrajectorySummary, int, double>)[]
        {
            ("final", "state at t_end", (t, k) => t.Final(k)),
            ("mean", "time average over the observation window", (t, k) => t.MeanOf(k)),
            ("std", "standard deviation over the observation window (time-weighted)", (t, k) => t.StdOf(k)),
            ("min", "minimum over the observation window", (t, k) => t.MinOf(k)),
            ("max", "maximum over the observation window", (t, k) => t.MaxOf(k)),
        })
            for (int state = 0; state < s; state++)
            {
                int component = state;
                doubles.Add(($"{prefix}_{info.States[state].Name}", $"{info.States[state].Name}: {what}", t => f(t, component)));
            }
        doubles.Add(("period", "mean time between upward crossings of the first state through its mid-range, second half of the window (NaN: fewer than 2)", t => t.Period));
        doubles.Add(("residual", "max_i |f_i(t_end, u_end)|: zero at a fixed point", t => t.Residual));
        foreach (var o in info.Observables) doubles.Add((o.Name, o.Description, t => o.Evaluate(t)));
        if (firstPassage is { } passage)
            doubles.Add(($"first_passage_{info.States[passage.State].Name}", FormattableString.Invariant($"first time {info.States[passage.State].Name} reaches {passage.Level:G17} from its initial side (linear interpolation in the step; NaN: never)"), t => t.FirstPassage));
        if (lyapunov) doubles.Add(("lle", "largest Lyapunov exponent over the observation window (tangent dynamics, exact dual-number Jacobian)", t => t.Lyapunov));
        return doubles;
    }

    private static byte[]? Multistability(byte[] regime, int k)
    {
        if (k == 1) return null;
        var multistable = new byte[regime.Length / k];
        for (int point = 0; point < multistable.Length; point++)
            for (int ic = 1; ic < k; ic++)
                if (regime[point * k + ic] != regime[point * k]) multistable[point] = 1;
        return multistable;
    }
}
