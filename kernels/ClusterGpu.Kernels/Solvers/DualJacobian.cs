using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Solvers;

/// <summary>
/// <see cref="IJacobian{TSelf, T, TState}"/> by forward-mode differentiation: the model's own right-hand side over
/// <see cref="Dual{T}"/> (<typeparamref name="TDualModel"/>, e.g. <c>VanDerPol&lt;Dual&lt;F64&gt;&gt;</c>, closed by the host),
/// with parameters as constants and the state seeded by e_j, gives column j of ∂f/∂u exactly.
/// </summary>
public readonly struct DualJacobian<TDualModel, T, TState, TDualState>(TDualModel model)
    : IJacobian<DualJacobian<TDualModel, T, TState, TDualState>, T, TState>
    where TDualModel : struct, IModel<TDualModel, Dual<T>, TDualState>
    where T : struct, IReal<T>
    where TState : struct, IState<TState, T>
    where TDualState : struct, IState<TDualState, Dual<T>>
{
    private readonly TDualModel model = model;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DualJacobian<TDualModel, T, TState, TDualState> Create(ParameterBlock<T> p)
    {
        var zero = T.FromDouble(0.0);
        var dual = default(ParameterBlock<Dual<T>>);
        for (int k = 0; k < ParameterBlock<T>.Capacity; k++) dual[k] = new Dual<T>(p[k], zero);
        return new(TDualModel.Create(dual));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TState Column(T t, TState u, int j)
    {
        var zero = T.FromDouble(0.0);
        var one = T.FromDouble(1.0);
        var seeded = default(TDualState);
        for (int i = 0; i < TState.Length; i++) seeded[i] = new Dual<T>(u[i], i == j ? one : zero);
        var f = model.Derivative(new Dual<T>(t, j == TState.Length ? one : zero), seeded);
        var column = default(TState);
        for (int i = 0; i < TState.Length; i++) column[i] = f[i].Derivative;
        return column;
    }
}
