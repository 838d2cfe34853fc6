using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Solvers;

/// <summary>Reductions over a state's components.</summary>
public static class StateMath
{
    /// <summary>
    /// Hairer's weighted RMS norm sqrt(mean_i (v_i / (atol + rtol·max(|y_i|, |z_i|)))²): ≤ 1 means "within tolerance".
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T WeightedRmsNorm<T, TState>(TState v, TState y, TState z, T atol, T rtol)
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        => T.Sqrt(TState.ScaledSumOfSquares(v, y, z, atol, rtol) / T.FromDouble(TState.Length));

    /// <summary>Mask of the lanes whose every component is finite (a NaN or ±∞ anywhere makes the sum non-finite).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T AllFinite<T, TState>(TState y)
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        => T.IsFinite(TState.Sum(y));
}
