namespace ClusterGpu.Sweeps;

/// <summary>
/// An output variable: name, meaning, element type (double, int or byte), and values per row: 1, or R for a variable
/// kept per realisation (stored over an extra trailing <c>realization</c> dimension).
/// </summary>
public sealed record SweepVariableInfo(string Name, string Description, Type ElementType, int PerRow = 1);

/// <summary>
/// One batch of a sweep's results: rows [<see cref="Start"/>, <see cref="Start"/> + <see cref="Count"/>) (whole points),
/// one array per variable, <see cref="Multistable"/> per point of the batch when K &gt; 1, the regime of every
/// trajectory (realisations included) counted in <see cref="RegimeCounts"/>, the trajectories that did not succeed,
/// and the seconds its integration took (output excluded).
/// </summary>
public sealed record SweepBatch(int Start, int Count, IReadOnlyList<Array> Values, byte[]? Multistable, long[] RegimeCounts, long Failed, double Seconds);

/// <summary>
/// Receives a sweep's results batch by batch, in trajectory order (t = point·K + ic): memory (<see cref="MemorySink"/>),
/// a streamed HDF5 file (<see cref="SweepFile"/>), saved parts in front of either (<see cref="DurableSweep"/>), or a
/// writer thread in front of any of them (<see cref="OutputPipeline"/>).
/// </summary>
public interface ISweepSink
{
    /// <summary>Before the first batch: the space and the variables every batch carries, in order.</summary>
    void Begin(ParameterSpace space, IReadOnlyList<SweepVariableInfo> variables);

    /// <summary>
    /// True when the batch starting at <paramref name="start"/> is already stored (a resumed run): the runner skips it.
    /// May be called while an earlier batch is being written.
    /// </summary>
    bool Completed(int start);

    /// <summary>The next batch not <see cref="Completed"/>, in increasing order of rows.</summary>
    void Write(SweepBatch batch);
}

/// <summary>
/// What a finished sweep reports: regime counts, multistable points, failures, trajectories, integration seconds (output
/// excluded), where it ran.
/// </summary>
public sealed record SweepSummary(long[] RegimeCounts, long MultistablePoints, long Failed, long Trajectories, double Seconds, string Backend, string Device);

/// <summary>A contiguous range of trajectories [First, First + Count), whole points: one shard of a run, or all of it.</summary>
public readonly record struct RowRange(int First, int Count)
{
    /// <summary>Shard <paramref name="index"/> of <paramref name="count"/>: points split as evenly as possible, in order.</summary>
    public static RowRange Shard(ParameterSpace space, int index, int count)
    {
        long points = space.PointCount;
        long firstPoint = points * index / count, endPoint = points * (index + 1) / count;
        int k = space.InitialConditions.Count;
        return new((int)(firstPoint * k), (int)((endPoint - firstPoint) * k));
    }

    /// <summary>The whole run.</summary>
    public static RowRange All(ParameterSpace space) => new(0, space.RowCount);
}

/// <summary>
/// Where a run came from, for provenance: its command line, its arguments (options expanded from any config file, so
/// <c>merge</c> can rebuild the run), the backend and device, and the run's <see cref="RunFingerprint"/>.
/// </summary>
public sealed record RunRecord(string CommandLine, IReadOnlyList<string> Arguments, string Backend, string Device, string Fingerprint);

/// <summary>Shard <see cref="Index"/> of <see cref="Count"/> of a run: its trajectory range.</summary>
public sealed record Shard(int Index, int Count, RowRange Range);
