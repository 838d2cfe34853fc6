namespace ClusterGpu.Kernels.Numbers;

/// <summary>
/// One hardware SIMD register of doubles or floats (<see cref="Simd512{TE}"/>, <see cref="Simd256{TE}"/>,
/// <see cref="Simd128{TE}"/>), the building block of <see cref="Lanes{TV}"/>. CPU only: never used in kernels.
/// Masks are all-bits-set per element.
/// </summary>
public interface ISimd<TSelf> where TSelf : struct, ISimd<TSelf>
{
    /// <summary>Elements per register (e.g. 8 doubles in 512 bits).</summary>
    static abstract int Count { get; }
    /// <summary>True when the running processor executes this register width natively.</summary>
    static abstract bool IsHardwareAccelerated { get; }
    static abstract TSelf Add(TSelf a, TSelf b);
    static abstract TSelf Subtract(TSelf a, TSelf b);
    static abstract TSelf Multiply(TSelf a, TSelf b);
    static abstract TSelf Divide(TSelf a, TSelf b);
    static abstract TSelf Negate(TSelf a);
    static abstract TSelf FusedMultiplyAdd(TSelf a, TSelf b, TSelf c);
    static abstract TSelf Sqrt(TSelf x);
    static abstract TSelf Abs(TSelf x);
    static abstract TSelf Min(TSelf a, TSelf b);
    static abstract TSelf Max(TSelf a, TSelf b);
    static abstract TSelf LessThan(TSelf a, TSelf b);
    static abstract TSelf LessOrEqual(TSelf a, TSelf b);
    static abstract TSelf IsFinite(TSelf x);
    static abstract TSelf Select(TSelf mask, TSelf whenTrue, TSelf whenFalse);
    static abstract TSelf And(TSelf a, TSelf b);
    static abstract TSelf Or(TSelf a, TSelf b);
    static abstract TSelf AndNot(TSelf a, TSelf remove);
    static abstract bool Any(TSelf mask);
    static abstract TSelf AllBitsSet { get; }
    static abstract TSelf Zero { get; }
    static abstract TSelf Broadcast(double value);
    /// <summary>Loads <see cref="Count"/> values, rounding each to the element type.</summary>
    static abstract TSelf Load(ReadOnlySpan<double> values);
    /// <summary>Stores the <see cref="Count"/> elements widened to double.</summary>
    static abstract void Store(TSelf x, Span<double> destination);
}
