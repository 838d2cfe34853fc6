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
    /// <summary>CLI name: "cpu", "ilgpu-cpu", "cuda" or "opencl".</summary>
    public abstract string Name { get; }

    /// <summary>Human-readable device description for run headers and provenance.</summary>
    public abstract string Device { get; }

    /// <summary>
    /// Integrates one batch of <c>layout.Count</c> trajectories. Inputs and <paramref name="outputs"/>
    /// (<c>layout.FixedColumns</c> × Count) are column-major as <see cref="EnsembleLayout"/> describes.
    /// </summary>
    public abstract void Run(ModelHandle model, IntegrationSettings settings, EnsembleLayout layout,
        double[] parameters, double[] initialStates, double[] outputs);

    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary>Calls the private generic method <paramref name="name"/> of <paramref name="owner"/> closed over <paramref name="types"/>.</summary>
    protected static void InvokeGeneric(object owner, string name, Type[] types, params object[] arguments)
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
