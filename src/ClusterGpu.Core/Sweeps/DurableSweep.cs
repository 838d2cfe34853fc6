namespace ClusterGpu.Sweeps;

/// <summary>
/// The sink of a durable run, in front of the output file: each computed batch is saved in the <see cref="PartStore"/>
/// and then passed on to <c>output</c>, in one pass. Batches already saved (a resumed run) are skipped by the runner and
/// replayed from the store into <c>output</c> at their place in row order, so a resumed run's file holds the same values
/// as an uninterrupted one; <see cref="Finish"/> replays any that follow the last computed batch.
/// </summary>
public sealed class DurableSweep(PartStore store, RowRange range, ISweepSink output) : ISweepSink
{
    private readonly long[] regimeCounts = new long[RegimeRules.Names.Length];
    private long multistablePoints, failed, trajectories;
    private double seconds;
    private ParameterSpace? space;
    private int next;

    public void Begin(ParameterSpace space, IReadOnlyList<SweepVariableInfo> variables)
    {
        this.space = space;
        next = range.First;
        output.Begin(space, variables);
    }

    /// <summary>True when the batch is saved and intact; reads only that batch's part, so it is safe during <see cref="Write"/>.</summary>
    public bool Completed(int start) => store.Has(start);

    public void Write(SweepBatch batch)
    {
        CatchUp(batch.Start);
        store.Save(batch);
        Forward(batch);
    }

    /// <summary>
    /// After the last batch: replays the saved batches not yet passed on and returns the summary of every batch (regimes,
    /// failures, integration seconds summed over the runs that computed them).
    /// </summary>
    public SweepSummary Finish(string backend, string device)
    {
        CatchUp(range.First + range.Count);
        return new SweepSummary(regimeCounts, multistablePoints, failed, trajectories, seconds, backend, device);
    }

    /// <summary>Passes the saved batches before row <paramref name="until"/> on to the output.</summary>
    private void CatchUp(int until)
    {
        while (next < until)
            Forward(store.Load(next) ?? throw new Errors.RunFailedException($"the saved batch at row {next} vanished from '{store.Directory}' or was "
                + "damaged during the run. No output file was written; run the same command with --resume to compute it again."));
        if (next != until) throw new InvalidOperationException($"Batch at row {until} does not start where the saved batches before it end (row {next}).");
    }

    private void Forward(SweepBatch batch)
    {
        output.Write(batch);
        for (int r = 0; r < regimeCounts.Length; r++) regimeCounts[r] += batch.RegimeCounts[r];
        multistablePoints += batch.Multistable?.Count(m => m == 1) ?? 0;
        failed += batch.Failed;
        trajectories += (long)batch.Count * space!.Realizations;
        seconds += batch.Seconds;
        next = batch.Start + batch.Count;
    }
}
