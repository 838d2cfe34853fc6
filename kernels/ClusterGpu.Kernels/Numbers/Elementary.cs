namespace ClusterGpu.Kernels.Numbers;

/// <summary>
/// Elementary functions written once over <see cref="IReal{T}"/>: exact range reduction (Cody–Waite, with constants split
/// into 12-bit parts so that k·part is exact in binary32 and binary64), fdlibm's kernel polynomials, and exact scaling by
/// powers of two. Only correctly rounded operations (+ − × ÷, fused MulAdd, <see cref="IReal{T}.Floor"/>,
/// <see cref="IReal{T}.PowerOfTwo"/>, <see cref="IReal{T}.Exponent"/>) and selects are used, so <see cref="F64"/>,
/// <see cref="F32"/> and the SIMD lanes compute the same bits on the CPU, in ILGPU kernels and in PTX, where no
/// transcendental library call (which spills to local memory in FP64) is made. Branch-free: every lane follows the same
/// instructions. Accuracy against System.Math (tests): exp and log within 1 ulp, sin and cos within 2 (|x| ≤ 10^6), tanh
/// within 6, binary32 within 1, 2 and 4 float ulp.
/// </summary>
/// <remarks>
/// The number types implement <see cref="IReal{T}.Exp"/>, <see cref="IReal{T}.Log"/>, <see cref="IReal{T}.Sin"/> and
/// <see cref="IReal{T}.Cos"/> with these methods; <see cref="Dual{T}"/> applies the chain rule to them instead, so its
/// derivatives are exact derivatives of the function rather than of its polynomial. <see cref="Tanh{T}"/> and
/// <see cref="Pow{T}"/> are compositions and work on every type, <see cref="Dual{T}"/> included.
/// </remarks>
public static class Elementary
{
    // ln 2 = Ln2A + Ln2B + Ln2C (A and B: 12 significant bits; k·A, k·B exact for |k| < 2^12 in binary32, 2^41 in binary64).
    private const double Ln2A = 0.693115234375, Ln2B = 3.1948089599609375e-05, Ln2C = -1.904654299957768e-09;
    private const double InverseLn2 = 1.4426950408889634;

    // π/2 = A + B + C + D (A, B, C: 12 significant bits each).
    private const double HalfPiA = 1.57080078125, HalfPiB = -4.453584551811218e-06, HalfPiC = -8.706138032721356e-10, HalfPiD = 6.223372171896613e-14;
    private const double TwoOverPi = 0.6366197723675814;

    // fdlibm e_exp.c: e^r = 1 + r + r·c/(2 − c), c = r − r²·P(r²), for |r| ≤ ln2/2.
    private const double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03, P3 = 6.61375632143793436117e-05,
        P4 = -1.65339022054652515390e-06, P5 = 4.13813679705723846039e-08;

    // fdlibm e_log.c: ln(1 + f) = f − s(f − R(s²)), s = f/(2 + f), for 1 + f in [√½, √2).
    private const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
        Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01, Lg7 = 1.479819860511658591e-01;

    // fdlibm k_sin.c and k_cos.c, for |r| ≤ π/4.
    private const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04,
        S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
    private const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05,
        C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;

    // Arguments of exp beyond these over- or underflow in binary64 (and a fortiori in binary32).
    private const double ExpHigh = 710.0, ExpLow = -746.0;
    // Positive numbers below 2^−100 (binary64 and binary32 subnormals among them) are scaled by 2^100 before ln.
    private const double Tiny = 7.888609052210118e-31, TinyScale = 1.2676506002282294e30, TinyExponent = 100.0;
    private const double Sqrt2 = 1.4142135623730951;

    /// <summary>
    /// e^x: k = ⌊x/ln2 + ½⌋, r = x − k·ln2 (exact reduction), e^r from fdlibm's rational form, times 2^k in two exact
    /// halves (one rounding where the result is subnormal). +∞ above ≈ 709.78 (binary64) or 88.72 (binary32), 0 below
    /// the subnormal range; NaN stays NaN.
    /// </summary>
    public static T Exp<T>(T x) where T : struct, IReal<T>
    {
        // The constant first: Min/Max return their second argument for NaN, which then propagates.
        x = T.Max(T.FromDouble(ExpLow), T.Min(T.FromDouble(ExpHigh), x));
        var k = T.Floor(T.MulAdd(x, T.FromDouble(InverseLn2), T.FromDouble(0.5)));
        var r = T.MulAdd(-k, T.FromDouble(Ln2C), T.MulAdd(-k, T.FromDouble(Ln2B), T.MulAdd(-k, T.FromDouble(Ln2A), x)));
        var y = T.FromDouble(1.0) + ExpM1Kernel(r);
        var half = T.Floor(k * T.FromDouble(0.5));
        return y * T.PowerOfTwo(half) * T.PowerOfTwo(k - half);
    }

    /// <summary>
    /// ln x: x = m·2^k with m in [√½, √2) exactly (<see cref="IReal{T}.Exponent"/>, <see cref="IReal{T}.PowerOfTwo"/>;
    /// subnormals scaled up first), ln m from fdlibm's polynomial, plus k·ln2 in three exact parts. ln 0 = −∞,
    /// ln x = NaN for x &lt; 0, ln ∞ = ∞.
    /// </summary>
    public static T Log<T>(T x) where T : struct, IReal<T>
    {
        var zero = T.FromDouble(0.0);
        var one = T.FromDouble(1.0);
        var half = T.FromDouble(0.5);
        var tiny = T.LessThan(x, T.FromDouble(Tiny));
        var u = T.Select(tiny, x * T.FromDouble(TinyScale), x);
        var exponent = T.Exponent(u);
        // m = u·2^(1−e)·½ in [1, 2): 2^(1−e) stays a normal number for every exponent e of a normal u.
        var m = u * T.PowerOfTwo(one - exponent) * half;
        var high = T.LessThan(T.FromDouble(Sqrt2), m);
        m = T.Select(high, m * half, m);
        var k = exponent + T.Select(high, one, zero) - T.Select(tiny, T.FromDouble(TinyExponent), zero);
        var logM = LogKernel(m - one);
        var result = T.MulAdd(k, T.FromDouble(Ln2A), T.MulAdd(k, T.FromDouble(Ln2B), T.MulAdd(k, T.FromDouble(Ln2C), logM)));
        var regular = T.And(T.LessThan(zero, x), T.IsFinite(x));
        var special = T.Select(T.LessThan(x, zero), T.FromDouble(double.NaN), T.Select(T.LessOrEqual(x, zero), T.FromDouble(double.NegativeInfinity), x));
        return T.Select(regular, result, special);
    }

    /// <summary>
    /// sin x and cos x: k = ⌊2x/π + ½⌋, r = x − k·π/2 with π/2 in four parts (exact products for |k| &lt; 2^12 in binary32,
    /// 2^41 in binary64; accuracy degrades slowly beyond |x| ≈ 2^20), fdlibm's kernels on r, the quadrant k mod 4 picks
    /// and negates them. NaN and ±∞ give NaN.
    /// </summary>
    public static void SinCos<T>(T x, out T sin, out T cos) where T : struct, IReal<T>
    {
        var k = T.Floor(T.MulAdd(x, T.FromDouble(TwoOverPi), T.FromDouble(0.5)));
        var r = T.MulAdd(-k, T.FromDouble(HalfPiD), T.MulAdd(-k, T.FromDouble(HalfPiC), T.MulAdd(-k, T.FromDouble(HalfPiB), T.MulAdd(-k, T.FromDouble(HalfPiA), x))));
        var quadrant = k - T.FromDouble(4.0) * T.Floor(k * T.FromDouble(0.25));
        SelectQuadrant(quadrant, SinKernel(r), CosKernel(r), out sin, out cos);
    }

    /// <summary>
    /// tanh x = sign(x)·u/(u + 2) with u = e^(2|x|) − 1 = v(v + 2), v = e^|x| − 1 = w(w + 2), w = e^(|x|/2) − 1 from the
    /// cancellation-free kernel, for |x| &lt; 0.69; else sign(x)·(1 − 2/(e^(2|x|) + 1)); ±1 beyond ≈ 19. Within 6 ulp.
    /// </summary>
    public static T Tanh<T>(T x) where T : struct, IReal<T>
    {
        var two = T.FromDouble(2.0);
        var magnitude = T.Abs(x);
        var w = ExpM1Kernel(T.Min(magnitude * T.FromDouble(0.5), T.FromDouble(0.345)));
        var v = w * (w + two);
        var u = v * (v + two);
        var t = T.Select(T.LessThan(magnitude, T.FromDouble(0.69)), u / (u + two), T.FromDouble(1.0) - two / (T.Exp(magnitude + magnitude) + T.FromDouble(1.0)));
        return T.Select(T.LessThan(x, T.FromDouble(0.0)), -t, t);
    }

    /// <summary>
    /// x^y = e^(y ln x) for real y (x^0 = 1; NaN for x &lt; 0): relative error about |y ln x|·ulp on top of a few ulp.
    /// Integer exponents are better written as products (model files do so).
    /// </summary>
    public static T Pow<T>(T x, T y) where T : struct, IReal<T>
    {
        var zero = T.FromDouble(0.0);
        var yIsZero = T.And(T.LessOrEqual(y, zero), T.LessOrEqual(zero, y));
        return T.Select(yIsZero, T.FromDouble(1.0), T.Exp(y * T.Log(x)));
    }

    /// <summary>e^r − 1 for |r| ≤ 0.35 without cancellation: r + r·c/(2 − c), c = r − r²·P(r²) (fdlibm).</summary>
    internal static T ExpM1Kernel<T>(T r) where T : struct, IReal<T>
    {
        var z = r * r;
        var c = r - z * (T.FromDouble(P1) + z * (T.FromDouble(P2) + z * (T.FromDouble(P3) + z * (T.FromDouble(P4) + z * T.FromDouble(P5)))));
        return r + r * c / (T.FromDouble(2.0) - c);
    }

    /// <summary>ln(1 + f) for 1 + f in [√½, √2): f − s(f − R(s²)), s = f/(2 + f), R fdlibm's minimax polynomial.</summary>
    internal static T LogKernel<T>(T f) where T : struct, IReal<T>
    {
        var s = f / (T.FromDouble(2.0) + f);
        var z = s * s;
        var r = z * (T.FromDouble(Lg1) + z * (T.FromDouble(Lg2) + z * (T.FromDouble(Lg3) + z * (T.FromDouble(Lg4)
            + z * (T.FromDouble(Lg5) + z * (T.FromDouble(Lg6) + z * T.FromDouble(Lg7)))))));
        return f - s * (f - r);
    }

    /// <summary>sin r for |r| ≤ π/4 (fdlibm's kernel).</summary>
    internal static T SinKernel<T>(T r) where T : struct, IReal<T>
    {
        var z = r * r;
        return r + r * z * (T.FromDouble(S1) + z * (T.FromDouble(S2) + z * (T.FromDouble(S3) + z * (T.FromDouble(S4)
            + z * (T.FromDouble(S5) + z * T.FromDouble(S6))))));
    }

    /// <summary>cos r for |r| ≤ π/4 (fdlibm's kernel).</summary>
    internal static T CosKernel<T>(T r) where T : struct, IReal<T>
    {
        var z = r * r;
        return T.FromDouble(1.0) - T.FromDouble(0.5) * z + z * z * (T.FromDouble(C1) + z * (T.FromDouble(C2) + z * (T.FromDouble(C3)
            + z * (T.FromDouble(C4) + z * (T.FromDouble(C5) + z * T.FromDouble(C6))))));
    }

    /// <summary>
    /// sin and cos of k·π/2 + r from s = sin r and c = cos r, for an integer-valued quadrant k in {0, 1, 2, 3} (4 acts as 0):
    /// (s, c), (c, −s), (−s, −c), (−c, s).
    /// </summary>
    internal static void SelectQuadrant<T>(T k, T s, T c, out T sin, out T cos) where T : struct, IReal<T>
    {
        var one = Quadrant(k, 1.0);
        var two = Quadrant(k, 2.0);
        var three = Quadrant(k, 3.0);
        sin = T.Select(one, c, T.Select(two, -s, T.Select(three, -c, s)));
        cos = T.Select(one, -s, T.Select(two, -c, T.Select(three, s, c)));
    }

    /// <summary>Mask of the lanes whose integer-valued <paramref name="k"/> equals <paramref name="quadrant"/>.</summary>
    private static T Quadrant<T>(T k, double quadrant) where T : struct, IReal<T> =>
        T.And(T.LessThan(T.FromDouble(quadrant - 0.5), k), T.LessThan(k, T.FromDouble(quadrant + 0.5)));
}
