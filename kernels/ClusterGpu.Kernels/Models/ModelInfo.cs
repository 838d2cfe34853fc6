namespace ClusterGpu.Kernels.Models;

/// <summary>One model parameter: CLI/HDF5 name, default, valid closed range [Min, Max] and meaning.</summary>
public sealed record ParameterInfo(string Name, double Default, double Min, double Max, string Meaning)
{
    /// <summary>True when <paramref name="value"/> lies in [Min, Max].</summary>
    public bool Contains(double value) => value >= Min && value <= Max;
}

/// <summary>One state component: CLI/HDF5 name, default initial value and meaning.</summary>
public sealed record StateInfo(string Name, double Initial, string Meaning);

/// <summary>Host-side view of one trajectory's observation window, from which derived observables are computed.</summary>
public interface IWindowStatistics
{
    /// <summary>Value of the model parameter <paramref name="name"/> for this trajectory.</summary>
    double Parameter(string name);
    /// <summary>Time average ⟨u⟩ of state <paramref name="state"/> over the window.</summary>
    double Mean(string state);
    /// <summary>Time average ⟨u²⟩ of state <paramref name="state"/> over the window.</summary>
    double MeanSquare(string state);
    /// <summary>Minimum of state <paramref name="state"/> over the window.</summary>
    double Min(string state);
    /// <summary>Maximum of state <paramref name="state"/> over the window.</summary>
    double Max(string state);
    /// <summary>Time average of component <paramref name="index"/> of the model's tracked quantities (<c>IModel.Tracked</c>).</summary>
    double TrackedMean(int index);
}

/// <summary>A model-specific observable computed from the window statistics (written as an HDF5 variable).</summary>
public sealed record DerivedObservable(string Name, string Description, Func<IWindowStatistics, double> Evaluate);

/// <summary>
/// The state whose magnitude measures order, and its natural scale as a function of the parameters: a trajectory
/// is disordered when sqrt(⟨u²⟩) is below a small fraction of the scale.
/// </summary>
public sealed record OrderParameter(string State, string ScaleFormula, Func<Func<string, double>, double> Scale);

/// <summary>
/// A boundary known in closed form in the plane of two parameters (the others fixed): <see cref="Trace"/> returns
/// points (x, y) inside the given x and y ranges, for overlay on phase diagrams.
/// </summary>
public sealed record AnalyticBoundary(
    string Label,
    string XParameter,
    string YParameter,
    Func<Func<string, double>, (double Low, double High), (double Low, double High), IReadOnlyList<(double X, double Y)>> Trace);

/// <summary>
/// What the host knows about a model (never touched by kernels): its name, states, parameters in the
/// order of <see cref="ParameterBlock{T}"/>, equations as text, a one-line summary, and optionally its order
/// parameter, the state that shows oscillations, derived observables and analytic boundaries.
/// </summary>
public sealed record ModelInfo(
    string Name,
    string Summary,
    string Equations,
    IReadOnlyList<StateInfo> States,
    IReadOnlyList<ParameterInfo> Parameters)
{
    /// <summary>Order parameter for the ordered/disordered distinction; null: steady states are "stationary".</summary>
    public OrderParameter? Order { get; init; }

    /// <summary>State whose window amplitude decides "oscillatory"; null: every state is examined.</summary>
    public string? OscillationState { get; init; }

    /// <summary>Model-specific observables.</summary>
    public IReadOnlyList<DerivedObservable> Observables { get; init; } = [];

    /// <summary>
    /// Parameters that scale state-dependent (multiplicative) noise in <c>IModel.Diffusion</c>: where one is nonzero the
    /// noise is not additive, and hosts refuse methods valid only for additive noise (stochastic Heun).
    /// </summary>
    public IReadOnlyList<string> MultiplicativeNoiseParameters { get; init; } = [];

    /// <summary>
    /// True when some noise amplitude depends on the state without any parameter to switch it off (a model file's
    /// <c>x = "0.1*x"</c>): the noise is never additive.
    /// </summary>
    public bool StateDependentNoiseWithoutParameter { get; init; }

    /// <summary>Boundaries known in closed form, for phase-diagram overlays.</summary>
    public IReadOnlyList<AnalyticBoundary> Boundaries { get; init; } = [];

    /// <summary>Observable a phase picture colours by when none is asked for.</summary>
    public string DefaultColorBy => Observables.Count > 0 ? Observables[0].Name : $"mean_{States[0].Name}";

    /// <summary>
    /// Points (x, y) of y = <paramref name="curve"/>(x) sampled over the x range, kept where finite and inside the y range.
    /// </summary>
    public static IReadOnlyList<(double X, double Y)> SampleCurve(Func<double, double> curve, (double Low, double High) x, (double Low, double High) y, int points = 4000)
    {
        var result = new List<(double, double)>();
        for (int i = 0; i < points; i++)
        {
            double xi = x.Low + (x.High - x.Low) * i / (points - 1);
            double yi = curve(xi);
            if (double.IsFinite(yi) && yi >= y.Low && yi <= y.High) result.Add((xi, yi));
        }
        return result;
    }

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
