namespace ClusterGpu.Kernels.Numbers;

/// <summary>
/// Many trajectories in SIMD lock-step: one hardware register (<see cref="Simd512{TE}"/>, <see cref="Simd256{TE}"/>,
/// <see cref="Simd128{TE}"/>) of doubles or floats, lane i holding trajectory i of a block. Every operation of
/// <see cref="IReal{T}"/> is per lane and rounds as <see cref="F64"/> / <see cref="F32"/> do (<c>MulAdd</c> a hardware
/// fused multiply-add; <c>Min</c>/<c>Max</c> a &lt; b ? a : b and a &gt; b ? a : b, NaN and ±0 included), so every lane
/// holds the bits the scalar types compute. Masks are all bits set per lane. CPU only: never used in GPU kernels.
/// </summary>
/// <remarks>
/// One register per value, no wrapper around it: every extra struct layer doubles the candidates of the .NET
/// JIT's inliner, and a 7-stage step then reaches the inliner's limit of 512 locals per method (measured: two registers per value ran Lorenz
/// RK4 at 1.6e8 instead of 8.5e8 trajectory-steps/s).
/// </remarks>
public interface ISimd<TSelf> : IReal<TSelf> where TSelf : struct, ISimd<TSelf>
{
    /// <summary>Lanes per register (e.g. 8 doubles in 512 bits).</summary>
    static abstract int Count { get; }

    /// <summary>True when the running processor executes this register width natively.</summary>
    static abstract bool IsHardwareAccelerated { get; }

    /// <summary>Loads <see cref="Count"/> values (one per lane), rounding each to the element type.</summary>
    static abstract TSelf Load(ReadOnlySpan<double> values);

    /// <summary>Stores the <see cref="Count"/> lanes widened to double.</summary>
    static abstract void Store(TSelf x, Span<double> destination);
}
