using System.Collections.Concurrent;
using ClusterGpu.Kernels.EntryPoints;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGpu.Backends;

/// <summary>
/// Runs <see cref="EnsembleKernel"/> through ILGPU on one accelerator: persistent threads, each integrating one trajectory at
/// a time and taking the next as its own ends, FP64 (<see cref="F64"/>) or FP32 (<see cref="F32"/>). Each kernel is compiled
/// once per accelerator and cached.
/// </summary>
public sealed class IlgpuBackend : EnsembleBackend
{
    private readonly Accelerator accelerator;
    private readonly ConcurrentDictionary<(Type Model, Type Method, Type Observer), object> kernels = new();

    internal IlgpuBackend(string name, Accelerator accelerator, GpuThreads threads)
    {
        Name = name;
        this.accelerator = accelerator;
        ThreadPolicy = threads;
    }

    /// <summary>How many threads a launch holds (<see cref="Threads"/>): the results are the same bits either way.</summary>
    public GpuThreads ThreadPolicy { get; }

    public override string Name { get; }

    public override string Device => $"{accelerator.Name} ({accelerator.AcceleratorType}, {accelerator.MemorySize / (1 << 20)} MiB; "
        + (ThreadPolicy == GpuThreads.Persistent ? "persistent threads)" : "one thread per trajectory)");

    protected override Type NumberType(Precision precision) => precision == Precision.Fp64 ? typeof(F64) : typeof(F32);

    protected override bool UsesCpuJit => false;

    /// <summary>
    /// Threads launched for a batch of <paramref name="count"/> trajectories: as many as the device can keep resident at once
    /// (multiprocessors × most resident threads each), at most one per trajectory. Each thread takes the next pending
    /// trajectory when its own ends (<see cref="EnsembleKernel"/>); threads beyond those the kernel's registers leave resident
    /// start late and find the counter spent. A device that reports no such figures, and <see cref="GpuThreads.PerTrajectory"/>,
    /// get one thread per trajectory.
    /// </summary>
    public int Threads(int count)
    {
        long resident = (long)accelerator.NumMultiprocessors * accelerator.MaxNumThreadsPerMultiprocessor;
        return ThreadPolicy == GpuThreads.Persistent && resident > 0 ? (int)Math.Min(count, resident) : count;
    }

    private void RunTyped<TModel, TJacobian, T, TState, TMethod, TObserver>(
        EnsembleLayout layout, double[] parameters, double[] initialStates, double[] outputs, TMethod method, TObserver observer)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IScalar<T>
        where TState : struct, IState<TState, T>
        where TMethod : struct, IIntegrationMethod
        where TObserver : struct, IObserver<TObserver, T, TState>
    {
        var kernel = (Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>, EnsembleLayout, TMethod, TObserver>)
            kernels.GetOrAdd((typeof(TModel), typeof(TMethod), typeof(TObserver)), _ =>
                accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>, EnsembleLayout, TMethod, TObserver>(
                    EnsembleKernel.Solve<TModel, TJacobian, T, TState, TMethod, TObserver>));
        using var deviceParameters = accelerator.Allocate1D(parameters);
        using var deviceStates = accelerator.Allocate1D(initialStates);
        using var deviceOutputs = accelerator.Allocate1D<double>(outputs.Length);
        using var taken = accelerator.Allocate1D<int>(1);
        taken.MemSetToZero();
        kernel(Threads(layout.Count), deviceParameters.View, deviceStates.View, deviceOutputs.View, taken.View, layout, method, observer);
        accelerator.Synchronize();
        deviceOutputs.CopyToCPU(outputs);
    }

    public override void Dispose()
    {
        accelerator.Dispose();
        base.Dispose();
    }
}

/// <summary>Threads of an ILGPU launch (environment variable <c>CLUSTERGPU_GPU_THREADS</c>, see <see cref="BackendFactory"/>).</summary>
public enum GpuThreads
{
    /// <summary>As many as the device keeps resident, each taking trajectory after trajectory (the default).</summary>
    Persistent,
    /// <summary>One per trajectory, each running one: the kernel as it was before persistent threads, to measure their gain.</summary>
    PerTrajectory,
}
