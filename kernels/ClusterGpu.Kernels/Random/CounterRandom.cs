using ClusterGpu.Kernels.Numbers;

namespace ClusterGpu.Kernels.Random;

/// <summary>
/// A counter-based generator usable in GPU kernels: number n of stream <c>key</c> is a pure function of (key, n),
/// SplitMix64's output n (Steele, Lea, Flood 2014: state key + n·γ through the MurmurHash3-style finaliser), turned into
/// standard normals by the Box–Muller transform. Only integer and <see cref="Ieee"/> arithmetic, so the same bits on
/// every device: the logarithm, sine and cosine are this class's own (fdlibm's minimax polynomials after exact range
/// reduction), because ILGPU's FP64 versions spill to local memory in PTX.
/// </summary>
public static class CounterRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>SplitMix64's finaliser of <paramref name="z"/> + γ: a bijective 64-bit hash.</summary>
    public static ulong Mix(ulong z)
    {
        z += Golden;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The stream key of trajectory <paramref name="trajectory"/> under <paramref name="seed"/>.</summary>
    public static ulong Key(ulong seed, long trajectory) => Mix(Mix(seed) ^ (ulong)trajectory);

    /// <summary>Uniform number <paramref name="counter"/> of stream <paramref name="key"/>, in the open interval (0, 1) on a 2⁻⁵³ grid.</summary>
    public static double Uniform(ulong key, ulong counter) => Ieee.Mul(Ieee.Add(Mix(key + counter * Golden) >> 11, 0.5), 1.0 / 9007199254740992.0);

    /// <summary>
    /// Standard normal number <paramref name="counter"/> of stream <paramref name="key"/>: counters 2k and 2k + 1 are the
    /// cosine and sine halves of one Box–Muller pair built from uniforms 2k and 2k + 1.
    /// </summary>
    public static double Normal(ulong key, ulong counter)
    {
        ulong pair = counter & ~1UL;
        double radius = Ieee.Sqrt(Ieee.Mul(-2.0, Log(Uniform(key, pair))));
        double angle = Ieee.Mul(2.0 * Math.PI, Uniform(key, pair + 1));
        return Ieee.Mul(radius, (counter & 1UL) == 0 ? Cos(angle) : Sin(angle));
    }

    /// <summary>Normal number <paramref name="counter"/> of each SIMD lane l, from the key of trajectory <c>stream.Trajectory + l</c> (CPU only).</summary>
    public static void Normals(RandomStream stream, ulong counter, Span<double> lanes)
    {
        for (int lane = 0; lane < lanes.Length; lane++) lanes[lane] = Normal(stream.Key(lane), counter);
    }

    // ln 2 split so that k·Ln2High is exact for |k| < 2^11 (fdlibm e_log.c).
    private const double Ln2High = 6.93147180369123816490e-01, Ln2Low = 1.90821492927058770002e-10;
    private const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
        Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01, Lg7 = 1.479819860511658591e-01;

    /// <summary>
    /// ln x for positive normal x (error below 2 ulp): x = m·2^k with m in [√½, √2) by exact power-of-two scaling,
    /// then ln m = f − s(f − R(s²)), f = m − 1, s = f/(2 + f), R fdlibm's degree-14 minimax polynomial.
    /// </summary>
    public static double Log(double x)
    {
        double k = 0;
        double scale = 1.3407807929942597e154; // 2^512; square roots of powers of two are exact
        for (int e = 512; e >= 1; e >>= 1, scale = Ieee.Sqrt(scale)) // binary search of the exponent, 10 steps
        {
            if (x >= scale) { x = Ieee.Div(x, scale); k = Ieee.Add(k, e); }
            if (x < Ieee.Div(1.0, scale)) { x = Ieee.Mul(x, scale); k = Ieee.Sub(k, e); }
        }
        // Now x in [0.5, 2): move it to [√½, √2).
        if (x < 0.70710678118654752440) { x = Ieee.Mul(x, 2.0); k = Ieee.Sub(k, 1.0); }
        if (x >= 1.41421356237309504880) { x = Ieee.Mul(x, 0.5); k = Ieee.Add(k, 1.0); }
        double f = Ieee.Sub(x, 1.0);
        double s = Ieee.Div(f, Ieee.Add(2.0, f));
        double z = Ieee.Mul(s, s);
        double r = Ieee.Mul(z, Ieee.Add(Lg1, Ieee.Mul(z, Polynomial(z, Lg2, Lg3, Lg4, Lg5, Lg6, Lg7))));
        return Ieee.Add(Ieee.Mul(k, Ln2High), Ieee.Add(Ieee.Sub(f, Ieee.Mul(s, Ieee.Sub(f, r))), Ieee.Mul(k, Ln2Low)));
    }

    // π/2 in three parts of 33 bits each (fdlibm's pio2_1, pio2_2, pio2_3): k·part is exact for |k| < 2^20.
    private const double TwoOverPi = 6.36619772367581382433e-01;
    private const double PiOver2Part1 = 1.57079632673412561417e+00, PiOver2Part2 = 6.07710050630396597660e-11, PiOver2Part3 = 2.02226624871116645580e-21;
    private const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04,
        S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
    private const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05,
        C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;

    /// <summary>sin x for |x| &lt; 2^20·π/2 (Cody–Waite reduction to [−π/4, π/4], then fdlibm's kernel polynomials).</summary>
    public static double Sin(double x) => Trig(x, 0);

    /// <summary>cos x for |x| &lt; 2^20·π/2 (cos x = sin(x + π/2), with the quarter turn added to the quadrant exactly).</summary>
    public static double Cos(double x) => Trig(x, 1);

    /// <summary>sin(x + quarterTurns·π/2).</summary>
    private static double Trig(double x, long quarterTurns)
    {
        double kd = Ieee.Mul(x, TwoOverPi);
        long k = (long)Ieee.Add(kd, kd >= 0 ? 0.5 : -0.5);
        double r = Ieee.Sub(Ieee.Sub(Ieee.Sub(x, Ieee.Mul(k, PiOver2Part1)), Ieee.Mul(k, PiOver2Part2)), Ieee.Mul(k, PiOver2Part3));
        double z = Ieee.Mul(r, r);
        double sin = Ieee.Add(r, Ieee.Mul(Ieee.Mul(r, z), Polynomial(z, S1, S2, S3, S4, S5, S6)));
        double cos = Ieee.Add(Ieee.Sub(1.0, Ieee.Mul(0.5, z)), Ieee.Mul(Ieee.Mul(z, z), Polynomial(z, C1, C2, C3, C4, C5, C6)));
        long quadrant = (k + quarterTurns) & 3;
        return quadrant switch { 0 => sin, 1 => cos, 2 => -sin, _ => -cos };
    }

    /// <summary>c0 + z(c1 + z(c2 + …)) by Horner's rule, a product and a sum per coefficient (never fused).</summary>
    private static double Polynomial(double z, double c0, double c1, double c2, double c3, double c4, double c5) =>
        Ieee.Add(c0, Ieee.Mul(z, Ieee.Add(c1, Ieee.Mul(z, Ieee.Add(c2, Ieee.Mul(z, Ieee.Add(c3, Ieee.Mul(z, Ieee.Add(c4, Ieee.Mul(z, c5))))))))));
}
