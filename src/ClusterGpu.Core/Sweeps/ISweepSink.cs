namespace ClusterGpu.Sweeps;

/// <summary>A per-trajectory output variable: name, meaning and element type (double, int or byte).</summary>
public sealed record SweepVariableInfo(string Name, string Description, Type ElementType);

/// <summary>
/// Receives a sweep's results batch by batch, in trajectory order (t = point·K + ic): memory (<see cref="MemorySink"/>)
/// or a streamed HDF5 file (<see cref="SweepFile"/>).
/// </summary>
public interface ISweepSink
{
    /// <summary>Before the first batch: the space and the variables every batch carries, in order.</summary>
    void Begin(ParameterSpace space, IReadOnlyList<SweepVariableInfo> variables);

    /// <summary>
    /// Trajectories [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>): one array per
    /// variable; <paramref name="multistable"/> per point of the batch (batches hold whole points) when K &gt; 1.
    /// </summary>
    void Write(int start, int count, IReadOnlyList<Array> values, byte[]? multistable);
}

/// <summary>What a finished sweep reports: regime counts, multistable points, failures, wall time, where it ran.</summary>
public sealed record SweepSummary(long[] RegimeCounts, long MultistablePoints, long Failed, long Trajectories, double Seconds, string Backend, string Device);
