using System.Diagnostics;

namespace ClusterGpu.Sweeps;

/// <summary>
/// The sink of a durable run: each batch goes to the <see cref="PartStore"/> as soon as it is computed; batches already
/// there (a resumed run) are skipped by the runner. <see cref="Assemble"/> then replays every batch, in order, into the
/// output file — so a resumed run's file holds the same values as an uninterrupted one.
/// </summary>
public sealed class DurableSweep(PartStore store, RowRange range, int batchSize) : ISweepSink
{
    private readonly Stopwatch clock = new();
    private ParameterSpace? space;
    private IReadOnlyList<SweepVariableInfo> variables = [];

    public void Begin(ParameterSpace space, IReadOnlyList<SweepVariableInfo> variables)
    {
        this.space = space;
        this.variables = variables;
        clock.Restart();
    }

    public bool Completed(int start) => store.Has(start);

    public void Write(int start, int count, IReadOnlyList<Array> values, byte[]? multistable)
    {
        store.Save(start, count, values, multistable, clock.Elapsed.TotalSeconds);
        clock.Restart();
    }

    /// <summary>Replays every stored batch into <paramref name="output"/>; the summary counts all of them (compute time summed over the runs).</summary>
    public SweepSummary Assemble(ISweepSink output, string backend, string device)
    {
        var regimeCounts = new long[RegimeRules.Names.Length];
        long multistablePoints = 0, failed = 0, trajectories = 0;
        double seconds = 0;
        int batch = SweepRunner.RowsPerBatch(batchSize, space!);
        output.Begin(space!, variables);
        for (int start = range.First; start < range.First + range.Count; start += batch)
        {
            var values = store.Load(start, out int count, out var multistable, out double batchSeconds)
                ?? throw new Errors.RunFailedException($"the saved batch at row {start} vanished from '{store.Directory}' or was damaged before the "
                    + "output file was assembled. No output file was written; run the same command with --resume to recompute it.");
            output.Write(start, count, values, multistable);
            failed += SweepRunner.Tally(variables, values, space!.Realizations, regimeCounts);
            multistablePoints += multistable?.Count(m => m == 1) ?? 0;
            trajectories += (long)count * space.Realizations;
            seconds += batchSeconds;
        }
        return new SweepSummary(regimeCounts, multistablePoints, failed, trajectories, seconds, backend, device);
    }
}
