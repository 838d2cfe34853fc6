using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Solvers;

/// <summary>
/// The exact partial derivatives of a model's right-hand side f(t, u), built from the same parameters as the
/// model. Implicit steppers use it; explicit ones ignore it (it costs nothing until a column is asked for).
/// </summary>
public interface IJacobian<TSelf, T, TState>
    where TSelf : struct, IJacobian<TSelf, T, TState>
    where T : struct, IReal<T>
    where TState : struct, IState<TState, T>
{
    /// <summary>The Jacobian of the model with parameters <paramref name="p"/> (in <see cref="ModelInfo.Parameters"/> order).</summary>
    static abstract TSelf Create(ParameterBlock<T> p);

    /// <summary>
    /// Column <paramref name="j"/> of ∂f/∂u at (t, u) for 0 ≤ j &lt; Length; j = Length gives ∂f/∂t.
    /// Call with constant <paramref name="j"/> (constant-bound loops).
    /// </summary>
    TState Column(T t, TState u, int j);
}
