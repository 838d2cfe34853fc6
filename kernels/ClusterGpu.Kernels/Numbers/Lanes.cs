using System.Runtime.CompilerServices;

namespace ClusterGpu.Kernels.Numbers;

/// <summary>
/// Many trajectories in SIMD lock-step: one hardware register of <typeparamref name="TV"/>, i.e.
/// <see cref="Width"/> = 8 doubles or 16 floats with AVX-512. Every operation is per lane; <see cref="MulAdd"/>
/// is a hardware fused multiply-add. CPU only. (Two registers per value for instruction-level parallelism
/// were measured 5× slower: the JIT stops promoting the nested structs to registers.)
/// </summary>
public readonly struct Lanes<TV>(TV a) : IReal<Lanes<TV>> where TV : struct, ISimd<TV>
{
    /// <summary>The register: lane i is trajectory i of the block.</summary>
    public readonly TV A = a;

    /// <summary>Trajectories carried by one value.</summary>
    public static int Width => TV.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> operator +(Lanes<TV> x, Lanes<TV> y) => new(TV.Add(x.A, y.A));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> operator -(Lanes<TV> x, Lanes<TV> y) => new(TV.Subtract(x.A, y.A));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> operator *(Lanes<TV> x, Lanes<TV> y) => new(TV.Multiply(x.A, y.A));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> operator /(Lanes<TV> x, Lanes<TV> y) => new(TV.Divide(x.A, y.A));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> operator -(Lanes<TV> x) => new(TV.Negate(x.A));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> FromDouble(double value) { return new(TV.Broadcast(value)); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> MulAdd(Lanes<TV> x, Lanes<TV> y, Lanes<TV> z) => new(TV.FusedMultiplyAdd(x.A, y.A, z.A));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> Sqrt(Lanes<TV> x) => new(TV.Sqrt(x.A));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> Abs(Lanes<TV> x) => new(TV.Abs(x.A));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> Min(Lanes<TV> x, Lanes<TV> y) => new(TV.Min(x.A, y.A));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> Max(Lanes<TV> x, Lanes<TV> y) => new(TV.Max(x.A, y.A));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> LessThan(Lanes<TV> x, Lanes<TV> y) => new(TV.LessThan(x.A, y.A));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> LessOrEqual(Lanes<TV> x, Lanes<TV> y) => new(TV.LessOrEqual(x.A, y.A));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> IsFinite(Lanes<TV> x) => new(TV.IsFinite(x.A));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> Select(Lanes<TV> mask, Lanes<TV> whenTrue, Lanes<TV> whenFalse) =>
        new(TV.Select(mask.A, whenTrue.A, whenFalse.A));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> And(Lanes<TV> x, Lanes<TV> y) => new(TV.And(x.A, y.A));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> Or(Lanes<TV> x, Lanes<TV> y) => new(TV.Or(x.A, y.A));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> AndNot(Lanes<TV> x, Lanes<TV> remove) => new(TV.AndNot(x.A, remove.A));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(Lanes<TV> mask) => TV.Any(mask.A);
    public static Lanes<TV> True { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(TV.AllBitsSet); }
    public static Lanes<TV> False { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(TV.Zero); }

    /// <summary>Loads <see cref="Width"/> values (one per lane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> Load(ReadOnlySpan<double> values) =>
        new(TV.Load(values[..TV.Count]));

    /// <summary>Stores the <see cref="Width"/> lanes widened to double.</summary>
    public static void Store(Lanes<TV> x, Span<double> destination)
    {
        TV.Store(x.A, destination[..TV.Count]);
    }
}
