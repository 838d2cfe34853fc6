using ClusterGpu.Backends;
using ClusterGpu.Errors;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Sensitivity;

/// <summary>
/// What a sensitivity analysis evaluates: a model's named observables at many input points. Either an ODE model
/// run as one ensemble on a backend (observables = sweep variables, e.g. <c>order</c>, <c>mean_x</c>, <c>period</c>)
/// or an algebraic test function (observable <c>y</c>).
/// </summary>
public abstract class SensitivityTarget
{
    /// <summary>Model name.</summary>
    public abstract string Name { get; }
    /// <summary>The model's parameters (inputs that may be varied).</summary>
    public abstract IReadOnlyList<ParameterInfo> Parameters { get; }
    /// <summary>Every observable that can be analysed.</summary>
    public abstract IReadOnlyList<string> AvailableObservables { get; }
    /// <summary>The text of the model file the target was compiled from (for provenance); null otherwise.</summary>
    public virtual string? ModelSource => null;
    /// <summary>Human-readable description of where evaluation runs.</summary>
    public abstract string Where { get; }
    /// <summary>Whether <c>sweep --points</c> can evaluate this target's design: true for ODE models, false for the algebraic test functions.</summary>
    public virtual bool Sweepable => false;

    /// <summary>
    /// Outputs (rows × observables, row-major) at <paramref name="rows"/> points whose <paramref name="varied"/> inputs
    /// are given row by row in <paramref name="values"/>; the other parameters are defaults or <paramref name="set"/>.
    /// </summary>
    public abstract double[] Evaluate(IReadOnlyList<string> varied, double[] values, int rows, IReadOnlyDictionary<string, double> set,
        IReadOnlyList<string> observables, IProgress<long>? progress);

    /// <summary>The target called <paramref name="name"/>: an ODE model run on <paramref name="backend"/>, or an algebraic function.</summary>
    public static SensitivityTarget Find(string name, Func<EnsembleBackend> backend, IntegrationSettings settings, Observation observation, RegimeRules rules) =>
        AlgebraicModel.All.FirstOrDefault(m => m.Name == name) is { } algebraic
            ? new Algebraic(algebraic)
            : new Ensemble(ModelRegistry.Find(name), backend, settings, observation, rules);

    /// <summary>The ODE model <paramref name="model"/> (built in or from a model file) run on <paramref name="backend"/>.</summary>
    public static SensitivityTarget ForModel(ModelHandle model, Func<EnsembleBackend> backend, IntegrationSettings settings, Observation observation, RegimeRules rules) =>
        new Ensemble(model, backend, settings, observation, rules);

    /// <summary>Checks the requested observables; a <see cref="UsageException"/> suggests the nearest name.</summary>
    public void CheckObservables(IReadOnlyList<string> observables)
    {
        if (observables.Count == 0) throw new UsageException($"Give --observable, e.g. --observable {AvailableObservables[0]}.");
        foreach (var o in observables)
            if (!AvailableObservables.Contains(o))
                throw new UsageException($"'{o}' is not an observable of {Name}.{NearestName.Hint(o, AvailableObservables)} Choose from: {string.Join(", ", AvailableObservables)}.");
    }

    private sealed class Algebraic(AlgebraicModel model) : SensitivityTarget
    {
        public override string Name => model.Name;
        public override IReadOnlyList<ParameterInfo> Parameters => model.Parameters;
        public override IReadOnlyList<string> AvailableObservables => ["y"];
        public override string Where => $"closed form ({model.Formula}), host, {Environment.ProcessorCount} cores";

        public override double[] Evaluate(IReadOnlyList<string> varied, double[] values, int rows, IReadOnlyDictionary<string, double> set,
            IReadOnlyList<string> observables, IProgress<long>? progress)
        {
            var baseValues = model.Parameters.Select(p => set.TryGetValue(p.Name, out double v) ? v : p.Default).ToArray();
            var index = varied.Select(model.ParameterIndex).ToArray();
            var outputs = new double[rows];
            Parallel.For(0, rows, () => (double[])baseValues.Clone(), (i, _, p) =>
            {
                for (int j = 0; j < index.Length; j++) p[index[j]] = values[(long)i * index.Length + j];
                outputs[i] = model.Evaluate(p);
                return p;
            }, _ => { });
            progress?.Report(rows);
            return outputs;
        }
    }

    private sealed class Ensemble(ModelHandle model, Func<EnsembleBackend> backend, IntegrationSettings settings, Observation observation, RegimeRules rules)
        : SensitivityTarget
    {
        public override string Name => model.Info.Name;
        public override string? ModelSource => model.SourceText;
        public override bool Sweepable => true;
        public override IReadOnlyList<ParameterInfo> Parameters => model.Info.Parameters;
        public override IReadOnlyList<string> AvailableObservables => SweepRunner.VariableNames(model.Info, observation.Lyapunov, observation.FirstPassage);
        public override string Where
        {
            get
            {
                using var engine = backend();
                return $"{settings.Describe()}, window {observation.WindowFraction:G3}; backend {engine.Name}: {engine.Device}";
            }
        }

        public override double[] Evaluate(IReadOnlyList<string> varied, double[] values, int rows, IReadOnlyDictionary<string, double> set,
            IReadOnlyList<string> observables, IProgress<long>? progress)
        {
            var space = ParameterSpace.Points(model, varied, values, set, seed: 0);
            using var engine = backend();
            var result = new SweepRunner(engine).Run(space, settings, observation, rules, progress);
            var outputs = new double[(long)rows * observables.Count];
            for (int o = 0; o < observables.Count; o++)
            {
                var column = result[observables[o]].Values;
                for (int i = 0; i < rows; i++) outputs[(long)i * observables.Count + o] = Convert.ToDouble(column.GetValue(i));
            }
            return outputs;
        }
    }
}
