using ClusterGpu.Kernels.Numbers;

namespace ClusterGpu.Kernels.Solvers;

/// <summary>
/// Base-2 logarithm and power for the step-size controller (<see cref="Adaptive{TStepper}"/>): the exponent field, an
/// exact scaling and a short polynomial, a handful of fused multiply-adds instead of <see cref="Elementary"/>'s correctly
/// rounded ln and exp (a controller needs a smooth factor, not the last bits, and these sit on every step's critical path).
/// Relative error below 1e-8 in binary64 (binary32: a few float ulp). Only +, −, ×, ÷, MulAdd, Floor, Exponent and
/// PowerOfTwo are used: the same bits on every device.
/// </summary>
public static class ControllerPowers
{
    private const double Sqrt2 = 1.4142135623730951, TwoOverLn2 = 2.8853900817779268, Ln2 = 0.6931471805599453;

    /// <summary>
    /// log₂ x for normal x in [2⁻¹²⁰, 2¹²⁰]: x = 2^e·m with m in [√½, √2), log₂ m = (2/ln 2)·atanh s with s = (m − 1)/(m + 1),
    /// |s| ≤ 0.172, by the series to s¹¹ (truncation below 3e-11 in log₂ x).
    /// </summary>
    public static T Log2<T>(T x) where T : struct, IReal<T>
    {
        var one = T.FromDouble(1.0);
        var e = T.Exponent(x);
        var m = x * T.PowerOfTwo(-e);
        var high = T.LessThan(T.FromDouble(Sqrt2), m);
        m = T.Select(high, m * T.FromDouble(0.5), m);
        e = T.Select(high, e + one, e);
        var s = (m - one) / (m + one);
        var s2 = s * s;
        var series = T.MulAdd(s2, T.FromDouble(1.0 / 11), T.FromDouble(1.0 / 9));
        series = T.MulAdd(s2, series, T.FromDouble(1.0 / 7));
        series = T.MulAdd(s2, series, T.FromDouble(1.0 / 5));
        series = T.MulAdd(s2, series, T.FromDouble(1.0 / 3));
        series = T.MulAdd(s2, series, one);
        return T.MulAdd(T.FromDouble(TwoOverLn2) * s, series, e);
    }

    /// <summary>
    /// 2^x for |x| ≤ 120: k = ⌊x + ½⌋, r = (x − k)·ln 2 in [−0.35, 0.35], e^r by its Taylor polynomial to degree 7
    /// (truncation below 6e-9), times 2^k exactly.
    /// </summary>
    public static T Exp2<T>(T x) where T : struct, IReal<T>
    {
        var k = T.Floor(x + T.FromDouble(0.5));
        var r = (x - k) * T.FromDouble(Ln2);
        var p = T.MulAdd(r, T.FromDouble(1.0 / 5040), T.FromDouble(1.0 / 720));
        p = T.MulAdd(r, p, T.FromDouble(1.0 / 120));
        p = T.MulAdd(r, p, T.FromDouble(1.0 / 24));
        p = T.MulAdd(r, p, T.FromDouble(1.0 / 6));
        p = T.MulAdd(r, p, T.FromDouble(0.5));
        p = T.MulAdd(r, p, T.FromDouble(1.0));
        p = T.MulAdd(r, p, T.FromDouble(1.0));
        return p * T.PowerOfTwo(k);
    }
}
