using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Numbers;

namespace ClusterGpu.Kernels.Solvers;

/// <summary>
/// Base-2 logarithm and power for the step-size controller (<see cref="Adaptive{TStepper}"/>): the exponent field, an
/// exact scaling and a short polynomial, a handful of fused multiply-adds instead of <see cref="Elementary"/>'s correctly
/// rounded ln and exp (a controller needs a smooth factor, not the last bits, and these sit on every step's critical path):
/// polynomials by Estrin's scheme (a dependency chain of three or four fused multiply-adds each) and no division. Binary64:
/// log₂ within 1e-7 (absolute), 2^x within 1e-8 (relative); binary32: a few float ulp more. Only +, −, ×, MulAdd, Floor,
/// Exponent, Significand and PowerOfTwo are used: the same bits on every device.
/// </summary>
public static class ControllerPowers
{
    private const double Sqrt2 = 1.4142135623730951;

    /// <summary>
    /// log₂ x for normal x &gt; 0 in [2⁻¹²⁰, 2¹²⁰]: x = 2^e·m with m in [√½, √2) (the significand, halved above √2), log₂ m = t·q(t) with t = m − 1 and q a degree-7
    /// near-minimax polynomial (Chebyshev nodes) evaluated by Estrin's scheme (absolute error below 1e-7, no division).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Log2<T>(T x) where T : struct, IReal<T>
    {
        var one = T.FromDouble(1.0);
        var e = T.Exponent(x);
        var m = T.Significand(x);
        var high = T.LessThan(T.FromDouble(Sqrt2), m);
        m = T.Select(high, m * T.FromDouble(0.5), m);
        e = T.Select(high, e + one, e);
        var t = m - one;
        var t2 = t * t;
        var t4 = t2 * t2;
        var q01 = T.MulAdd(t, T.FromDouble(-0.7213529313629768), T.FromDouble(1.4426949948930465));
        var q23 = T.MulAdd(t, T.FromDouble(-0.3602251824607908), T.FromDouble(0.4809167080001651));
        var q45 = T.MulAdd(t, T.FromDouble(-0.2492718220796073), T.FromDouble(0.2872888823759086));
        var q67 = T.MulAdd(t, T.FromDouble(-0.14275973432660397), T.FromDouble(0.232652578806726));
        var q = T.MulAdd(t4, T.MulAdd(t2, q67, q45), T.MulAdd(t2, q23, q01));
        return T.MulAdd(t, q, e);
    }

    /// <summary>
    /// 2^x for |x| ≤ 120: k = ⌊x + ½⌋, r = x − k in [−½, ½], 2^r = 1 + r·q(r) with q a degree-5 near-minimax polynomial
    /// (Chebyshev nodes; relative error below 1e-8) by Estrin's scheme, times 2^k exactly: exact at integers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Exp2<T>(T x) where T : struct, IReal<T>
    {
        var k = T.Floor(x + T.FromDouble(0.5));
        var r = x - k;
        var r2 = r * r;
        var q01 = T.MulAdd(r, T.FromDouble(0.24022650760567846), T.FromDouble(0.6931471880262285));
        var q23 = T.MulAdd(r, T.FromDouble(0.009618082557302569), T.FromDouble(0.05550357114219147));
        var q45 = T.MulAdd(r, T.FromDouble(0.00015453162939509034), T.FromDouble(0.001339086336462805));
        var q = T.MulAdd(r2, T.MulAdd(r2, q45, q23), q01);
        return T.MulAdd(r, q, T.FromDouble(1.0)) * T.PowerOfTwo(k);
    }
}
