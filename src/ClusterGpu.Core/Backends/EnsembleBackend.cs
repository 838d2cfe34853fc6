using System.Reflection;
using ClusterGpu.Kernels.EntryPoints;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Models;
using ClusterGpu.Solving;

namespace ClusterGpu.Backends;

/// <summary>
/// A place that integrates batches of trajectories: <see cref="CpuBackend"/> (SIMD lanes on every core) or
/// <see cref="IlgpuBackend"/> (CUDA, OpenCL, ILGPU's CPU accelerator). All run the same kernel code.
/// </summary>
public abstract class EnsembleBackend : IDisposable
{
    /// <summary>CLI name: "cpu", "scalar", "ilgpu-cpu", "cuda" or "opencl".</summary>
    public abstract string Name { get; }

    /// <summary>Human-readable device description for run headers and provenance.</summary>
    public abstract string Device { get; }

    /// <summary>
    /// Integrates one batch of <c>layout.Count</c> trajectories. Inputs and <paramref name="outputs"/>
    /// ((<c>layout.FixedColumns</c> + observer columns) × Count) are column-major as <see cref="EnsembleLayout"/> describes.
    /// </summary>
    public void Run(ModelHandle model, IntegrationSettings settings, Observation? observation, EnsembleLayout layout,
        double[] parameters, double[] initialStates, double[] outputs)
    {
        settings.RequireAdditiveNoise(model.Info, parameters, layout.Count);
        if (observation?.FirstPassage is { State: var passageState } && passageState >= layout.StateCount)
            throw new ArgumentOutOfRangeException(nameof(observation), $"First passage of state {passageState}, but {model.Info.Name} has {layout.StateCount} states.");
        var number = NumberType(settings.Precision);
        var method = settings.CreateMethod(forCpuJit: UsesCpuJit);
        var state = model.StateType(number);
        // Adaptive methods hand the observers f(t, y) and the step's quartic coefficient: window statistics from each step's dense output.
        var observer = Observation.CreateObserver(observation, number, state, layout.T0, layout.TEnd, dense: !settings.IsFixedStep);
        if (observation is { Lyapunov: true })
        {
            if (settings.Method is MethodKind.Rosenbrock23 || settings.IsStochastic)
                throw new Errors.UsageException("--lyapunov needs a deterministic explicit method (rk4 or dopri5): the tangent system has no Jacobian of its own and no noise.");
            RunTangent(model, number, method, observer, layout, parameters, initialStates, outputs);
            return;
        }
        RunObserved(model, number, state, method, observer, layout, parameters, initialStates, outputs);
    }

    /// <summary>
    /// Integrates one batch like <see cref="Run(ModelHandle, IntegrationSettings, Observation?, EnsembleLayout, double[], double[], double[])"/>
    /// with the observer prototype that <paramref name="createObserver"/> builds (a boxed struct) for this backend's number type
    /// and the model's state type; <paramref name="outputs"/> holds (<c>layout.FixedColumns</c> + its columns) × Count values.
    /// </summary>
    public void RunObserving(ModelHandle model, IntegrationSettings settings, Func<Type, Type, object> createObserver, EnsembleLayout layout,
        double[] parameters, double[] initialStates, double[] outputs)
    {
        settings.RequireAdditiveNoise(model.Info, parameters, layout.Count);
        var number = NumberType(settings.Precision);
        var state = model.StateType(number);
        RunObserved(model, number, state, settings.CreateMethod(forCpuJit: UsesCpuJit), createObserver(number, state), layout, parameters, initialStates, outputs);
    }

    private void RunObserved(ModelHandle model, Type number, Type state, object method, object observer, EnsembleLayout layout,
        double[] parameters, double[] initialStates, double[] outputs) =>
        InvokeGeneric(this, "RunTyped", // each backend's private generic RunTyped<TModel, TJacobian, T, TState, TMethod, TObserver>
            [model.Close(number), model.JacobianType(number, method.GetType()), number, state, method.GetType(), observer.GetType()],
            layout, parameters, initialStates, outputs, method, observer);

    /// <summary>
    /// Runs the model's <see cref="Tangent{TDual, T, TState, TDualState}"/> system (state u, tangent v, growth w) through
    /// the same kernels: u starts at the given initial state, v at (1, …, 1)/√n, w at 0; of the final state only u is
    /// kept, so <paramref name="outputs"/> has the ordinary layout with the exponent as the last observer column.
    /// </summary>
    private void RunTangent(ModelHandle model, Type number, object method, object observer, EnsembleLayout layout,
        double[] parameters, double[] initialStates, double[] outputs)
    {
        var (tangentModel, tangentState) = model.TangentTypes(number);
        int n = layout.StateCount, count = layout.Count;
        var extended = new EnsembleLayout(count, layout.ParameterCount, 2 * n + 1, layout.T0, layout.TEnd, layout.FirstTrajectory, layout.Seed);
        var extendedStates = new double[(long)extended.StateCount * count];
        Array.Copy(initialStates, extendedStates, (long)n * count);
        extendedStates.AsSpan(n * count, n * count).Fill(1 / Math.Sqrt(n));
        var extendedOutputs = new double[outputs.Length + (long)(n + 1) * count];
        InvokeGeneric(this, "RunTyped",
            [tangentModel, typeof(NoJacobian<,>).MakeGenericType(number, tangentState), number, tangentState, method.GetType(), observer.GetType()],
            extended, parameters, extendedStates, extendedOutputs, method, observer);
        // Output column j comes from extended column j (final u) or j + n + 1 (after v and w: outcome, residual, observers).
        Array.Copy(extendedOutputs, outputs, (long)n * count);
        Array.Copy(extendedOutputs, (long)(2 * n + 1) * count, outputs, (long)n * count, outputs.Length - (long)n * count);
    }

    /// <summary>The number type kernels run on here for <paramref name="precision"/>.</summary>
    protected abstract Type NumberType(Precision precision);

    /// <summary>True when the kernels run as .NET code through the JIT (see <see cref="OutOfLineStep{TStepper}"/>).</summary>
    protected abstract bool UsesCpuJit { get; }

    public virtual void Dispose() => GC.SuppressFinalize(this);

    private static void InvokeGeneric(object owner, string name, Type[] types, params object[] arguments)
    {
        var method = owner.GetType().GetMethod(name, BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)!
            .MakeGenericMethod(types);
        try
        {
            method.Invoke(method.IsStatic ? null : owner, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
    }
}
