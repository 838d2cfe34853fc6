using System.Runtime.CompilerServices;

namespace ClusterGpu.Kernels.Numbers;

/// <summary>
/// Many trajectories in SIMD lock-step: two independent registers of <typeparamref name="TV"/> (two for
/// instruction-level parallelism: the FMA pipes stay busy while one chain waits), i.e.
/// <see cref="Width"/> = 2 × register elements (16 doubles with AVX-512). Every operation is per lane;
/// <see cref="MulAdd"/> is a hardware fused multiply-add. CPU only.
/// </summary>
public readonly struct Lanes<TV>(TV a, TV b) : IReal<Lanes<TV>> where TV : struct, ISimd<TV>
{
    /// <summary>Lanes 0 … Count−1.</summary>
    public readonly TV A = a;
    /// <summary>Lanes Count … 2·Count−1.</summary>
    public readonly TV B = b;

    /// <summary>Trajectories carried by one value.</summary>
    public static int Width => 2 * TV.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> operator +(Lanes<TV> x, Lanes<TV> y) => new(TV.Add(x.A, y.A), TV.Add(x.B, y.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> operator -(Lanes<TV> x, Lanes<TV> y) => new(TV.Subtract(x.A, y.A), TV.Subtract(x.B, y.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> operator *(Lanes<TV> x, Lanes<TV> y) => new(TV.Multiply(x.A, y.A), TV.Multiply(x.B, y.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> operator /(Lanes<TV> x, Lanes<TV> y) => new(TV.Divide(x.A, y.A), TV.Divide(x.B, y.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> operator -(Lanes<TV> x) => new(TV.Negate(x.A), TV.Negate(x.B));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> FromDouble(double value) { var v = TV.Broadcast(value); return new(v, v); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> MulAdd(Lanes<TV> x, Lanes<TV> y, Lanes<TV> z) => new(TV.FusedMultiplyAdd(x.A, y.A, z.A), TV.FusedMultiplyAdd(x.B, y.B, z.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> Sqrt(Lanes<TV> x) => new(TV.Sqrt(x.A), TV.Sqrt(x.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> Abs(Lanes<TV> x) => new(TV.Abs(x.A), TV.Abs(x.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> Min(Lanes<TV> x, Lanes<TV> y) => new(TV.Min(x.A, y.A), TV.Min(x.B, y.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> Max(Lanes<TV> x, Lanes<TV> y) => new(TV.Max(x.A, y.A), TV.Max(x.B, y.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> LessThan(Lanes<TV> x, Lanes<TV> y) => new(TV.LessThan(x.A, y.A), TV.LessThan(x.B, y.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> LessOrEqual(Lanes<TV> x, Lanes<TV> y) => new(TV.LessOrEqual(x.A, y.A), TV.LessOrEqual(x.B, y.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> IsFinite(Lanes<TV> x) => new(TV.IsFinite(x.A), TV.IsFinite(x.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> Select(Lanes<TV> mask, Lanes<TV> whenTrue, Lanes<TV> whenFalse) =>
        new(TV.Select(mask.A, whenTrue.A, whenFalse.A), TV.Select(mask.B, whenTrue.B, whenFalse.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> And(Lanes<TV> x, Lanes<TV> y) => new(TV.And(x.A, y.A), TV.And(x.B, y.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> Or(Lanes<TV> x, Lanes<TV> y) => new(TV.Or(x.A, y.A), TV.Or(x.B, y.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> AndNot(Lanes<TV> x, Lanes<TV> remove) => new(TV.AndNot(x.A, remove.A), TV.AndNot(x.B, remove.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(Lanes<TV> mask) => TV.Any(TV.Or(mask.A, mask.B));
    public static Lanes<TV> True => new(TV.AllBitsSet, TV.AllBitsSet);
    public static Lanes<TV> False => new(TV.Zero, TV.Zero);

    /// <summary>Loads <see cref="Width"/> values (one per lane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes<TV> Load(ReadOnlySpan<double> values) =>
        new(TV.Load(values[..TV.Count]), TV.Load(values.Slice(TV.Count, TV.Count)));

    /// <summary>Stores the <see cref="Width"/> lanes widened to double.</summary>
    public static void Store(Lanes<TV> x, Span<double> destination)
    {
        TV.Store(x.A, destination[..TV.Count]);
        TV.Store(x.B, destination.Slice(TV.Count, TV.Count));
    }
}
