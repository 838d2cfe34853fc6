using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Observers;

/// <summary>
/// The cubic Hermite continuous extension of one step [t0, t0 + h] with end values y0, y1 and derivatives f0, f1 (the
/// adaptive steppers' first-same-as-last derivatives): p(t0 + s·h) = H00(s)·y0 + H01(s)·y1 + h·(H10(s)·f0 + H11(s)·f1),
/// H00 = 2s³ − 3s² + 1, H01 = −2s³ + 3s², H10 = s³ − 2s² + s, H11 = s³ − s². Third order: its error is O(h⁴), below the
/// local error of Dormand–Prince's steps at the tolerances used. Integrals over the step are exact for the cubic, in
/// closed form (its Gram matrix), so window statistics need no extra evaluation of the model.
/// </summary>
public static class Hermite
{
    /// <summary>p at fraction <paramref name="s"/> (0 ≤ s ≤ 1) of the step, per component.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TState Value<T, TState>(T s, T h, TState y0, TState y1, TState f0, TState f1)
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        var one = T.FromDouble(1.0);
        var s2 = s * s;
        var s3 = s2 * s;
        var h01 = T.FromDouble(3.0) * s2 - (s3 + s3);
        var h10 = s3 - (s2 + s2) + s;
        var h11 = s3 - s2;
        return TState.Axpy(TState.Axpy(TState.Axpy(TState.Scale(one - h01, y0), h01, y1), h * h10, f0), h * h11, f1);
    }

    /// <summary>dp/dt at fraction <paramref name="s"/> of the step, per component.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TState Derivative<T, TState>(T s, T h, TState y0, TState y1, TState f0, TState f1)
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        var six = T.FromDouble(6.0);
        var s2 = s * s;
        var slope = six * (s - s2) / h;                                        // H01'(s)/h = −H00'(s)/h
        var d10 = T.FromDouble(3.0) * s2 - T.FromDouble(4.0) * s + T.FromDouble(1.0);
        var d11 = T.FromDouble(3.0) * s2 - (s + s);
        return TState.Axpy(TState.Axpy(TState.Scale(slope, TState.Axpy(y1, T.FromDouble(-1.0), y0)), d10, f0), d11, f1);
    }

    /// <summary>∫ p dt over the step = h(y0 + y1)/2 + h²(f0 − f1)/12 (exact for the cubic).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TState Integral<T, TState>(T h, TState y0, TState y1, TState f0, TState f1)
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        var half = T.FromDouble(0.5) * h;
        return TState.Axpy(TState.Scale(half, TState.Add(y0, y1)), h * h * T.FromDouble(1.0 / 12), TState.Axpy(f0, T.FromDouble(-1.0), f1));
    }

    /// <summary>
    /// ∫ p² dt over the step = h·[13/35 (y0² + y1²) + 9/35 y0y1 + 11/105 (y0d0 − y1d1) + 13/210 (y1d0 − y0d1)
    /// + 1/105 (d0² + d1²) − 1/70 d0d1] with d = h·f (the Gram matrix of the Hermite basis; exact for the cubic).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TState IntegralOfSquare<T, TState>(T h, TState y0, TState y1, TState f0, TState f1)
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        var d0 = TState.Scale(h, f0);
        var d1 = TState.Scale(h, f1);
        var sum = TState.Scale(T.FromDouble(13.0 / 35), TState.Add(TState.Multiply(y0, y0), TState.Multiply(y1, y1)));
        sum = TState.Axpy(sum, T.FromDouble(9.0 / 35), TState.Multiply(y0, y1));
        sum = TState.Axpy(sum, T.FromDouble(11.0 / 105), TState.Axpy(TState.Multiply(y0, d0), T.FromDouble(-1.0), TState.Multiply(y1, d1)));
        sum = TState.Axpy(sum, T.FromDouble(13.0 / 210), TState.Axpy(TState.Multiply(y1, d0), T.FromDouble(-1.0), TState.Multiply(y0, d1)));
        sum = TState.Axpy(sum, T.FromDouble(1.0 / 105), TState.Add(TState.Multiply(d0, d0), TState.Multiply(d1, d1)));
        sum = TState.Axpy(sum, T.FromDouble(-1.0 / 70), TState.Multiply(d0, d1));
        return TState.Scale(h, sum);
    }
}
