using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ClusterGpu.Kernels.Random;

namespace ClusterGpu.Kernels.Numbers;

/// <summary>A 256-bit register of <typeparamref name="TE"/> (double or float): 256/64 FP64 or 256/32 FP32 trajectories in lock-step.</summary>
public readonly struct Simd256<TE>(Vector256<TE> v) : ISimd<Simd256<TE>> where TE : unmanaged, IBinaryFloatingPointIeee754<TE>
{
    /// <summary>The register.</summary>
    public readonly Vector256<TE> V = v;

    public static int Count => Vector256<TE>.Count;
    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256<TE> operator +(Simd256<TE> a, Simd256<TE> b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256<TE> operator -(Simd256<TE> a, Simd256<TE> b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256<TE> operator *(Simd256<TE> a, Simd256<TE> b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256<TE> operator /(Simd256<TE> a, Simd256<TE> b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256<TE> operator -(Simd256<TE> a) => new(-a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256<TE> FromDouble(double value) => new(Vector256.Create(TE.CreateTruncating(value)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<TE> MulAdd(Simd256<TE> a, Simd256<TE> b, Simd256<TE> c) =>
        typeof(TE) == typeof(double)
            ? new(Vector256.FusedMultiplyAdd(a.V.AsDouble(), b.V.AsDouble(), c.V.AsDouble()).As<double, TE>())
            : new(Vector256.FusedMultiplyAdd(a.V.AsSingle(), b.V.AsSingle(), c.V.AsSingle()).As<float, TE>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256<TE> Sqrt(Simd256<TE> x) => new(Vector256.Sqrt(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<TE> Floor(Simd256<TE> x) =>
        typeof(TE) == typeof(double) ? new(Vector256.Floor(x.V.AsDouble()).As<double, TE>()) : new(Vector256.Floor(x.V.AsSingle()).As<float, TE>());

    /// <summary>2^k per lane from the exponent field (k clamped to the normal range): exact.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<TE> PowerOfTwo(Simd256<TE> k) =>
        typeof(TE) == typeof(double)
            ? new(Vector256.ShiftLeft(Vector256.Min(Vector256.Max(Vector256.ConvertToInt64(k.V.AsDouble()), Vector256.Create(-1022L)), Vector256.Create(1023L)) + Vector256.Create(1023L), 52).As<long, TE>())
            : new(Vector256.ShiftLeft(Vector256.Min(Vector256.Max(Vector256.ConvertToInt32(k.V.AsSingle()), Vector256.Create(-126)), Vector256.Create(127)) + Vector256.Create(127), 23).As<int, TE>());

    /// <summary>The exponent field minus the bias, per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<TE> Exponent(Simd256<TE> x) =>
        typeof(TE) == typeof(double)
            ? new(Vector256.ConvertToDouble((Vector256.ShiftRightLogical(x.V.AsInt64(), 52) & Vector256.Create(0x7FFL)) - Vector256.Create(1023L)).As<double, TE>())
            : new(Vector256.ConvertToSingle((Vector256.ShiftRightLogical(x.V.AsInt32(), 23) & Vector256.Create(0xFF)) - Vector256.Create(127)).As<float, TE>());

    /// <summary>The fraction field under the exponent field of 1, per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<TE> Significand(Simd256<TE> x) =>
        typeof(TE) == typeof(double)
            ? new(((x.V.AsInt64() & Vector256.Create(0x000F_FFFF_FFFF_FFFFL)) | Vector256.Create(0x3FF0_0000_0000_0000L)).As<long, TE>())
            : new(((x.V.AsInt32() & Vector256.Create(0x007F_FFFF)) | Vector256.Create(0x3F80_0000)).As<int, TE>());

    public static Simd256<TE> Exp(Simd256<TE> x) => Elementary.Exp(x);
    public static Simd256<TE> Log(Simd256<TE> x) => Elementary.Log(x);
    public static Simd256<TE> Sin(Simd256<TE> x) { Elementary.SinCos(x, out var sin, out _); return sin; }
    public static Simd256<TE> Cos(Simd256<TE> x) { Elementary.SinCos(x, out _, out var cos); return cos; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256<TE> Abs(Simd256<TE> x) => new(Vector256.Abs(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256<TE> Min(Simd256<TE> a, Simd256<TE> b) => new(Vector256.ConditionalSelect(Vector256.LessThan(a.V, b.V), a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256<TE> Max(Simd256<TE> a, Simd256<TE> b) => new(Vector256.ConditionalSelect(Vector256.GreaterThan(a.V, b.V), a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256<TE> LessThan(Simd256<TE> a, Simd256<TE> b) => new(Vector256.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256<TE> LessOrEqual(Simd256<TE> a, Simd256<TE> b) => new(Vector256.LessThanOrEqual(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256<TE> IsFinite(Simd256<TE> x) => new(Vector256.Equals(x.V - x.V, Vector256<TE>.Zero));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256<TE> Select(Simd256<TE> mask, Simd256<TE> whenTrue, Simd256<TE> whenFalse) => new(Vector256.ConditionalSelect(mask.V, whenTrue.V, whenFalse.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256<TE> And(Simd256<TE> maskA, Simd256<TE> maskB) => new(maskA.V & maskB.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256<TE> Or(Simd256<TE> maskA, Simd256<TE> maskB) => new(maskA.V | maskB.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256<TE> AndNot(Simd256<TE> mask, Simd256<TE> remove) => new(Vector256.AndNot(mask.V, remove.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(Simd256<TE> mask) => Vector256.ExtractMostSignificantBits(mask.V) != 0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool All(Simd256<TE> mask) => Vector256.ExtractMostSignificantBits(mask.V) == (1UL << Vector256<TE>.Count) - 1;
    /// <summary>
    /// Each lane's normal pair (<see cref="CounterRandom.NormalPair"/>): uniforms from the scalar generator, the
    /// <see cref="BoxMuller"/> transform 4 lanes at a time in double precision (rounded to float for FP32 lanes).
    /// </summary>
    public static void NormalPair(RandomStream stream, ulong pair, out Simd256<TE> first, out Simd256<TE> second)
    {
        if (typeof(TE) == typeof(double))
        {
            DoubleNormalPair(stream, pair, out var cosine, out var sine);
            (first, second) = (new(cosine.As<double, TE>()), new(sine.As<double, TE>()));
            return;
        }
        DoubleNormalPair(stream, pair, out var lowCosine, out var lowSine);
        DoubleNormalPair(new RandomStream(stream.Seed, stream.Trajectory + Vector256<double>.Count), pair, out var highCosine, out var highSine);
        (first, second) = (new(Vector256.Narrow(lowCosine, highCosine).As<float, TE>()), new(Vector256.Narrow(lowSine, highSine).As<float, TE>()));
    }

    private static void DoubleNormalPair(RandomStream stream, ulong pair, out Vector256<double> cosine, out Vector256<double> sine)
    {
        Span<double> u1 = stackalloc double[Vector256<double>.Count], u2 = stackalloc double[Vector256<double>.Count];
        CounterRandom.UniformPairs(stream, pair, u1, u2);
        BoxMuller.Transform(new Simd256<double>(Vector256.Create<double>(u1)), new Simd256<double>(Vector256.Create<double>(u2)), out var c, out var s);
        (cosine, sine) = (c.V, s.V);
    }
    public static Simd256<TE> True { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector256<TE>.AllBitsSet); }
    public static Simd256<TE> False { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector256<TE>.Zero); }

    /// <summary>Doubles: one vector load; floats: two vectors of doubles narrowed, each rounded to nearest as <c>(float)</c> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<TE> Load(ReadOnlySpan<double> values)
    {
        int half = Vector256<double>.Count;
        if (typeof(TE) == typeof(double)) return new(Vector256.Create(values[..half]).As<double, TE>());
        return new(Vector256.Narrow(Vector256.Create(values[..half]), Vector256.Create(values.Slice(half, half))).As<float, TE>());
    }

    /// <summary>Doubles: one vector store; floats: widened exactly to two vectors of doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd256<TE> x, Span<double> destination)
    {
        int half = Vector256<double>.Count;
        if (typeof(TE) == typeof(double))
        {
            x.V.As<TE, double>().CopyTo(destination);
            return;
        }
        var (low, high) = Vector256.Widen(x.V.As<TE, float>());
        low.CopyTo(destination);
        high.CopyTo(destination[half..]);
    }
}
