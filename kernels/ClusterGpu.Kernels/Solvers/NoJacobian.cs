using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Solvers;

/// <summary>
/// For systems integrated only by explicit methods (e.g. the tangent system of the Lyapunov exponent): a Jacobian that
/// is never needed. Asked anyway, it answers NaN, so a misuse shows as non-finite results rather than silently.
/// </summary>
public readonly struct NoJacobian<T, TState> : IJacobian<NoJacobian<T, TState>, T, TState>
    where T : struct, IReal<T>
    where TState : struct, IState<TState, T>
{
    public static NoJacobian<T, TState> Create(ParameterBlock<T> p) => default;

    public TState Column(T t, TState u, int j) => TState.Broadcast(T.FromDouble(double.NaN));
}
