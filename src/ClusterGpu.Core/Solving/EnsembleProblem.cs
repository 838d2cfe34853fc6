using System.Globalization;
using ClusterGpu.Errors;
using ClusterGpu.Models;

namespace ClusterGpu.Solving;

/// <summary>
/// N independent trajectories of one model: a parameter vector and an initial state per trajectory, stored
/// column-major (value k of trajectory i at [k·N + i]).
/// </summary>
public sealed class EnsembleProblem
{
    /// <summary>Creates a problem; checks shapes, finiteness and parameter ranges.</summary>
    public EnsembleProblem(ModelHandle model, int count, double[] parameters, double[] initialStates)
    {
        if (count <= 0) throw new UsageException("The ensemble needs at least one trajectory.");
        int p = model.Info.Parameters.Count, s = model.Info.States.Count;
        if (parameters.Length != (long)p * count) throw new ArgumentException($"Expected {p}×{count} parameter values, got {parameters.Length}.");
        if (initialStates.Length != (long)s * count) throw new ArgumentException($"Expected {s}×{count} initial values, got {initialStates.Length}.");
        for (int k = 0; k < p; k++)
        {
            var info = model.Info.Parameters[k];
            for (int i = 0; i < count; i++)
            {
                double v = parameters[(long)k * count + i];
                if (!info.Contains(v))
                    throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                        $"Parameter '{info.Name}' = {v:G6} is outside its valid range [{info.Min:G6}, {info.Max:G6}] for model '{model.Info.Name}'; choose a value inside it."));
            }
        }
        if (initialStates.Any(v => !double.IsFinite(v))) throw new UsageException("Initial states must be finite numbers.");
        Model = model;
        Count = count;
        Parameters = parameters;
        InitialStates = initialStates;
    }

    public ModelHandle Model { get; }
    /// <summary>Number of trajectories N.</summary>
    public int Count { get; }
    /// <summary>P×N parameter values, column-major.</summary>
    public double[] Parameters { get; }
    /// <summary>S×N initial states, column-major.</summary>
    public double[] InitialStates { get; }

    /// <summary>N trajectories at the model's default parameters and initial state, with <paramref name="vary"/> changing them.</summary>
    public static EnsembleProblem FromDefaults(ModelHandle model, int count, Action<int, double[], double[]>? vary = null)
    {
        var p0 = model.Info.DefaultParameters();
        var y0 = model.Info.DefaultInitialState();
        var parameters = new double[p0.Length * (long)count];
        var states = new double[y0.Length * (long)count];
        var p = (double[])p0.Clone();
        var y = (double[])y0.Clone();
        for (int i = 0; i < count; i++)
        {
            p0.CopyTo(p, 0);
            y0.CopyTo(y, 0);
            vary?.Invoke(i, p, y);
            for (int k = 0; k < p.Length; k++) parameters[(long)k * count + i] = p[k];
            for (int k = 0; k < y.Length; k++) states[(long)k * count + i] = y[k];
        }
        return new EnsembleProblem(model, count, parameters, states);
    }
}
