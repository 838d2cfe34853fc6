using System.Globalization;
using ClusterGpu.Errors;
using ClusterGpu.Kernels.Models;

namespace ClusterGpu.Sweeps;

/// <summary>
/// The initial states run at every parameter point. From <c>--ic state=v1,v2,...</c> options: lists are zipped
/// position by position (a single value applies to all; lengths must otherwise agree), or with
/// <c>--ic-grid</c> combined as a Cartesian product; unnamed states keep the model's default.
/// </summary>
public sealed class InitialConditions
{
    private readonly double[][] states;

    private InitialConditions(double[][] states) => this.states = states;

    /// <summary>Number of initial conditions K (the <c>ic</c> dimension).</summary>
    public int Count => states.Length;

    /// <summary>Initial state number <paramref name="index"/>.</summary>
    public double[] State(int index) => states[index];

    /// <summary>The model's default initial state only.</summary>
    public static InitialConditions Default(ModelInfo model) => new([model.DefaultInitialState()]);

    /// <summary>Parses the <c>--ic</c> options for <paramref name="model"/>.</summary>
    public static InitialConditions Parse(IReadOnlyList<string> options, bool grid, ModelInfo model)
    {
        if (options.Count == 0) return Default(model);
        var lists = new List<(int State, double[] Values)>();
        foreach (var text in options)
        {
            int eq = text.IndexOf('=');
            if (eq <= 0) throw new UsageException($"--ic '{text}' is malformed; write state=v1,v2,..., e.g. x=0.005,1.");
            string name = text[..eq].Trim();
            int k = model.StateIndex(name);
            if (k < 0)
                throw new UsageException($"Model '{model.Name}' has no state '{name}'.{NearestName.Hint(name, model.States.Select(s => s.Name))} "
                    + $"States: {string.Join(", ", model.States.Select(s => s.Name))}.");
            if (lists.Any(l => l.State == k)) throw new UsageException($"--ic gives state '{name}' twice; give each state once.");
            var values = text[(eq + 1)..].Split(',').Select(v =>
                double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
                    ? d : throw new UsageException($"--ic '{text}': '{v}' is not a finite number.")).ToArray();
            lists.Add((k, values));
        }
        var baseState = model.DefaultInitialState();
        if (grid)
        {
            IEnumerable<double[]> product = [baseState];
            foreach (var (k, values) in lists)
                product = product.SelectMany(s => values.Select(v => { var c = (double[])s.Clone(); c[k] = v; return c; }));
            return new(product.ToArray());
        }
        int count = lists.Max(l => l.Values.Length);
        foreach (var (k, values) in lists)
            if (values.Length != 1 && values.Length != count)
                throw new UsageException($"--ic lists must have the same length (or one value) to be zipped: '{model.States[k].Name}' has {values.Length}, another has {count}. Use --ic-grid for all combinations.");
        var states = new double[count][];
        for (int i = 0; i < count; i++)
        {
            states[i] = (double[])baseState.Clone();
            foreach (var (k, values) in lists) states[i][k] = values.Length == 1 ? values[0] : values[i];
        }
        return new(states);
    }
}
