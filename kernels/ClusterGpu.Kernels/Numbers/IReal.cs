using ClusterGpu.Kernels.Random;

namespace ClusterGpu.Kernels.Numbers;

/// <summary>
/// The number type a model's right-hand side, a stepper and an observer are written against, once.
/// Implementations: <see cref="F64"/> and <see cref="F32"/> (one trajectory, inside ILGPU kernels),
/// <see cref="ISimd{TSelf}"/> registers (many trajectories in SIMD lock-step on the CPU) and <see cref="Dual{T}"/>
/// (value plus one directional derivative, for exact Jacobians).
/// </summary>
/// <remarks>
/// Kernel rules (ILGPU 1.5.3): only plain static abstract operators and members of this interface are
/// used from generic code; no <c>typeof(T)</c> branching, no <c>CreateTruncating</c>.
/// Masks are values of <typeparamref name="T"/> itself: a comparison returns a mask, <see cref="Select"/>
/// consumes one; for scalars a mask is 1 (true) or 0 (false), for lanes it is all bits set per lane.
/// Arithmetic (+ − × ÷, <see cref="Sqrt"/>) is IEEE-754 rounded to nearest and <see cref="MulAdd"/> rounds once, on
/// every backend (SIMD lanes, <see cref="F64"/>/<see cref="F32"/> on the CPU, and in PTX through <see cref="Ieee"/>):
/// the same inputs give the same bits on cpu, scalar, ilgpu-cpu and CUDA.
/// </remarks>
public interface IReal<T> where T : struct, IReal<T>
{
    static abstract T operator +(T a, T b);
    static abstract T operator -(T a, T b);
    static abstract T operator *(T a, T b);
    static abstract T operator /(T a, T b);
    static abstract T operator -(T a);

    /// <summary>The constant <paramref name="value"/> in every lane, rounded to the type's precision.</summary>
    static abstract T FromDouble(double value);

    /// <summary>a·b + c, fused: one rounding.</summary>
    static abstract T MulAdd(T a, T b, T c);

    static abstract T Sqrt(T x);
    /// <summary>The largest integer ≤ x (exact).</summary>
    static abstract T Floor(T x);

    /// <summary>
    /// 2^k for an integer-valued <paramref name="k"/>, exact; k is clamped to the type's normal exponent range
    /// ([−1022, 1023] for binary64, [−126, 127] for binary32), so the result is never subnormal or infinite.
    /// </summary>
    static abstract T PowerOfTwo(T k);

    /// <summary>The binary exponent ⌊log2 |x|⌋ of a normal number x (its biased exponent field minus the bias), exact.</summary>
    static abstract T Exponent(T x);

    /// <summary>
    /// The significand x·2^−<see cref="Exponent"/>(x) of a normal number x, in [1, 2) (the exponent field set to the bias; the
    /// sign dropped), exact: two bit operations instead of the scaling by <see cref="PowerOfTwo"/>.
    /// </summary>
    static abstract T Significand(T x);

    /// <summary>e^x, within a few ulp on every device (<see cref="Elementary.Exp{T}"/>); for <see cref="Dual{T}"/> with its derivative.</summary>
    static abstract T Exp(T x);

    /// <summary>ln x (NaN for x &lt; 0, −∞ at 0), within a few ulp (<see cref="Elementary.Log{T}"/>).</summary>
    static abstract T Log(T x);

    /// <summary>sin x, within a few ulp for |x| &lt; 2^20 (<see cref="Elementary.SinCos{T}"/>).</summary>
    static abstract T Sin(T x);

    /// <summary>cos x, within a few ulp for |x| &lt; 2^20 (<see cref="Elementary.SinCos{T}"/>).</summary>
    static abstract T Cos(T x);

    static abstract T Abs(T x);
    static abstract T Min(T a, T b);
    static abstract T Max(T a, T b);

    /// <summary>Mask of the lanes where a &lt; b.</summary>
    static abstract T LessThan(T a, T b);

    /// <summary>Mask of the lanes where a ≤ b.</summary>
    static abstract T LessOrEqual(T a, T b);

    /// <summary>Mask of the lanes holding a finite number (not NaN, not ±∞).</summary>
    static abstract T IsFinite(T x);

    /// <summary>Per lane: <paramref name="whenTrue"/> where <paramref name="mask"/> is set, else <paramref name="whenFalse"/>.</summary>
    static abstract T Select(T mask, T whenTrue, T whenFalse);

    static abstract T And(T maskA, T maskB);
    static abstract T Or(T maskA, T maskB);
    static abstract T AndNot(T mask, T remove);

    /// <summary>
    /// Standard normal numbers 2·<paramref name="pair"/> and 2·pair + 1 of <paramref name="stream"/> (one Box–Muller pair):
    /// lane l draws <see cref="CounterRandom.NormalPair"/> with the key of trajectory <c>stream.Trajectory + l</c>,
    /// always computed in double, so every backend and precision sees the same numbers (rounded to its type).
    /// </summary>
    static abstract void NormalPair(RandomStream stream, ulong pair, out T first, out T second);

    /// <summary>True when any lane of the mask is set.</summary>
    static abstract bool Any(T mask);

    /// <summary>True when every lane of the mask is set.</summary>
    static abstract bool All(T mask);

    /// <summary>The mask with every lane set.</summary>
    static abstract T True { get; }

    /// <summary>The mask with no lane set.</summary>
    static abstract T False { get; }
}
