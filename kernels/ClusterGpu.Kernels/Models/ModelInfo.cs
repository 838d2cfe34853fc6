namespace ClusterGpu.Kernels.Models;

/// <summary>One model parameter: CLI/HDF5 name, default, valid closed range [Min, Max] and meaning.</summary>
public sealed record ParameterInfo(string Name, double Default, double Min, double Max, string Meaning)
{
    /// <summary>True when <paramref name="value"/> lies in [Min, Max].</summary>
    public bool Contains(double value) => value >= Min && value <= Max;
}

/// <summary>One state component: CLI/HDF5 name, default initial value and meaning.</summary>
public sealed record StateInfo(string Name, double Initial, string Meaning);

/// <summary>
/// What the host knows about a model (never touched by kernels): its name, states, parameters in the
/// order of <see cref="ParameterBlock{T}"/>, equations as text, and a one-line summary.
/// </summary>
public sealed record ModelInfo(
    string Name,
    string Summary,
    string Equations,
    IReadOnlyList<StateInfo> States,
    IReadOnlyList<ParameterInfo> Parameters)
{
    /// <summary>Index of the parameter called <paramref name="name"/>, or −1.</summary>
    public int ParameterIndex(string name)
    {
        for (int i = 0; i < Parameters.Count; i++) if (Parameters[i].Name == name) return i;
        return -1;
    }

    /// <summary>Index of the state called <paramref name="name"/>, or −1.</summary>
    public int StateIndex(string name)
    {
        for (int i = 0; i < States.Count; i++) if (States[i].Name == name) return i;
        return -1;
    }

    /// <summary>The default parameter values in order.</summary>
    public double[] DefaultParameters() => Parameters.Select(p => p.Default).ToArray();

    /// <summary>The default initial state in order.</summary>
    public double[] DefaultInitialState() => States.Select(s => s.Initial).ToArray();
}
