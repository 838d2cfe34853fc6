using ClusterGpu.Backends;
using ClusterGpu.Kernels.EntryPoints;
using ClusterGpu.Kernels.Observers;
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
    /// type and observer definition (<c>typeof(NoObserver&lt;,&gt;)</c> or <c>typeof(WindowObserver&lt;,&gt;)</c>).
    /// </summary>
    public static string Compile(ModelHandle model, Type methodType, Type numberType, Type observerDefinition)
    {
        var state = model.StateType(numberType);
        var observer = observerDefinition.MakeGenericType(numberType, state);
        var kernel = typeof(EnsembleKernel).GetMethod(nameof(EnsembleKernel.Solve))!
            .MakeGenericMethod(model.Close(numberType), model.JacobianType(numberType), numberType, state, methodType, observer);
        using var backend = new PTXBackend(BackendFactory.Context, CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, null!);
        var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(kernel), default(KernelSpecialization));
        return compiled.PTXAssembly;
    }
}
