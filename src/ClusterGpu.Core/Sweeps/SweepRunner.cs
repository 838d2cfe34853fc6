using System.Diagnostics;
using ClusterGpu.Backends;
using ClusterGpu.Kernels.EntryPoints;
using ClusterGpu.Solving;

namespace ClusterGpu.Sweeps;

/// <summary>
/// Runs a <see cref="ParameterSpace"/> through a backend in batches of at most <see cref="BatchSize"/> trajectories,
/// reducing each batch's raw kernel outputs to observables at once, so memory holds only the final variables
/// (about 27 numbers per trajectory for a 4-state model) plus one batch.
/// </summary>
public sealed class SweepRunner(EnsembleBackend backend, int batchSize = 1 << 18)
{
    public EnsembleBackend Backend { get; } = backend;
    public int BatchSize { get; } = batchSize;

    /// <summary>Integrates every trajectory and classifies it; <paramref name="progress"/> receives trajectories done.</summary>
    public SweepResult Run(ParameterSpace space, IntegrationSettings settings, Observation observation, RegimeRules rules,
        IProgress<long>? progress = null, CancellationToken cancel = default)
    {
        settings.Validate();
        observation.Validate();
        rules.Validate();
        var info = space.Model.Info;
        int n = space.TrajectoryCount, s = info.States.Count, p = info.Parameters.Count;
        var doubles = new List<(string Name, string Description, Func<TrajectorySummary, double> Value)>();
        foreach (var (prefix, what, f) in new (string, string, Func<TrajectorySummary, int, double>)[]
        {
            ("final", "state at t_end", (t, k) => t.Final(k)),
            ("mean", "time average over the observation window", (t, k) => t.MeanOf(k)),
            ("std", "standard deviation over the observation window (time-weighted)", (t, k) => t.StdOf(k)),
            ("min", "minimum over the observation window", (t, k) => t.MinOf(k)),
            ("max", "maximum over the observation window", (t, k) => t.MaxOf(k)),
        })
            for (int k = 0; k < s; k++)
            {
                int component = k;
                doubles.Add(($"{prefix}_{info.States[k].Name}", $"{info.States[k].Name}: {what}", t => f(t, component)));
            }
        doubles.Add(("period", "mean time between upward crossings of the first state through its mid-range, second half of the window (NaN: fewer than 2)", t => t.Period));
        doubles.Add(("residual", "max_i |f_i(t_end, u_end)|: zero at a fixed point", t => t.Residual));
        foreach (var o in info.Observables) doubles.Add((o.Name, o.Description, t => o.Evaluate(t)));

        var values = doubles.Select(_ => new double[n]).ToArray();
        var regime = new byte[n];
        var status = new byte[n];
        var steps = new int[n];
        var rejected = new int[n];
        var clock = Stopwatch.StartNew();
        int columns = new EnsembleLayout(1, p, s, 0, 1).FixedColumns + Observation.Columns(observation, s);
        for (int start = 0; start < n; start += BatchSize)
        {
            cancel.ThrowIfCancellationRequested();
            int m = Math.Min(BatchSize, n - start);
            var parameters = new double[(long)p * m];
            var initial = new double[(long)s * m];
            space.Fill(start, m, parameters, initial);
            var outputs = new double[(long)columns * m];
            Backend.Run(space.Model, settings, observation, new EnsembleLayout(m, p, s, settings.T0, settings.TEnd), parameters, initial, outputs);
            Parallel.For(0, m, () => new TrajectorySummary(info, rules), (i, _, summary) =>
            {
                var pointParameters = new double[p];
                for (int k = 0; k < p; k++) pointParameters[k] = parameters[(long)k * m + i];
                summary.Load(outputs, m, i, pointParameters);
                int t = start + i;
                for (int v = 0; v < doubles.Count; v++) values[v][t] = doubles[v].Value(summary);
                regime[t] = (byte)summary.Classify();
                status[t] = (byte)summary.Status;
                steps[t] = (int)Math.Min(int.MaxValue, summary.Steps);
                rejected[t] = (int)Math.Min(int.MaxValue, summary.Rejected);
                return summary;
            }, _ => { });
            progress?.Report(start + m);
        }
        double seconds = clock.Elapsed.TotalSeconds;

        var variables = new List<SweepVariable>();
        for (int v = 0; v < doubles.Count; v++) variables.Add(new(doubles[v].Name, doubles[v].Description, values[v]));
        variables.Add(new("regime", "long-time behaviour (flag_meanings)", regime));
        variables.Add(new("status", "how the integration ended (flag_meanings)", status));
        variables.Add(new("steps", "accepted steps", steps));
        variables.Add(new("rejected", "rejected step attempts", rejected));
        return new SweepResult(space, variables, Multistability(regime, space.InitialConditions.Count), seconds, Backend.Name, Backend.Device);
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
