using System.Reflection;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Models;

/// <summary>A registered model: its metadata and its open generic struct, closed over a number type on demand.</summary>
public sealed class ModelHandle
{
    /// <summary>
    /// The model whose open generic struct is <paramref name="definition"/>; <paramref name="sourceText"/> and
    /// <paramref name="sourcePath"/> are the model file it was compiled from (null for built-in models).
    /// </summary>
    public ModelHandle(Type definition, string? sourceText = null, string? sourcePath = null)
    {
        Definition = definition;
        SourceText = sourceText;
        SourcePath = sourcePath;
        Info = (ModelInfo)Close(typeof(F64)).GetProperty(nameof(IModel<Lorenz<F64>, F64, Vec3<F64>>.Info))!.GetValue(null)!;
        if (Info.Parameters.Count > ParameterBlock<F64>.Capacity)
            throw new InvalidOperationException($"Model '{Info.Name}' has more than {ParameterBlock<F64>.Capacity} parameters.");
    }

    /// <summary>The text of the model file this model was compiled from; null for a built-in model.</summary>
    public string? SourceText { get; }

    /// <summary>The path of that model file as given; null for a built-in model.</summary>
    public string? SourcePath { get; }

    /// <summary>The open generic model struct, e.g. <c>typeof(Lorenz&lt;&gt;)</c>.</summary>
    public Type Definition { get; }

    /// <summary>Name, states, parameters and equations.</summary>
    public ModelInfo Info { get; }

    /// <summary>The model struct over number type <paramref name="numberType"/>.</summary>
    public Type Close(Type numberType) => Definition.MakeGenericType(numberType);

    /// <summary>The state struct the model uses over number type <paramref name="numberType"/>.</summary>
    public Type StateType(Type numberType) =>
        Close(numberType).GetInterfaces()
            .Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IModel<,,>))
            .GetGenericArguments()[2];

    /// <summary>
    /// The model's <see cref="Tangent{TDual, T, TState, TDualState}"/> system over number type <paramref name="numberType"/>
    /// (for the largest Lyapunov exponent) and its <see cref="TangentState{TState, T}"/>.
    /// </summary>
    public (Type Model, Type State) TangentTypes(Type numberType)
    {
        var dual = typeof(Dual<>).MakeGenericType(numberType);
        var state = StateType(numberType);
        return (typeof(Tangent<,,,>).MakeGenericType(Close(dual), numberType, state, StateType(dual)),
            typeof(TangentState<,>).MakeGenericType(state, numberType));
    }

    /// <summary>
    /// The <see cref="DualJacobian{TDualModel, T, TState, TDualState}"/> of the model over number type
    /// <paramref name="numberType"/>: the model closed over <see cref="Dual{T}"/> of that type differentiates it.
    /// </summary>
    public Type JacobianType(Type numberType)
    {
        var dual = typeof(Dual<>).MakeGenericType(numberType);
        return typeof(DualJacobian<,,,>).MakeGenericType(Close(dual), numberType, StateType(numberType), StateType(dual));
    }

    /// <summary>
    /// The Jacobian type kernels of integration method <paramref name="methodType"/> (an <see cref="IIntegrationMethod"/>)
    /// run with: <see cref="JacobianType(Type)"/> when the method evaluates it, else <see cref="NoJacobian{T, TState}"/>
    /// (the dual-number model would be built from every block's parameters for nothing).
    /// </summary>
    public Type JacobianType(Type numberType, Type methodType) =>
        (bool)methodType.GetProperty(nameof(IIntegrationMethod.EvaluatesJacobian), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!
            ? JacobianType(numberType)
            : typeof(NoJacobian<,>).MakeGenericType(numberType, StateType(numberType));

    public override string ToString() => Info.Name;
}
