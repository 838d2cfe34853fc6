using ClusterGpu.Backends;
using ClusterGpu.Kernels.EntryPoints;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Models;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace ClusterGpu.Gpu;

/// <summary>Compiles ensemble kernels to NVIDIA PTX with no device present (proof and static profile of the GPU path).</summary>
public static class PtxCompiler
{
    /// <summary>
    /// PTX assembly of <see cref="EnsembleKernel.Solve"/> for SM 9.0: a model, method struct type, scalar number
    /// type and observer definition (<c>typeof(NoObserver&lt;,&gt;)</c>, <c>typeof(WindowObserver&lt;,&gt;)</c>,
    /// <c>typeof(FirstPassageObserver&lt;,,&gt;)</c>: the window observer wrapped for a first passage (state and level are kernel arguments), or
    /// <c>typeof(LyapunovObserver&lt;,,&gt;)</c>: the model's tangent system with the window observer wrapped for the exponent).
    /// </summary>
    public static string Compile(ModelHandle model, Type methodType, Type numberType, Type observerDefinition)
    {
        var state = model.StateType(numberType);
        var (kernelModel, kernelState) = (model.Close(numberType), state);
        var jacobian = model.JacobianType(numberType, methodType);
        Type observer;
        if (observerDefinition == typeof(LyapunovObserver<,,>))
        {
            (kernelModel, kernelState) = model.TangentTypes(numberType);
            jacobian = typeof(NoJacobian<,>).MakeGenericType(numberType, kernelState);
            observer = observerDefinition.MakeGenericType(typeof(WindowObserver<,>).MakeGenericType(numberType, state), numberType, state);
        }
        else if (observerDefinition == typeof(FirstPassageObserver<,,>))
            observer = observerDefinition.MakeGenericType(typeof(WindowObserver<,>).MakeGenericType(numberType, state), numberType, state);
        else observer = observerDefinition.MakeGenericType(numberType, state);
        return Compile(kernelModel, jacobian, numberType, kernelState, methodType, observer);
    }

    /// <summary>
    /// PTX of <see cref="EnsembleKernel.Solve"/> for <paramref name="model"/> with the observer type that
    /// <paramref name="closeObserver"/> makes of the number type and the model's state type (e.g. a
    /// <c>SampleObserver&lt;DenseGrid, T, TState&gt;</c>).
    /// </summary>
    public static string Compile(ModelHandle model, Type methodType, Type numberType, Func<Type, Type, Type> closeObserver)
    {
        var state = model.StateType(numberType);
        return Compile(model.Close(numberType), model.JacobianType(numberType, methodType), numberType, state, methodType, closeObserver(numberType, state));
    }

    private static string Compile(Type kernelModel, Type jacobian, Type numberType, Type kernelState, Type methodType, Type observer)
    {
        var kernel = typeof(EnsembleKernel).GetMethod(nameof(EnsembleKernel.Solve))!
            .MakeGenericMethod(kernelModel, jacobian, numberType, kernelState, methodType, observer);
        // A context of its own per kernel: in one shared context, earlier compilations of other kernels (e.g. the
        // Lyapunov tangent system) changed the code ILGPU 1.5.3 generated for later ones (local memory appeared).
        using var context = BackendFactory.CreateContext();
        using var backend = new PTXBackend(context, CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, null!);
        var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(kernel), default(KernelSpecialization));
        return compiled.PTXAssembly;
    }
}
