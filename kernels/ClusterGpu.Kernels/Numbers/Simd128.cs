using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ClusterGpu.Kernels.Random;

namespace ClusterGpu.Kernels.Numbers;

/// <summary>A 128-bit register of <typeparamref name="TE"/> (double or float): 128/64 FP64 or 128/32 FP32 trajectories in lock-step.</summary>
public readonly struct Simd128<TE>(Vector128<TE> v) : ISimd<Simd128<TE>> where TE : unmanaged, IBinaryFloatingPointIeee754<TE>
{
    /// <summary>The register.</summary>
    public readonly Vector128<TE> V = v;

    public static int Count => Vector128<TE>.Count;
    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128<TE> operator +(Simd128<TE> a, Simd128<TE> b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128<TE> operator -(Simd128<TE> a, Simd128<TE> b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128<TE> operator *(Simd128<TE> a, Simd128<TE> b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128<TE> operator /(Simd128<TE> a, Simd128<TE> b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128<TE> operator -(Simd128<TE> a) => new(-a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128<TE> FromDouble(double value) => new(Vector128.Create(TE.CreateTruncating(value)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<TE> MulAdd(Simd128<TE> a, Simd128<TE> b, Simd128<TE> c) =>
        typeof(TE) == typeof(double)
            ? new(Vector128.FusedMultiplyAdd(a.V.AsDouble(), b.V.AsDouble(), c.V.AsDouble()).As<double, TE>())
            : new(Vector128.FusedMultiplyAdd(a.V.AsSingle(), b.V.AsSingle(), c.V.AsSingle()).As<float, TE>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128<TE> Sqrt(Simd128<TE> x) => new(Vector128.Sqrt(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<TE> Floor(Simd128<TE> x) =>
        typeof(TE) == typeof(double) ? new(Vector128.Floor(x.V.AsDouble()).As<double, TE>()) : new(Vector128.Floor(x.V.AsSingle()).As<float, TE>());

    /// <summary>2^k per lane from the exponent field (k clamped to the normal range): exact.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<TE> PowerOfTwo(Simd128<TE> k) =>
        typeof(TE) == typeof(double)
            ? new(Vector128.ShiftLeft(Vector128.Min(Vector128.Max(Vector128.ConvertToInt64(k.V.AsDouble()), Vector128.Create(-1022L)), Vector128.Create(1023L)) + Vector128.Create(1023L), 52).As<long, TE>())
            : new(Vector128.ShiftLeft(Vector128.Min(Vector128.Max(Vector128.ConvertToInt32(k.V.AsSingle()), Vector128.Create(-126)), Vector128.Create(127)) + Vector128.Create(127), 23).As<int, TE>());

    /// <summary>The exponent field minus the bias, per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<TE> Exponent(Simd128<TE> x) =>
        typeof(TE) == typeof(double)
            ? new(Vector128.ConvertToDouble((Vector128.ShiftRightLogical(x.V.AsInt64(), 52) & Vector128.Create(0x7FFL)) - Vector128.Create(1023L)).As<double, TE>())
            : new(Vector128.ConvertToSingle((Vector128.ShiftRightLogical(x.V.AsInt32(), 23) & Vector128.Create(0xFF)) - Vector128.Create(127)).As<float, TE>());

    /// <summary>The fraction field under the exponent field of 1, per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<TE> Significand(Simd128<TE> x) =>
        typeof(TE) == typeof(double)
            ? new(((x.V.AsInt64() & Vector128.Create(0x000F_FFFF_FFFF_FFFFL)) | Vector128.Create(0x3FF0_0000_0000_0000L)).As<long, TE>())
            : new(((x.V.AsInt32() & Vector128.Create(0x007F_FFFF)) | Vector128.Create(0x3F80_0000)).As<int, TE>());

    public static Simd128<TE> Exp(Simd128<TE> x) => Elementary.Exp(x);
    public static Simd128<TE> Log(Simd128<TE> x) => Elementary.Log(x);
    public static Simd128<TE> Sin(Simd128<TE> x) { Elementary.SinCos(x, out var sin, out _); return sin; }
    public static Simd128<TE> Cos(Simd128<TE> x) { Elementary.SinCos(x, out _, out var cos); return cos; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128<TE> Abs(Simd128<TE> x) => new(Vector128.Abs(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128<TE> Min(Simd128<TE> a, Simd128<TE> b) => new(Vector128.ConditionalSelect(Vector128.LessThan(a.V, b.V), a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128<TE> Max(Simd128<TE> a, Simd128<TE> b) => new(Vector128.ConditionalSelect(Vector128.GreaterThan(a.V, b.V), a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128<TE> LessThan(Simd128<TE> a, Simd128<TE> b) => new(Vector128.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128<TE> LessOrEqual(Simd128<TE> a, Simd128<TE> b) => new(Vector128.LessThanOrEqual(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128<TE> IsFinite(Simd128<TE> x) => new(Vector128.Equals(x.V - x.V, Vector128<TE>.Zero));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128<TE> Select(Simd128<TE> mask, Simd128<TE> whenTrue, Simd128<TE> whenFalse) => new(Vector128.ConditionalSelect(mask.V, whenTrue.V, whenFalse.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128<TE> And(Simd128<TE> maskA, Simd128<TE> maskB) => new(maskA.V & maskB.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128<TE> Or(Simd128<TE> maskA, Simd128<TE> maskB) => new(maskA.V | maskB.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128<TE> AndNot(Simd128<TE> mask, Simd128<TE> remove) => new(Vector128.AndNot(mask.V, remove.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(Simd128<TE> mask) => Vector128.ExtractMostSignificantBits(mask.V) != 0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool All(Simd128<TE> mask) => Vector128.ExtractMostSignificantBits(mask.V) == (1UL << Vector128<TE>.Count) - 1;
    /// <summary>
    /// Each lane's normal pair (<see cref="CounterRandom.NormalPair"/>): uniforms from the scalar generator, the
    /// <see cref="BoxMuller"/> transform 2 lanes at a time in double precision (rounded to float for FP32 lanes).
    /// </summary>
    public static void NormalPair(RandomStream stream, ulong pair, out Simd128<TE> first, out Simd128<TE> second)
    {
        if (typeof(TE) == typeof(double))
        {
            DoubleNormalPair(stream, pair, out var cosine, out var sine);
            (first, second) = (new(cosine.As<double, TE>()), new(sine.As<double, TE>()));
            return;
        }
        DoubleNormalPair(stream, pair, out var lowCosine, out var lowSine);
        DoubleNormalPair(new RandomStream(stream.Seed, stream.Trajectory + Vector128<double>.Count), pair, out var highCosine, out var highSine);
        (first, second) = (new(Vector128.Narrow(lowCosine, highCosine).As<float, TE>()), new(Vector128.Narrow(lowSine, highSine).As<float, TE>()));
    }

    private static void DoubleNormalPair(RandomStream stream, ulong pair, out Vector128<double> cosine, out Vector128<double> sine)
    {
        Span<double> u1 = stackalloc double[Vector128<double>.Count], u2 = stackalloc double[Vector128<double>.Count];
        CounterRandom.UniformPairs(stream, pair, u1, u2);
        BoxMuller.Transform(new Simd128<double>(Vector128.Create<double>(u1)), new Simd128<double>(Vector128.Create<double>(u2)), out var c, out var s);
        (cosine, sine) = (c.V, s.V);
    }
    public static Simd128<TE> True { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector128<TE>.AllBitsSet); }
    public static Simd128<TE> False { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector128<TE>.Zero); }

    /// <summary>Doubles: one vector load; floats: two vectors of doubles narrowed, each rounded to nearest as <c>(float)</c> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<TE> Load(ReadOnlySpan<double> values)
    {
        int half = Vector128<double>.Count;
        if (typeof(TE) == typeof(double)) return new(Vector128.Create(values[..half]).As<double, TE>());
        return new(Vector128.Narrow(Vector128.Create(values[..half]), Vector128.Create(values.Slice(half, half))).As<float, TE>());
    }

    /// <summary>Doubles: one vector store; floats: widened exactly to two vectors of doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd128<TE> x, Span<double> destination)
    {
        int half = Vector128<double>.Count;
        if (typeof(TE) == typeof(double))
        {
            x.V.As<TE, double>().CopyTo(destination);
            return;
        }
        var (low, high) = Vector128.Widen(x.V.As<TE, float>());
        low.CopyTo(destination);
        high.CopyTo(destination[half..]);
    }
}
