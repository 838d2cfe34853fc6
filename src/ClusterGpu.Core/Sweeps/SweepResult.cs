namespace ClusterGpu.Sweeps;

/// <summary>A per-trajectory output variable of a sweep: name, meaning, values (double[], int[] or byte[]).</summary>
public sealed record SweepVariable(string Name, string Description, Array Values);

/// <summary>
/// Everything a sweep produced, in trajectory order (t = point·K + ic): the observables per trajectory, and
/// <see cref="Multistable"/> per point when there are several initial conditions.
/// </summary>
public sealed class SweepResult(ParameterSpace space, IReadOnlyList<SweepVariable> variables, byte[]? multistable, double seconds, string backend, string device)
{
    public ParameterSpace Space { get; } = space;
    /// <summary>Per-trajectory variables in output order.</summary>
    public IReadOnlyList<SweepVariable> Variables { get; } = variables;
    /// <summary>Per point: 1 when its initial conditions end in different regimes; null with one initial condition.</summary>
    public byte[]? Multistable { get; } = multistable;
    /// <summary>Wall time of the integration, seconds.</summary>
    public double Seconds { get; } = seconds;
    public string Backend { get; } = backend;
    public string Device { get; } = device;

    /// <summary>The variable called <paramref name="name"/>.</summary>
    public SweepVariable this[string name] => Variables.First(v => v.Name == name);

    /// <summary>The regime codes.</summary>
    public byte[] Regimes => (byte[])this["regime"].Values;
}
