using ClusterGpu.Kernels.Models;

namespace ClusterGpu.ModelFiles;

/// <summary>An expression of a model file: its text as written and its syntax tree.</summary>
public sealed record ModelExpression(string Text, Expression Tree)
{
    /// <summary>The value for the names given by <paramref name="valueOf"/> (<see cref="ExpressionEvaluator"/>).</summary>
    public double Evaluate(Func<string, double> valueOf) => ExpressionEvaluator.Evaluate(Tree, valueOf);
}

/// <summary>An observable of a model file: an output variable equal to the time mean of its expression over the window.</summary>
public sealed record ObservableDefinition(string Name, ModelExpression Expression);

/// <summary>
/// A parsed and checked model file: states, parameters, the right-hand side f (one equation per state), the diagonal
/// Itô noise g (null: none), observables and the order parameter. <see cref="Drift"/> and <see cref="Diffusion"/>
/// evaluate f and g with the <see cref="ExpressionEvaluator"/>.
/// </summary>
public sealed class ModelDefinition
{
    /// <summary>The model file, as given.</summary>
    public required string Path { get; init; }

    /// <summary>The complete text of the model file.</summary>
    public required string SourceText { get; init; }

    /// <summary>The model name (lowercase letters, digits and '-').</summary>
    public required string Name { get; init; }

    /// <summary>The one-line description.</summary>
    public required string Description { get; init; }

    /// <summary>The states, in file order (the order of the state vector).</summary>
    public required IReadOnlyList<StateInfo> States { get; init; }

    /// <summary>The parameters, in file order (the order of the <see cref="ParameterBlock{T}"/>).</summary>
    public required IReadOnlyList<ParameterInfo> Parameters { get; init; }

    /// <summary>dX_i/dt for each state i, in state order.</summary>
    public required IReadOnlyList<ModelExpression> Equations { get; init; }

    /// <summary>The noise amplitude g_i(t, u) of each state i, in state order; null where the state has none.</summary>
    public required IReadOnlyList<ModelExpression?> Noise { get; init; }

    /// <summary>The observables, in file order (at most one per state).</summary>
    public required IReadOnlyList<ObservableDefinition> Observables { get; init; }

    /// <summary>The state whose magnitude measures order.</summary>
    public required string OrderState { get; init; }

    /// <summary>The natural scale of the order parameter, an expression of parameters; null: 1.</summary>
    public required ModelExpression? OrderScale { get; init; }

    /// <summary>The state whose amplitude decides "oscillatory".</summary>
    public required string OscillationState { get; init; }

    /// <summary>f(t, u; p): the right-hand side for state <paramref name="u"/> and parameters <paramref name="p"/>, in file order.</summary>
    public double[] Drift(double t, IReadOnlyList<double> u, IReadOnlyList<double> p)
    {
        var valueOf = Values(t, u, p);
        return Equations.Select(f => f.Evaluate(valueOf)).ToArray();
    }

    /// <summary>g(t, u; p): the diagonal noise amplitudes (0 where a state has none).</summary>
    public double[] Diffusion(double t, IReadOnlyList<double> u, IReadOnlyList<double> p)
    {
        var valueOf = Values(t, u, p);
        return Noise.Select(g => g?.Evaluate(valueOf) ?? 0.0).ToArray();
    }

    /// <summary>The instantaneous values of the observables (whose time means the output holds).</summary>
    public double[] ObservableValues(IReadOnlyList<double> u, IReadOnlyList<double> p)
    {
        var valueOf = Values(double.NaN, u, p);
        return Observables.Select(o => o.Expression.Evaluate(valueOf)).ToArray();
    }

    /// <summary>The order scale for the parameter values <paramref name="parameter"/> gives (1 without <c>order_scale</c>).</summary>
    public double Scale(Func<string, double> parameter) => OrderScale?.Evaluate(parameter) ?? 1.0;

    private Func<string, double> Values(double t, IReadOnlyList<double> u, IReadOnlyList<double> p)
    {
        if (u.Count != States.Count) throw new ArgumentException($"{Name} has {States.Count} states, not {u.Count}.", nameof(u));
        if (p.Count != Parameters.Count) throw new ArgumentException($"{Name} has {Parameters.Count} parameters, not {p.Count}.", nameof(p));
        var values = new Dictionary<string, double> { [ModelNames.Time] = t };
        for (int i = 0; i < u.Count; i++) values[States[i].Name] = u[i];
        for (int i = 0; i < p.Count; i++) values[Parameters[i].Name] = p[i];
        return name => values[name];
    }
}
