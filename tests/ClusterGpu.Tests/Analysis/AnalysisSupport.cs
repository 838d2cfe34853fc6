using ClusterGpu.Backends;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;
using ClusterGpu.Kernels.Steppers;
using ClusterGpu.Models;
using ClusterGpu.Solving;

namespace ClusterGpu.Tests.Analysis;

/// <summary>Shared helpers of the analysis tests: backends (created once), ensemble solves and fixed-step trajectories.</summary>
internal static class AnalysisSupport
{
    private static readonly Dictionary<string, EnsembleBackend> backends = [];
    private static readonly Lock gate = new();

    /// <summary>
    /// Solves on the named backend, with the kernel folding <paramref name="observation"/>, in batches of
    /// <paramref name="batchSize"/> trajectories if given; runs are serialised (one ILGPU accelerator shared by every test class).
    /// </summary>
    public static EnsembleResult Solve(string backend, EnsembleProblem problem, IntegrationSettings settings, Observation? observation = null, int? batchSize = null)
    {
        lock (gate)
        {
            if (!backends.TryGetValue(backend, out var instance)) backends[backend] = instance = BackendFactory.Create(backend);
            return (batchSize is { } size ? new EnsembleSolver(instance, batchSize: size) : new EnsembleSolver(instance)).Solve(problem, settings, observation);
        }
    }

    /// <summary>Dopri5 settings with tight tolerances.</summary>
    public static IntegrationSettings Dopri5(double tEnd, double rtol = 1e-10, double atol = 1e-12) => new()
    {
        Method = MethodKind.Dopri5, TEnd = tEnd, RelativeTolerance = rtol, AbsoluteTolerance = atol, MaxSteps = 2_000_000,
    };

    /// <summary>RK4 settings.</summary>
    public static IntegrationSettings Rk4(double tEnd, double dt) => new() { Method = MethodKind.Rk4, TEnd = tEnd, Dt = dt };

    /// <summary>Default parameters of <paramref name="model"/> with named overrides.</summary>
    public static double[] Parameters(ModelHandle model, params (string Name, double Value)[] overrides)
    {
        var p = model.Info.DefaultParameters();
        foreach (var (name, value) in overrides)
        {
            int k = model.Info.ParameterIndex(name);
            if (k < 0) throw new ArgumentException($"No parameter '{name}' in {model.Info.Name}.");
            p[k] = value;
        }
        return p;
    }

    /// <summary>One trajectory per (parameters, initial state) pair.</summary>
    public static EnsembleProblem Problem(ModelHandle model, IReadOnlyList<double[]> parameters, IReadOnlyList<double[]> states)
    {
        int n = parameters.Count;
        return EnsembleProblem.FromDefaults(model, n, (i, p, y) =>
        {
            parameters[i].CopyTo(p, 0);
            states[i].CopyTo(y, 0);
        });
    }

    /// <summary>Largest |a_i − b_i|.</summary>
    public static double MaxDifference(IReadOnlyList<double> a, IReadOnlyList<double> b) =>
        a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    /// <summary>
    /// A fixed-step RK4 trajectory of <typeparamref name="TModel"/> on <see cref="F64"/>, calling
    /// <paramref name="visit"/>(t, y) after the transient at every step.
    /// </summary>
    public static TState Trajectory<TModel, TState>(TModel model, TState y, double dt, double transient, double window, Action<double, TState> visit)
        where TModel : struct, IModel<TModel, F64, TState>
        where TState : struct, IState<TState, F64>
    {
        var stepper = default(Rk4);
        var h = new F64(dt);
        long transientSteps = (long)Math.Round(transient / dt), windowSteps = (long)Math.Round(window / dt);
        for (long i = 0; i < transientSteps; i++) y = stepper.Step(model, new F64(i * dt), h, y, default, i);
        double t0 = transientSteps * dt;
        visit(t0, y);
        for (long i = 0; i < windowSteps; i++)
        {
            y = stepper.Step(model, new F64(t0 + i * dt), h, y, default, i);
            visit(t0 + (i + 1) * dt, y);
        }
        return y;
    }

    /// <summary>Times of upward crossings of <paramref name="level"/> by a sampled signal (linear interpolation).</summary>
    public static List<double> UpwardCrossings(IReadOnlyList<double> times, IReadOnlyList<double> values, double level)
    {
        var crossings = new List<double>();
        for (int i = 1; i < values.Count; i++)
            if (values[i - 1] < level && values[i] >= level)
            {
                double f = (level - values[i - 1]) / (values[i] - values[i - 1]);
                crossings.Add(times[i - 1] + f * (times[i] - times[i - 1]));
            }
        return crossings;
    }

    /// <summary>Model parameter block on <see cref="F64"/> from plain values.</summary>
    public static ParameterBlock<F64> Block(IReadOnlyList<double> values)
    {
        var p = default(ParameterBlock<F64>);
        for (int k = 0; k < values.Count; k++) p[k] = new F64(values[k]);
        return p;
    }
}
