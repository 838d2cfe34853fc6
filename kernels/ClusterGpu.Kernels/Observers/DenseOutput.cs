using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Observers;

/// <summary>
/// The continuous extension of one adaptive step [t0, t0 + h] with end values y0, y1, derivatives f0, f1 (the steppers'
/// first-same-as-last derivatives) and quartic coefficient q:
/// p(t0 + θh) = H00(θ)·y0 + H01(θ)·y1 + h·(H10(θ)·f0 + H11(θ)·f1) + B(θ)·q, with the Hermite cubic basis
/// H00 = 2θ³ − 3θ² + 1, H01 = −2θ³ + 3θ², H10 = θ³ − 2θ² + θ, H11 = θ³ − θ², and B = θ²(1 − θ)². For Dormand–Prince,
/// q = h·Σ D_i k_i makes p its order-4 dense output (Hairer, Nørsett &amp; Wanner, Solving ODEs I, §II.6); q = 0 leaves the
/// Hermite cubic (order 3; Rosenbrock 2(3)). Integrals over a step are exact for p, in closed form (the Gram matrix of the
/// basis), so window statistics need no extra evaluation of the model.
/// </summary>
public static class DenseOutput
{
    /// <summary>The basis at <paramref name="s"/>: H01 (H00 = 1 − H01), H10, H11, B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Basis<T>(T s, out T h01, out T h10, out T h11, out T b) where T : struct, IReal<T>
    {
        var s2 = s * s;
        var s3 = s2 * s;
        h01 = T.FromDouble(3.0) * s2 - (s3 + s3);
        h10 = s3 - (s2 + s2) + s;
        h11 = s3 - s2;
        b = s2 * (T.FromDouble(1.0) - s) * (T.FromDouble(1.0) - s);
    }

    /// <summary>The basis' derivatives d/ds at <paramref name="s"/>: H01' (H00' = −H01'), H10', H11', B'.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BasisSlope<T>(T s, out T d01, out T d10, out T d11, out T db) where T : struct, IReal<T>
    {
        var one = T.FromDouble(1.0);
        var s2 = s * s;
        d01 = T.FromDouble(6.0) * (s - s2);
        d10 = T.FromDouble(3.0) * s2 - T.FromDouble(4.0) * s + one;
        d11 = T.FromDouble(3.0) * s2 - (s + s);
        db = (s + s) * (one - s) * (one - (s + s));
    }

    /// <summary>The basis' second derivatives at <paramref name="s"/>: H01'', H10'', H11'', B''.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BasisCurvature<T>(T s, out T c01, out T c10, out T c11, out T cb) where T : struct, IReal<T>
    {
        var six = T.FromDouble(6.0);
        c01 = six - T.FromDouble(12.0) * s;
        c10 = six * s - T.FromDouble(4.0);
        c11 = six * s - T.FromDouble(2.0);
        cb = T.FromDouble(2.0) - T.FromDouble(12.0) * s + T.FromDouble(12.0) * s * s;
    }

    /// <summary>p at fraction <paramref name="s"/> (0 ≤ s ≤ 1) of the step, per component.</summary>
    public static TState Value<T, TState>(T s, T h, TState y0, TState y1, TState f0, TState f1, TState q)
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        var p = default(TState);
        for (int k = 0; k < TState.Length; k++) p[k] = Value(s, h, y0[k], y1[k], f0[k], f1[k], q[k]);
        return p;
    }

    /// <summary>One component's p at fraction <paramref name="s"/> of the step from its end values, derivatives and q.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Value<T>(T s, T h, T y0, T y1, T f0, T f1, T q) where T : struct, IReal<T>
    {
        Basis(s, out var h01, out var h10, out var h11, out var b);
        return T.MulAdd(b, q, T.MulAdd(h * h11, f1, T.MulAdd(h * h10, f0, T.MulAdd(h01, y1, (T.FromDouble(1.0) - h01) * y0))));
    }

    /// <summary>One component's dp/dt at fraction <paramref name="s"/> of the step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Derivative<T>(T s, T h, T y0, T y1, T f0, T f1, T q) where T : struct, IReal<T>
    {
        BasisSlope(s, out var d01, out var d10, out var d11, out var db);
        return T.MulAdd(db / h, q, T.MulAdd(d11, f1, T.MulAdd(d10, f0, d01 / h * T.MulAdd(T.FromDouble(-1.0), y0, y1))));
    }

    /// <summary>One component's p(s) from its end values, d = h·f at both ends, and q.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Value<T>(T s, T y0, T y1, T d0, T d1, T q) where T : struct, IReal<T>
    {
        Basis(s, out var h01, out var h10, out var h11, out var b);
        return T.MulAdd(b, q, T.MulAdd(h11, d1, T.MulAdd(h10, d0, T.MulAdd(h01, y1 - y0, y0))));
    }

    /// <summary>One component's dp/ds (= h·dp/dt) at <paramref name="s"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Slope<T>(T s, T y0, T y1, T d0, T d1, T q) where T : struct, IReal<T>
    {
        BasisSlope(s, out var d01, out var d10, out var d11, out var db);
        return T.MulAdd(db, q, T.MulAdd(d11, d1, T.MulAdd(d10, d0, d01 * (y1 - y0))));
    }

    /// <summary>One component's d²p/ds² at <paramref name="s"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Curvature<T>(T s, T y0, T y1, T d0, T d1, T q) where T : struct, IReal<T>
    {
        BasisCurvature(s, out var c01, out var c10, out var c11, out var cb);
        return T.MulAdd(cb, q, T.MulAdd(c11, d1, T.MulAdd(c10, d0, c01 * (y1 - y0))));
    }

    /// <summary>
    /// One component's critical points of the cubic part (dp/ds = 0 without q): the roots of A s² + B s + C,
    /// A = 3(d0 + d1) − 6Δ, B = 6Δ − 4d0 − 2d1, C = d0 (Δ = y1 − y0; cancellation-free formula); NaN or ±∞ where there is
    /// no such root. <see cref="RefineCriticalPoint"/> moves them onto the full p's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CubicCriticalPoints<T>(T y0, T y1, T d0, T d1, out T first, out T second) where T : struct, IReal<T>
    {
        var delta = y1 - y0;
        var a = T.FromDouble(3.0) * (d0 + d1) - T.FromDouble(6.0) * delta;
        var b = T.FromDouble(6.0) * delta - T.FromDouble(4.0) * d0 - (d1 + d1);
        var root = T.Sqrt(b * b - T.FromDouble(4.0) * a * d0); // NaN when negative: no real critical point
        var m = T.FromDouble(-0.5) * (b + T.Select(T.LessThan(b, T.FromDouble(0.0)), -root, root));
        first = m / a;
        second = d0 / m;
    }

    /// <summary>Two Newton steps towards a root of one component's dp/ds from <paramref name="s"/> (kept where a step is not finite).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T RefineCriticalPoint<T>(T s, T y0, T y1, T d0, T d1, T q) where T : struct, IReal<T>
    {
        for (int i = 0; i < 2; i++)
        {
            var next = s - Slope(s, y0, y1, d0, d1, q) / Curvature(s, y0, y1, d0, d1, q);
            s = T.Select(T.IsFinite(next), next, s);
        }
        return s;
    }

    /// <summary>One component's ∫ p dt over the step = h[(y0 + y1)/2 + (d0 − d1)/12 + q/30] (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Integral<T>(T h, T y0, T y1, T f0, T f1, T q) where T : struct, IReal<T>
    {
        var sum = T.MulAdd(h * T.FromDouble(1.0 / 12), T.MulAdd(T.FromDouble(-1.0), f1, f0), T.FromDouble(0.5) * (y0 + y1));
        return h * T.MulAdd(T.FromDouble(1.0 / 30), q, sum);
    }

    /// <summary>
    /// One component's ∫ p² dt over the step = h·[13/35 (y0² + y1²) + 9/35 y0y1 + 11/105 (y0d0 − y1d1) + 13/210 (y1d0 − y0d1)
    /// + 1/105 (d0² + d1²) − 1/70 d0d1 + 1/30 (y0 + y1)q + 1/140 (d0 − d1)q + 1/630 q²] with d = h·f (the Gram matrix of the
    /// basis; exact).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T IntegralOfSquare<T>(T h, T y0, T y1, T f0, T f1, T q) where T : struct, IReal<T>
    {
        var minusOne = T.FromDouble(-1.0);
        var d0 = h * f0;
        var d1 = h * f1;
        var sum = T.FromDouble(13.0 / 35) * (y0 * y0 + y1 * y1);
        sum = T.MulAdd(T.FromDouble(9.0 / 35), y0 * y1, sum);
        sum = T.MulAdd(T.FromDouble(11.0 / 105), T.MulAdd(minusOne, y1 * d1, y0 * d0), sum);
        sum = T.MulAdd(T.FromDouble(13.0 / 210), T.MulAdd(minusOne, y0 * d1, y1 * d0), sum);
        sum = T.MulAdd(T.FromDouble(1.0 / 105), d0 * d0 + d1 * d1, sum);
        sum = T.MulAdd(T.FromDouble(-1.0 / 70), d0 * d1, sum);
        sum = T.MulAdd(T.FromDouble(1.0 / 30), (y0 + y1) * q, sum);
        sum = T.MulAdd(T.FromDouble(1.0 / 140), T.MulAdd(minusOne, d1, d0) * q, sum);
        sum = T.MulAdd(T.FromDouble(1.0 / 630), q * q, sum);
        return h * sum;
    }
}
