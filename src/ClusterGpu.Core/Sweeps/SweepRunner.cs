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
    /// Integrates the rows of <paramref name="range"/> (default: all; row = point·K + ic, each row R realisations),
    /// classifies them and hands each batch to <paramref name="sink"/>, skipping batches the sink already holds;
    /// <paramref name="progress"/> receives rows done. Batches start at range.First + j·<see cref="RowsPerBatch"/> (whole
    /// points), so a resumed run meets the same boundaries. With R &gt; 1 each row holds <see cref="RealizationStatistics"/>.
    /// </summary>
    public SweepSummary Run(ParameterSpace space, IntegrationSettings settings, Observation observation, RegimeRules rules,
        ISweepSink sink, IProgress<long>? progress = null, CancellationToken cancel = default, RowRange? range = null)
    {
        settings.Validate();
        observation.Validate();
        rules.Validate();
        var info = space.Model.Info;
        int s = info.States.Count, p = info.Parameters.Count, r = space.Realizations;
        bool aggregate = r > 1;
        var doubles = DoubleVariables(info, observation.Lyapunov, observation.FirstPassage);
        int[] columnwise = [.. Enumerable.Range(0, doubles.Count).Where(v => doubles[v].Columnwise is not null)];
        int[] oneByOne = [.. Enumerable.Range(0, doubles.Count).Where(v => doubles[v].PerTrajectory is not null)];
        var produced = AllVariables(space, observation);
        var variables = Variables(space, observation);
        var stored = variables.Select(v => produced.IndexOf(v)).ToArray();
        var trajectoryNames = Variables(info, observation.Lyapunov, observation.FirstPassage).Select(v => v.Name).ToList();
        var kept = space.KeptRealizationVariables.Select(name => trajectoryNames.IndexOf(name)).ToArray();
        int orderState = info.Order is { } order ? info.StateIndex(order.State) : 0;

        sink.Begin(space, variables);
        var (first, total) = range ?? RowRange.All(space);

        int ics = space.InitialConditions.Count;
        int batch = RowsPerBatch(BatchSize, space);
        var regimeCounts = new long[RegimeRules.Names.Length];
        long multistablePoints = 0, failed = 0;
        double seconds = 0;
        int columns = new EnsembleLayout(1, p, s, 0, 1).FixedColumns + Observation.Columns(observation, s);
        long computed = 0;
        // The batch's inputs and raw outputs are reused from batch to batch (only the last batch may differ in size): fresh
        // arrays of this size (hundreds of MB) cost page faults and zeroing every batch. Every entry is written before it is
        // read (Fill; the backends write every output column of every trajectory), so they start uninitialised.
        double[] parameters = [], initial = [], outputs = [];
        for (int start = first; start < first + total; start += batch)
        {
            cancel.ThrowIfCancellationRequested();
            int rows = Math.Min(batch, first + total - start);
            if (sink.Completed(start))
            {
                progress?.Report(start - first + rows);
                continue;
            }
            var clock = Stopwatch.StartNew();
            int m = rows * r;
            long firstTrajectory = (long)start * r;
            parameters = Reuse(parameters, (long)p * m);
            initial = Reuse(initial, (long)s * m);
            space.Fill(firstTrajectory, m, parameters, initial);
            outputs = Reuse(outputs, (long)columns * m);
            Backend.Run(space.Model, settings, observation, new EnsembleLayout(m, p, s, settings.T0, settings.TEnd, firstTrajectory, settings.Seed), parameters, initial, outputs);
            var values = doubles.Select(_ => new double[m]).ToArray();
            var regime = new byte[m];
            var status = new byte[m];
            var steps = new int[m];
            var rejected = new int[m];
            var meanSquare = aggregate ? new double[m] : [];
            var meanFourth = aggregate ? new double[m] : [];
            // Ranges of SummaryRange trajectories: the column-wise observables read each output column of the range in one
            // sweep; the per-trajectory work that follows finds the range's columns in cache.
            Parallel.For(0, (m + SummaryRange - 1) / SummaryRange, () => new TrajectorySummary(info, rules, observation.Lyapunov, observation.FirstPassage is not null), (range, _, summary) =>
            {
                int from = range * SummaryRange, to = Math.Min(m, from + SummaryRange);
                summary.Load(outputs, m, parameters);
                foreach (var v in columnwise) doubles[v].Columnwise!(summary, values[v], from, to);
                for (int i = from; i < to; i++)
                {
                    summary.At(i);
                    foreach (var v in oneByOne) values[v][i] = doubles[v].PerTrajectory!(summary);
                    regime[i] = (byte)summary.Classify();
                    status[i] = (byte)summary.Status;
                    steps[i] = (int)Math.Min(int.MaxValue, summary.Steps);
                    rejected[i] = (int)Math.Min(int.MaxValue, summary.Rejected);
                    if (aggregate)
                    {
                        meanSquare[i] = summary.MeanSquareOf(orderState);
                        meanFourth[i] = summary.MeanFourthOf(orderState);
                    }
                }
                return summary;
            }, _ => { });
            var batchRegimes = new long[RegimeRules.Names.Length];
            foreach (var c in regime) batchRegimes[c]++;
            long batchFailed = status.Count(x => x != 0);
            Array[] perTrajectory = [.. values, regime, status, steps, rejected];
            Array[] rowValues = aggregate
                ?
                [
                    .. RealizationStatistics.Reduce(rows, r, values, doubles.Select(d => d.MayBeUndefined).ToArray(), meanSquare, meanFourth, regime, status, steps, rejected),
                    .. kept.Select(k => perTrajectory[k]),
                ]
                : perTrajectory;
            var multistable = Multistability((byte[])rowValues[produced.FindIndex(v => v.Name == "regime")], ics);
            var batchSeconds = clock.Elapsed.TotalSeconds;
            sink.Write(new SweepBatch(start, rows, stored.Select(v => rowValues[v]).ToArray(), multistable, batchRegimes, batchFailed, batchSeconds));
            for (int c = 0; c < regimeCounts.Length; c++) regimeCounts[c] += batchRegimes[c];
            failed += batchFailed;
            multistablePoints += multistable?.Count(x => x == 1) ?? 0;
            seconds += batchSeconds;
            computed += m;
            progress?.Report(start - first + rows);
        }
        return new SweepSummary(regimeCounts, multistablePoints, failed, computed, seconds, Backend.Name, Backend.Device);
    }

    private static double[] Reuse(double[] buffer, long length) => buffer.LongLength == length ? buffer : GC.AllocateUninitializedArray<double>(checked((int)length));

    /// <summary>Rows per batch: about <paramref name="batchSize"/> trajectories, in whole points (at least one).</summary>
    public static int RowsPerBatch(int batchSize, ParameterSpace space)
    {
        int k = space.InitialConditions.Count;
        int rows = Math.Max(1, batchSize / space.Realizations);
        return Math.Max(k, rows / k * k);
    }

    /// <summary>
    /// The counts of a <see cref="SweepBatch"/> from its stored values (in <paramref name="variables"/> order): regimes of every
    /// realisation and the trajectories that did not succeed; zero for what <c>--vars</c> left out.
    /// </summary>
    public static (long[] RegimeCounts, long Failed) Tally(IReadOnlyList<SweepVariableInfo> variables, IReadOnlyList<Array> values, int realizations)
    {
        var regimeCounts = new long[RegimeRules.Names.Length];
        Array? Find(string name) => variables.Select(v => v.Name).ToList().IndexOf(name) is >= 0 and var i ? values[i] : null;
        if (realizations == 1)
        {
            if (Find("regime") is byte[] regimes) foreach (byte c in regimes) regimeCounts[c]++;
            return (regimeCounts, Find("status") is byte[] status ? status.Count(c => c != 0) : 0);
        }
        for (int c = 0; c < RegimeRules.Names.Length; c++)
            if (Find($"p_{RegimeRules.Names[c]}") is double[] fractions)
                foreach (double fraction in fractions) regimeCounts[c] += (long)Math.Round(fraction * realizations);
        return (regimeCounts, Find("failed") is int[] failed ? failed.Sum(x => (long)x) : 0);
    }

    /// <summary>Names of every per-row variable a sweep of <paramref name="info"/> produces (see <see cref="Variables(Kernels.Models.ModelInfo, bool, FirstPassageLevel?, bool)"/>).</summary>
    public static IReadOnlyList<string> VariableNames(Kernels.Models.ModelInfo info, bool lyapunov = false, FirstPassageLevel? firstPassage = null, bool aggregated = false) =>
        Variables(info, lyapunov, firstPassage, aggregated).Select(v => v.Name).ToArray();

    /// <summary>
    /// The per-row variables a sweep of <paramref name="space"/> with <paramref name="observation"/> stores, in output order:
    /// every one it produces (see <see cref="AllVariables"/>), or those named by <see cref="ParameterSpace.StoredVariables"/>.
    /// </summary>
    /// <exception cref="Errors.UsageException">A stored name is no variable of the sweep, or is given twice.</exception>
    public static IReadOnlyList<SweepVariableInfo> Variables(ParameterSpace space, Observation observation)
    {
        var all = AllVariables(space, observation);
        if (space.StoredVariables.Count == 0) return all;
        var names = all.Select(v => v.Name).ToArray();
        foreach (var name in space.StoredVariables)
        {
            if (!names.Contains(name))
                throw new Errors.UsageException($"--vars '{name}' is not a variable of this sweep.{Errors.NearestName.Hint(name, names)} Choose from: {string.Join(", ", names)}.");
            if (space.StoredVariables.Count(n => n == name) > 1) throw new Errors.UsageException($"--vars names '{name}' twice; give each variable once.");
        }
        return all.Where(v => space.StoredVariables.Contains(v.Name)).ToArray();
    }

    /// <summary>
    /// Every per-row variable a sweep of <paramref name="space"/> with <paramref name="observation"/> produces, in output order:
    /// with realisations, their statistics and then the kept per-realisation variables (<c>&lt;name&gt;_realizations</c>).
    /// </summary>
    public static List<SweepVariableInfo> AllVariables(ParameterSpace space, Observation observation)
    {
        var info = space.Model.Info;
        var rows = Variables(info, observation.Lyapunov, observation.FirstPassage, space.Realizations > 1);
        if (space.KeptRealizationVariables.Count == 0) return [.. rows];
        var perTrajectory = Variables(info, observation.Lyapunov, observation.FirstPassage);
        var kept = new List<SweepVariableInfo>();
        foreach (var name in space.KeptRealizationVariables)
        {
            var variable = perTrajectory.FirstOrDefault(v => v.Name == name)
                ?? throw new Errors.UsageException($"--keep-realizations '{name}' is not a variable of {info.Name}.{Errors.NearestName.Hint(name, perTrajectory.Select(v => v.Name))} Choose from: {string.Join(", ", perTrajectory.Select(v => v.Name))}.");
            if (kept.Any(k => k.Name == $"{name}_realizations")) throw new Errors.UsageException($"--keep-realizations names '{name}' twice; give each variable once.");
            kept.Add(variable with { Name = $"{name}_realizations", Description = $"{variable.Description}; every realisation", PerRow = space.Realizations });
        }
        return [.. rows, .. kept];
    }

    /// <summary>
    /// Every per-row variable a sweep of <paramref name="info"/> produces, in output order (with <c>lle</c> when
    /// <paramref name="lyapunov"/>, <c>first_passage_&lt;state&gt;</c> with <paramref name="firstPassage"/>): per trajectory,
    /// or with <paramref name="aggregated"/> the <see cref="RealizationStatistics"/>.
    /// </summary>
    public static IReadOnlyList<SweepVariableInfo> Variables(Kernels.Models.ModelInfo info, bool lyapunov = false, FirstPassageLevel? firstPassage = null, bool aggregated = false) => aggregated
        ? RealizationStatistics.Variables(DoubleVariables(info, lyapunov, firstPassage).Select(d => (d.Name, d.Description, d.MayBeUndefined)).ToArray(), info.Order?.State ?? info.States[0].Name)
        : [
        .. DoubleVariables(info, lyapunov, firstPassage).Select(d => new SweepVariableInfo(d.Name, d.Description, typeof(double))),
        new("regime", "long-time behaviour (flag_meanings)", typeof(byte)),
        new("status", "how the integration ended (flag_meanings)", typeof(byte)),
        new("steps", "accepted steps", typeof(int)),
        new("rejected", "rejected step attempts", typeof(int)),
    ];

    /// <summary>Trajectories per range of the per-batch summary: its output columns (about 50 of 8 KB) stay in the core's cache.</summary>
    private const int SummaryRange = 1024;

    /// <summary>
    /// A double-valued observable, computed <c>Columnwise</c> (a range of trajectories at a time) or <c>PerTrajectory</c>;
    /// <c>MayBeUndefined</c>: NaN by design for some trajectories (no period, never passed).
    /// </summary>
    private sealed record DoubleVariable(string Name, string Description, bool MayBeUndefined,
        TrajectorySummary.ColumnFill? Columnwise = null, Func<TrajectorySummary, double>? PerTrajectory = null);

    /// <summary>The double-valued observables, in output order.</summary>
    private static List<DoubleVariable> DoubleVariables(Kernels.Models.ModelInfo info, bool lyapunov, FirstPassageLevel? firstPassage)
    {
        int s = info.States.Count;
        var doubles = new List<DoubleVariable>();
        foreach (var (prefix, what, fill) in new (string, string, Func<int, TrajectorySummary.ColumnFill>)[]
        {
            ("final", "state at t_end", TrajectorySummary.FinalColumn),
            ("mean", "time average over the observation window", TrajectorySummary.MeanColumn),
            ("std", "standard deviation over the observation window (time-weighted)", TrajectorySummary.StdColumn),
            ("min", "minimum over the observation window", TrajectorySummary.MinColumn),
            ("max", "maximum over the observation window", TrajectorySummary.MaxColumn),
        })
            for (int state = 0; state < s; state++)
                doubles.Add(new($"{prefix}_{info.States[state].Name}", $"{info.States[state].Name}: {what}", false, fill(state)));
        doubles.Add(new("period", "mean time between upward crossings of the first state through its mid-range, second half of the window (NaN: fewer than 2)", true,
            TrajectorySummary.PeriodColumn));
        doubles.Add(new("residual", "max_i |f_i(t_end, u_end)|: zero at a fixed point", false, TrajectorySummary.ResidualColumn));
        foreach (var o in info.Observables) doubles.Add(new(o.Name, o.Description, false, PerTrajectory: t => o.Evaluate(t)));
        if (firstPassage is { } passage)
            doubles.Add(new($"first_passage_{info.States[passage.State].Name}", FormattableString.Invariant($"first time {info.States[passage.State].Name} reaches {passage.Level:G17} from its initial side (linear interpolation in the step; NaN: never)"), true,
                TrajectorySummary.FirstPassageColumn));
        if (lyapunov) doubles.Add(new("lle", "largest Lyapunov exponent over the observation window (tangent dynamics, exact dual-number Jacobian)", false, TrajectorySummary.LyapunovColumnFill));
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
