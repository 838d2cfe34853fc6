using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Models;

/// <summary>
/// The tangent (variational) system of a model, for the largest Lyapunov exponent: du/dt = f(u),
/// dv/dt = J(u)v − r v, dw/dt = r with r = vᵀJ(u)v / vᵀv. One evaluation of the model over dual numbers at
/// u + ε v gives f(u) (value part) and the exact Jacobian–vector product J(u)v (derivative part).
/// Subtracting r v renormalises v continuously (‖v‖ is an invariant, so v stays a unit vector and never over- or
/// underflows); w = ∫ r dt is the logarithm of the growth the unnormalised tangent vector would have had, so the
/// exponent is a difference of w over time, with no logarithm evaluated in the kernel.
/// </summary>
/// <typeparam name="TDual">The model over <see cref="Dual{T}"/> numbers, e.g. <c>Lorenz&lt;Dual&lt;F64&gt;&gt;</c>.</typeparam>
/// <typeparam name="T">The number type of the integration.</typeparam>
/// <typeparam name="TState">The model's state over <typeparamref name="T"/>.</typeparam>
/// <typeparam name="TDualState">The model's state over <see cref="Dual{T}"/> (same length as <typeparamref name="TState"/>).</typeparam>
public readonly struct Tangent<TDual, T, TState, TDualState>(TDual model)
    : IModel<Tangent<TDual, T, TState, TDualState>, T, TangentState<TState, T>>
    where TDual : struct, IModel<TDual, Dual<T>, TDualState>
    where T : struct, IReal<T>
    where TState : struct, IState<TState, T>
    where TDualState : struct, IState<TDualState, Dual<T>>
{
    /// <summary>The underlying model's metadata.</summary>
    public static ModelInfo Info => TDual.Info;

    /// <summary>The model over dual numbers with the parameters of <paramref name="p"/> as constants (derivative 0).</summary>
    public static Tangent<TDual, T, TState, TDualState> Create(ParameterBlock<T> p)
    {
        var zero = T.FromDouble(0.0);
        var dual = default(ParameterBlock<Dual<T>>);
        for (int k = 0; k < ParameterBlock<T>.Capacity; k++) dual[k] = new Dual<T>(p[k], zero);
        return new(TDual.Create(dual));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TangentState<TState, T> Derivative(T t, TangentState<TState, T> y)
    {
        var zero = T.FromDouble(0.0);
        var d = model.Derivative(new Dual<T>(t, zero), Lift(y.U, y.V));
        var f = default(TState);
        var jv = default(TState);
        var vJv = zero;
        var vv = zero;
        for (int k = 0; k < TState.Length; k++)
        {
            f[k] = d[k].Value;
            jv[k] = d[k].Derivative;
            vJv = T.MulAdd(y.V[k], jv[k], vJv);
            vv = T.MulAdd(y.V[k], y.V[k], vv);
        }
        var rate = vJv / vv;
        return new(f, TState.Axpy(jv, -rate, y.V), rate);
    }

    /// <summary>No noise: the tangent system is deterministic (Lyapunov exponents of the drift).</summary>
    public TangentState<TState, T> Diffusion(T t, TangentState<TState, T> y) => TangentState<TState, T>.Broadcast(T.FromDouble(0.0));

    /// <summary>The model's tracked quantities at the trajectory part of <paramref name="y"/> (in the U part; V and W zero).</summary>
    public TangentState<TState, T> Tracked(TangentState<TState, T> y)
    {
        var zero = T.FromDouble(0.0);
        var q = model.Tracked(Lift(y.U, TState.Broadcast(zero)));
        var u = default(TState);
        for (int k = 0; k < TState.Length; k++) u[k] = q[k].Value;
        return new(u, TState.Broadcast(zero), zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TDualState Lift(TState u, TState v)
    {
        var d = default(TDualState);
        for (int k = 0; k < TState.Length; k++) d[k] = new Dual<T>(u[k], v[k]);
        return d;
    }
}
