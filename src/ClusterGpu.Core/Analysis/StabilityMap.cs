using ClusterGpu.Plots;
using ClusterGpu.Solving;
using ClusterGpu.Storage;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Analysis;

/// <summary>Where Newton starts for each trajectory of a sweep.</summary>
public enum NewtonStart
{
    /// <summary>The state at t_end (<c>final_&lt;state&gt;</c>).</summary>
    Final,
    /// <summary>
    /// The time average over the observation window (<c>mean_&lt;state&gt;</c>): on a limit cycle it lies near the enclosed
    /// equilibrium (for innovation-cluster ⟨y⟩, ⟨s⟩, ⟨e⟩ equal it exactly), where an end state may lie in the basin of another.
    /// </summary>
    Mean,
}

/// <summary>
/// Linear stability over a sweep held in memory: from each trajectory's end (or mean) state, Newton to the nearby
/// equilibrium and its <see cref="FixedPointAnalysis"/>, in parallel; a labelled dataset over the sweep's dimensions and
/// a <see cref="PhaseMap"/> of the classes beside max Re λ, to set the linear-stability boundary next to the simulated regimes.
/// </summary>
public sealed class StabilityMap
{
    private StabilityMap(SweepResult sweep, FixedPointAnalysis[] points, NewtonStart start, NewtonSettings settings)
    {
        Sweep = sweep;
        Points = points;
        Start = start;
        Settings = settings;
    }

    /// <summary>The sweep analysed.</summary>
    public SweepResult Sweep { get; }
    /// <summary>One analysis per trajectory, in the sweep's trajectory order (point · K + ic).</summary>
    public IReadOnlyList<FixedPointAnalysis> Points { get; }
    /// <summary>Where Newton started.</summary>
    public NewtonStart Start { get; }
    /// <summary>Newton and classification settings.</summary>
    public NewtonSettings Settings { get; }

    /// <summary>Trajectories per <see cref="StabilityClass"/>, indexed by its byte value.</summary>
    public long[] ClassCounts()
    {
        var counts = new long[FixedPoints.ClassNames.Length];
        foreach (var point in Points) counts[(int)point.Class]++;
        return counts;
    }

    /// <summary>Newton from every trajectory of <paramref name="sweep"/> (which must hold the <c>final_*</c> or <c>mean_*</c> variables), in parallel.</summary>
    public static StabilityMap Analyse(SweepResult sweep, NewtonStart start = NewtonStart.Mean, NewtonSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        settings ??= new NewtonSettings();
        settings.Validate();
        var space = sweep.Space;
        string prefix = start == NewtonStart.Final ? "final" : "mean";
        var states = space.Model.Info.States.Select(s => (double[])sweep[$"{prefix}_{s.Name}"].Values).ToArray();
        int k = space.InitialConditions.Count;
        var points = new FixedPointAnalysis[space.RowCount];
        Parallel.For(0, points.Length, t => points[t] =
            FixedPoints.Analyse(space.Model, states.Select(s => s[t]).ToArray(), space.PointParameters(t / k), settings));
        return new StabilityMap(sweep, points, start, settings);
    }

    /// <summary>
    /// The labelled dataset: the sweep's coordinates, attributes and provenance (<see cref="SweepDataset.Frame"/>) and, over
    /// its trajectory dimensions, <c>fixed_&lt;state&gt;</c> (NaN where Newton failed), <c>converged</c>, <c>newton_iterations</c>,
    /// <c>residual_newton</c>, <c>max_real_eigenvalue</c>, <c>eigen_frequency</c>, <c>unstable_dimension</c>, <c>stability</c>
    /// (flags) and the sweep's <c>regime</c> for comparison.
    /// </summary>
    public LabelledDataset Dataset(IntegrationSettings settings, Observation observation, RegimeRules rules, string commandLine, IReadOnlyList<string> arguments)
    {
        var space = Sweep.Space;
        var info = space.Model.Info;
        var record = new RunRecord(commandLine, arguments, Sweep.Summary.Backend, Sweep.Summary.Device, RunFingerprint.Of(space, settings, observation, rules));
        var data = SweepDataset.Frame(space, settings, observation, rules, record);
        var dims = SweepDataset.Dimensions(space).Row;
        void Add(string name, Array values, Dictionary<string, object> attributes) => data.AddVariable(name, dims, values, attributes);
        Dictionary<string, object> Described(string text) => new() { ["long_name"] = text };
        for (int s = 0; s < info.States.Count; s++)
        {
            int component = s;
            Add($"fixed_{info.States[s].Name}", Points.Select(p => p.Newton.Converged ? p.Newton.State[component] : double.NaN).ToArray(),
                Described($"{info.States[s].Name} at the equilibrium Newton reached (NaN: not converged)"));
        }
        Add("converged", Points.Select(p => (byte)(p.Newton.Converged ? 1 : 0)).ToArray(),
            SweepDataset.FlagAttributes("whether Newton reached an equilibrium", ["failed", "converged"]));
        Add("newton_iterations", Points.Select(p => p.Newton.Iterations).ToArray(), Described("Newton iterations"));
        Add("residual_newton", Points.Select(p => p.Newton.Residual).ToArray(), Described("max_i |f_i| at Newton's last iterate"));
        Add("max_real_eigenvalue", Points.Select(p => p.MaxRealEigenvalue).ToArray(),
            Described("spectral abscissa max Re(lambda) of the Jacobian at the equilibrium: < 0 linearly stable (NaN: not converged)"));
        Add("eigen_frequency", Points.Select(p => p.Frequency).ToArray(),
            Described("|Im(lambda)| of the eigenvalue with the largest real part: angular frequency of the leading mode (NaN: not converged)"));
        Add("unstable_dimension", Points.Select(p => p.Newton.Converged ? p.UnstableDimension : -1).ToArray(),
            Described("eigenvalues with Re(lambda) > 0: dimension of the unstable manifold (-1: not converged)"));
        Add("stability", Points.Select(p => (byte)p.Class).ToArray(),
            SweepDataset.FlagAttributes("linear type of the equilibrium (saddle includes saddle-foci)", FixedPoints.ClassNames));
        var regime = Sweep["regime"];
        Add(regime.Name, regime.Values, SweepDataset.VariableAttributes(new SweepVariableInfo(regime.Name, regime.Description, typeof(byte))));

        data.SetAttribute("title", $"ClusterGpu linear stability of {info.Name}");
        data.SetAttribute("newton_start", Start == NewtonStart.Final ? "final" : "mean");
        data.SetAttribute("newton_residual_tolerance", Settings.ResidualTolerance);
        data.SetAttribute("newton_step_tolerance", Settings.StepTolerance);
        data.SetAttribute("newton_max_iterations", Settings.MaxIterations);
        data.SetAttribute("zero_tolerance", Settings.ZeroTolerance);
        return data;
    }

    /// <summary>The picture of a two-axis grid: the class of each point (its first initial condition) beside max Re λ (averaged over initial conditions).</summary>
    public PhaseMap Map()
    {
        var space = Sweep.Space;
        int k = space.InitialConditions.Count;
        return PhaseMaps.Build(space, space.Model.Info.Name, "linear stability", FixedPoints.ClassNames,
            point => (int)Points[point * k].Class, "max_real_eigenvalue", trajectory => Points[trajectory].MaxRealEigenvalue);
    }
}
