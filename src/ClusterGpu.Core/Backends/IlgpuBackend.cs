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
/// Runs <see cref="EnsembleKernel"/> through ILGPU on one accelerator: one thread per trajectory, FP64
/// (<see cref="F64"/>) or FP32 (<see cref="F32"/>). Each kernel is compiled once per accelerator and cached.
/// </summary>
public sealed class IlgpuBackend : EnsembleBackend
{
    private readonly Accelerator accelerator;
    private readonly ConcurrentDictionary<(Type Model, Type Number, Type Method), object> kernels = new();

    internal IlgpuBackend(string name, Accelerator accelerator)
    {
        Name = name;
        this.accelerator = accelerator;
    }

    public override string Name { get; }

    public override string Device => $"{accelerator.Name} ({accelerator.AcceleratorType}, {accelerator.MemorySize / (1 << 20)} MiB)";

    public override void Run(ModelHandle model, IntegrationSettings settings, EnsembleLayout layout,
        double[] parameters, double[] initialStates, double[] outputs)
    {
        var number = settings.Precision == Precision.Fp64 ? typeof(F64) : typeof(F32);
        var method = settings.CreateMethod();
        InvokeGeneric(this, nameof(RunScalar),
            [model.Close(number), number, model.StateType(number), method.GetType()],
            layout, parameters, initialStates, outputs, method);
    }

    private void RunScalar<TModel, T, TState, TMethod>(
        EnsembleLayout layout, double[] parameters, double[] initialStates, double[] outputs, TMethod method)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IScalar<T>
        where TState : struct, IState<TState, T>
        where TMethod : struct, IIntegrationMethod
    {
        var kernel = (Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, EnsembleLayout, TMethod, NoObserver<T, TState>>)
            kernels.GetOrAdd((typeof(TModel), typeof(T), typeof(TMethod)), _ =>
                accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, EnsembleLayout, TMethod, NoObserver<T, TState>>(
                    EnsembleKernel.Solve<TModel, T, TState, TMethod, NoObserver<T, TState>>));
        using var deviceParameters = accelerator.Allocate1D(parameters);
        using var deviceStates = accelerator.Allocate1D(initialStates);
        using var deviceOutputs = accelerator.Allocate1D<double>(outputs.Length);
        kernel(layout.Count, deviceParameters.View, deviceStates.View, deviceOutputs.View, layout, method, default);
        accelerator.Synchronize();
        deviceOutputs.CopyToCPU(outputs);
    }

    public override void Dispose()
    {
        accelerator.Dispose();
        base.Dispose();
    }
}
