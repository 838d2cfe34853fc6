namespace ClusterGpu.Sweeps;

/// <summary>A per-trajectory output variable of a sweep held in memory: name, meaning, values (double[], int[] or byte[]).</summary>
public sealed record SweepVariable(string Name, string Description, Array Values);

/// <summary>
/// A whole sweep held in memory (tests, sensitivity analysis, small runs): the observables per trajectory, and
/// <see cref="Multistable"/> per point when there are several initial conditions.
/// </summary>
public sealed class SweepResult(ParameterSpace space, IReadOnlyList<SweepVariable> variables, byte[]? multistable, SweepSummary summary)
{
    public ParameterSpace Space { get; } = space;
    /// <summary>Per-trajectory variables in output order.</summary>
    public IReadOnlyList<SweepVariable> Variables { get; } = variables;
    /// <summary>Per point: 1 when its initial conditions end in different regimes; null with one initial condition.</summary>
    public byte[]? Multistable { get; } = multistable;
    public SweepSummary Summary { get; } = summary;

    /// <summary>The variable called <paramref name="name"/>.</summary>
    public SweepVariable this[string name] => Variables.First(v => v.Name == name);

    /// <summary>The regime codes.</summary>
    public byte[] Regimes => (byte[])this["regime"].Values;
}

/// <summary>Collects every batch into whole arrays.</summary>
public sealed class MemorySink : ISweepSink
{
    private ParameterSpace? space;
    private IReadOnlyList<SweepVariableInfo> variables = [];
    private Array[] values = [];
    private byte[]? multistable;

    public void Begin(ParameterSpace space, IReadOnlyList<SweepVariableInfo> variables)
    {
        this.space = space;
        this.variables = variables;
        values = variables.Select(v => Array.CreateInstance(v.ElementType, (long)space.RowCount * v.PerRow)).ToArray();
        multistable = space.InitialConditions.Count > 1 ? new byte[space.PointCount] : null;
    }

    public bool Completed(int start) => false;

    public void Write(SweepBatch batch)
    {
        for (int v = 0; v < batch.Values.Count; v++)
            Array.Copy(batch.Values[v], 0, values[v], (long)batch.Start * variables[v].PerRow, (long)batch.Count * variables[v].PerRow);
        if (batch.Multistable is { } points) Array.Copy(points, 0, multistable!, batch.Start / space!.InitialConditions.Count, points.Length);
    }

    /// <summary>The collected result.</summary>
    public SweepResult Result(SweepSummary summary) =>
        new(space!, variables.Select((v, i) => new SweepVariable(v.Name, v.Description, values[i])).ToArray(), multistable, summary);
}
