using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ClusterGpu.Kernels.Random;

namespace ClusterGpu.Kernels.Numbers;

/// <summary>A 512-bit register of <typeparamref name="TE"/> (double or float): 512/64 FP64 or 512/32 FP32 trajectories in lock-step.</summary>
public readonly struct Simd512<TE>(Vector512<TE> v) : ISimd<Simd512<TE>> where TE : unmanaged, IBinaryFloatingPointIeee754<TE>
{
    /// <summary>The register.</summary>
    public readonly Vector512<TE> V = v;

    public static int Count => Vector512<TE>.Count;
    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512<TE> operator +(Simd512<TE> a, Simd512<TE> b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512<TE> operator -(Simd512<TE> a, Simd512<TE> b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512<TE> operator *(Simd512<TE> a, Simd512<TE> b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512<TE> operator /(Simd512<TE> a, Simd512<TE> b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512<TE> operator -(Simd512<TE> a) => new(-a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512<TE> FromDouble(double value) => new(Vector512.Create(TE.CreateTruncating(value)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<TE> MulAdd(Simd512<TE> a, Simd512<TE> b, Simd512<TE> c) =>
        typeof(TE) == typeof(double)
            ? new(Vector512.FusedMultiplyAdd(a.V.AsDouble(), b.V.AsDouble(), c.V.AsDouble()).As<double, TE>())
            : new(Vector512.FusedMultiplyAdd(a.V.AsSingle(), b.V.AsSingle(), c.V.AsSingle()).As<float, TE>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512<TE> Sqrt(Simd512<TE> x) => new(Vector512.Sqrt(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512<TE> Abs(Simd512<TE> x) => new(Vector512.Abs(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512<TE> Min(Simd512<TE> a, Simd512<TE> b) => new(Vector512.ConditionalSelect(Vector512.LessThan(a.V, b.V), a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512<TE> Max(Simd512<TE> a, Simd512<TE> b) => new(Vector512.ConditionalSelect(Vector512.GreaterThan(a.V, b.V), a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512<TE> LessThan(Simd512<TE> a, Simd512<TE> b) => new(Vector512.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512<TE> LessOrEqual(Simd512<TE> a, Simd512<TE> b) => new(Vector512.LessThanOrEqual(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512<TE> IsFinite(Simd512<TE> x) => new(Vector512.Equals(x.V - x.V, Vector512<TE>.Zero));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512<TE> Select(Simd512<TE> mask, Simd512<TE> whenTrue, Simd512<TE> whenFalse) => new(Vector512.ConditionalSelect(mask.V, whenTrue.V, whenFalse.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512<TE> And(Simd512<TE> maskA, Simd512<TE> maskB) => new(maskA.V & maskB.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512<TE> Or(Simd512<TE> maskA, Simd512<TE> maskB) => new(maskA.V | maskB.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512<TE> AndNot(Simd512<TE> mask, Simd512<TE> remove) => new(Vector512.AndNot(mask.V, remove.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(Simd512<TE> mask) => Vector512.ExtractMostSignificantBits(mask.V) != 0;
    /// <summary>Each lane's normal from the scalar generator (<see cref="CounterRandom.Normals"/>), loaded into the register.</summary>
    public static Simd512<TE> Normal(RandomStream stream, ulong counter)
    {
        Span<double> lanes = stackalloc double[Count];
        CounterRandom.Normals(stream, counter, lanes);
        return Load(lanes);
    }
    public static Simd512<TE> True { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector512<TE>.AllBitsSet); }
    public static Simd512<TE> False { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector512<TE>.Zero); }

    public static Simd512<TE> Load(ReadOnlySpan<double> values)
    {
        Span<TE> elements = stackalloc TE[Vector512<TE>.Count];
        for (int i = 0; i < elements.Length; i++) elements[i] = TE.CreateTruncating(values[i]);
        return new(Vector512.Create<TE>(elements));
    }

    public static void Store(Simd512<TE> x, Span<double> destination)
    {
        for (int i = 0; i < Vector512<TE>.Count; i++) destination[i] = double.CreateTruncating(x.V[i]);
    }
}
