using ClusterGpu.Kernels.Numbers;

namespace ClusterGpu.Kernels.Random;

/// <summary>
/// The Box–Muller transform (u1, u2) ↦ r·(cos θ, sin θ), r = √(−2 ln u1), θ = 2π u2, written once over a double-precision
/// number type: <see cref="F64"/> in GPU kernels and for single trajectories, <c>Simd*&lt;double&gt;</c> for eight lanes at a
/// time on the CPU. Branch-free, with only +, −, ×, ÷, √ and selects, all correctly rounded, so every number type gives
/// the same bits. The logarithm and the sine and cosine are fdlibm's kernel polynomials after exact range reduction
/// (ILGPU's FP64 versions spill to local memory in PTX).
/// </summary>
public static class BoxMuller
{
    /// <summary>The normal pair of uniforms <paramref name="u1"/>, <paramref name="u2"/> in [2⁻⁵⁴, 1) (per lane).</summary>
    public static void Transform<TD>(TD u1, TD u2, out TD cosine, out TD sine) where TD : struct, IReal<TD>
    {
        var radius = TD.Sqrt(TD.FromDouble(-2.0) * LogOfUnit(u1));
        SinCos(TD.FromDouble(2.0 * Math.PI) * u2, out var sin, out var cos);
        cosine = radius * cos;
        sine = radius * sin;
    }

    // ln 2 split so that k·Ln2High is exact for |k| < 2^11 (fdlibm e_log.c).
    private const double Ln2High = 6.93147180369123816490e-01, Ln2Low = 1.90821492927058770002e-10;
    private const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
        Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01, Lg7 = 1.479819860511658591e-01;

    /// <summary>
    /// ln u for u in [2⁻⁶³, 1) (error below 2 ulp): u = m·2^k with m in [√½, 1) by exact power-of-two scaling (a 6-step
    /// binary search of the exponent), then ln m = f − s(f − R(s²)), f = m − 1, s = f/(2 + f), R fdlibm's minimax polynomial.
    /// </summary>
    public static TD LogOfUnit<TD>(TD u) where TD : struct, IReal<TD>
    {
        var k = TD.FromDouble(0.0);
        for (int e = 32; e >= 1; e >>= 1)
        {
            var below = TD.LessThan(u, TD.FromDouble(1.0 / (1L << e)));
            u = TD.Select(below, u * TD.FromDouble(1L << e), u);
            k = TD.Select(below, k - TD.FromDouble(e), k);
        }
        // Now u in [0.5, 1): move it to [√½, 1).
        var low = TD.LessThan(u, TD.FromDouble(0.70710678118654752440));
        u = TD.Select(low, u + u, u);
        k = TD.Select(low, k - TD.FromDouble(1.0), k);
        var f = u - TD.FromDouble(1.0);
        var s = f / (TD.FromDouble(2.0) + f);
        var z = s * s;
        var r = z * (TD.FromDouble(Lg1) + z * (TD.FromDouble(Lg2) + z * (TD.FromDouble(Lg3) + z * (TD.FromDouble(Lg4)
            + z * (TD.FromDouble(Lg5) + z * (TD.FromDouble(Lg6) + z * TD.FromDouble(Lg7)))))));
        return k * TD.FromDouble(Ln2High) + (f - s * (f - r) + k * TD.FromDouble(Ln2Low));
    }

    // π/2 in three parts of 33 bits each (fdlibm's pio2_1, pio2_2, pio2_3): k·part is exact for small integers k.
    private const double TwoOverPi = 6.36619772367581382433e-01;
    private const double PiOver2Part1 = 1.57079632673412561417e+00, PiOver2Part2 = 6.07710050630396597660e-11, PiOver2Part3 = 2.02226624871116645580e-21;
    private const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04,
        S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
    private const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05,
        C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
    // Adding and subtracting 1.5·2^52 rounds a double of magnitude below 2^51 to the nearest integer.
    private const double RoundingShift = 6755399441055744.0;

    /// <summary>
    /// sin x and cos x for x in [0, 2π]: x = k·π/2 + r with k = round(2x/π) in {0, …, 4} and |r| ≤ π/4 (Cody–Waite,
    /// exact), fdlibm's kernel polynomials on r, then the quadrant k mod 4 picks and negates them.
    /// </summary>
    public static void SinCos<TD>(TD x, out TD sin, out TD cos) where TD : struct, IReal<TD>
    {
        var shift = TD.FromDouble(RoundingShift);
        var k = x * TD.FromDouble(TwoOverPi) + shift - shift;
        var r = x - k * TD.FromDouble(PiOver2Part1) - k * TD.FromDouble(PiOver2Part2) - k * TD.FromDouble(PiOver2Part3);
        var z = r * r;
        var s = r + r * z * (TD.FromDouble(S1) + z * (TD.FromDouble(S2) + z * (TD.FromDouble(S3) + z * (TD.FromDouble(S4)
            + z * (TD.FromDouble(S5) + z * TD.FromDouble(S6))))));
        var c = TD.FromDouble(1.0) - TD.FromDouble(0.5) * z + z * z * (TD.FromDouble(C1) + z * (TD.FromDouble(C2) + z * (TD.FromDouble(C3)
            + z * (TD.FromDouble(C4) + z * (TD.FromDouble(C5) + z * TD.FromDouble(C6))))));
        var one = Quadrant(k, 1.0);
        var two = Quadrant(k, 2.0);
        var three = Quadrant(k, 3.0);
        sin = TD.Select(one, c, TD.Select(two, -s, TD.Select(three, -c, s)));
        cos = TD.Select(one, -s, TD.Select(two, -c, TD.Select(three, s, c)));
    }

    /// <summary>Mask of the lanes whose integer-valued <paramref name="k"/> equals <paramref name="quadrant"/>.</summary>
    private static TD Quadrant<TD>(TD k, double quadrant) where TD : struct, IReal<TD> =>
        TD.And(TD.LessThan(TD.FromDouble(quadrant - 0.5), k), TD.LessThan(k, TD.FromDouble(quadrant + 0.5)));
}
