using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Numbers;

namespace ClusterGpu.Kernels.States;

/// <summary>
/// The state of the tangent (variational) system integrated for the largest Lyapunov exponent: the trajectory
/// <see cref="U"/>, a tangent vector <see cref="V"/> and the accumulated logarithmic growth <see cref="W"/> of V
/// (2n + 1 components: U first, then V, then W). Named fields of the model's own state type, so it stays in registers.
/// </summary>
public struct TangentState<TState, T>(TState u, TState v, T w) : IState<TangentState<TState, T>, T>
    where TState : struct, IState<TState, T>
    where T : struct, IReal<T>
{
    /// <summary>The trajectory's state.</summary>
    public TState U = u;
    /// <summary>The tangent vector (kept at unit length by the tangent dynamics).</summary>
    public TState V = v;
    /// <summary>∫ d ln‖V‖: the logarithmic growth of the unnormalised tangent vector.</summary>
    public T W = w;

    public static int Length => 2 * TState.Length + 1;

    public T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        readonly get => index < TState.Length ? U[index] : index < 2 * TState.Length ? V[index - TState.Length] : W;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set
        {
            if (index < TState.Length) U[index] = value;
            else if (index < 2 * TState.Length) V[index - TState.Length] = value;
            else W = value;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TangentState<TState, T> Axpy(TangentState<TState, T> y, T h, TangentState<TState, T> k) =>
        new(TState.Axpy(y.U, h, k.U), TState.Axpy(y.V, h, k.V), T.MulAdd(h, k.W, y.W));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TangentState<TState, T> Scale(T h, TangentState<TState, T> k) => new(TState.Scale(h, k.U), TState.Scale(h, k.V), h * k.W);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TangentState<TState, T> Add(TangentState<TState, T> a, TangentState<TState, T> b) =>
        new(TState.Add(a.U, b.U), TState.Add(a.V, b.V), a.W + b.W);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TangentState<TState, T> Multiply(TangentState<TState, T> a, TangentState<TState, T> b) =>
        new(TState.Multiply(a.U, b.U), TState.Multiply(a.V, b.V), a.W * b.W);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TangentState<TState, T> Min(TangentState<TState, T> a, TangentState<TState, T> b) =>
        new(TState.Min(a.U, b.U), TState.Min(a.V, b.V), T.Min(a.W, b.W));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TangentState<TState, T> Max(TangentState<TState, T> a, TangentState<TState, T> b) =>
        new(TState.Max(a.U, b.U), TState.Max(a.V, b.V), T.Max(a.W, b.W));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TangentState<TState, T> Broadcast(T value) => new(TState.Broadcast(value), TState.Broadcast(value), value);

    /// <summary>
    /// max_i |u_i| over the trajectory part only: V is a unit direction and W a growth, neither a magnitude of the
    /// solution, so the fixed-point residual ‖f(t_end, u)‖∞ keeps its meaning for the tangent system.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAbs(TangentState<TState, T> y) => TState.MaxAbs(y.U);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(TangentState<TState, T> y) => TState.Sum(y.U) + TState.Sum(y.V) + y.W;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ScaledSumOfSquares(TangentState<TState, T> v, TangentState<TState, T> y, TangentState<TState, T> z, T atol, T rtol)
    {
        var w = v.W / T.MulAdd(rtol, T.Max(T.Abs(y.W), T.Abs(z.W)), atol);
        return TState.ScaledSumOfSquares(v.U, y.U, z.U, atol, rtol) + TState.ScaledSumOfSquares(v.V, y.V, z.V, atol, rtol) + w * w;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TangentState<TState, T> Select(T mask, TangentState<TState, T> whenTrue, TangentState<TState, T> whenFalse) =>
        new(TState.Select(mask, whenTrue.U, whenFalse.U), TState.Select(mask, whenTrue.V, whenFalse.V), T.Select(mask, whenTrue.W, whenFalse.W));
}
