using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Models;

/// <summary>
/// A model du/dt = f(t, u; p) (optionally with diagonal noise, <see cref="Diffusion"/>): one small struct, generic over the number type, holding its parameters as
/// fields. Written once, it runs as FP64/FP32 scalars in GPU kernels, as SIMD lanes on the CPU and on dual
/// numbers for exact Jacobians. Register a new model with one line in <see cref="ModelCatalog"/>.
/// </summary>
public interface IModel<TSelf, T, TState>
    where TSelf : struct, IModel<TSelf, T, TState>
    where T : struct, IReal<T>
    where TState : struct, IState<TState, T>
{
    /// <summary>Name, states, parameters (with defaults and ranges) and equations, for the host.</summary>
    static abstract ModelInfo Info { get; }

    /// <summary>The model with parameters taken from <paramref name="p"/> in <see cref="ModelInfo.Parameters"/> order.</summary>
    static abstract TSelf Create(ParameterBlock<T> p);

    /// <summary>The right-hand side f(t, u).</summary>
    TState Derivative(T t, TState u);

    /// <summary>
    /// The diagonal Itô noise amplitudes g(t, u): component i obeys dX_i = f_i dt + g_i dW_i with independent Wiener
    /// processes W_i. Deterministic steppers ignore it; zero for models without noise.
    /// </summary>
    TState Diffusion(T t, TState u);

    /// <summary>
    /// Model-specific quantities q_k(u), one per component (k below the state length), whose time averages over the
    /// observation window derived observables need (e.g. the negentropy ratio e·s/(σ0 + ηy) of <c>innovation-cluster</c>,
    /// the observables of a model file); zero where unused.
    /// </summary>
    TState Tracked(TState u);
}
