using System.Reflection;
using ClusterGpu.Kernels.EntryPoints;
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
        var number = NumberType(settings.Precision);
        var method = settings.CreateMethod(forCpuJit: UsesCpuJit);
        var state = model.StateType(number);
        var observer = Observation.CreateObserver(observation, number, state, layout.T0, layout.TEnd);
        InvokeGeneric(this, "RunTyped", // each backend's private generic RunTyped<TModel, TJacobian, T, TState, TMethod, TObserver>
            [model.Close(number), model.JacobianType(number), number, state, method.GetType(), observer.GetType()],
            layout, parameters, initialStates, outputs, method, observer);
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
