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

    /// <summary>
    /// ln u for u in [2⁻⁶³, 1) (error below 2 ulp): u = m·2^k with m in [√½, 1) by exact power-of-two scaling (a 6-step
    /// binary search of the exponent), then ln m by <see cref="Elementary.LogKernel"/>. Faster than <see cref="Elementary.Log"/> on this narrow range.
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
        return k * TD.FromDouble(Ln2High) + (Elementary.LogKernel(u - TD.FromDouble(1.0)) + k * TD.FromDouble(Ln2Low));
    }

    // π/2 in three parts of 33 bits each (fdlibm's pio2_1, pio2_2, pio2_3): k·part is exact for small integers k.
    private const double TwoOverPi = 6.36619772367581382433e-01;
    private const double PiOver2Part1 = 1.57079632673412561417e+00, PiOver2Part2 = 6.07710050630396597660e-11, PiOver2Part3 = 2.02226624871116645580e-21;
    // Adding and subtracting 1.5·2^52 rounds a double of magnitude below 2^51 to the nearest integer.
    private const double RoundingShift = 6755399441055744.0;

    /// <summary>
    /// sin x and cos x for x in [0, 2π]: x = k·π/2 + r with k = round(2x/π) in {0, …, 4} and |r| ≤ π/4 (Cody–Waite,
    /// exact), fdlibm's kernel polynomials on r, then the quadrant k mod 4 picks and negates them (<see cref="Elementary.SinCos"/> covers every x).
    /// </summary>
    public static void SinCos<TD>(TD x, out TD sin, out TD cos) where TD : struct, IReal<TD>
    {
        var shift = TD.FromDouble(RoundingShift);
        var k = x * TD.FromDouble(TwoOverPi) + shift - shift;
        var r = x - k * TD.FromDouble(PiOver2Part1) - k * TD.FromDouble(PiOver2Part2) - k * TD.FromDouble(PiOver2Part3);
        Elementary.SelectQuadrant(k, Elementary.SinKernel(r), Elementary.CosKernel(r), out sin, out cos);
    }
}
