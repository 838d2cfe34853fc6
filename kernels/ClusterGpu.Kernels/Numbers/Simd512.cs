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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<TE> Floor(Simd512<TE> x) =>
        typeof(TE) == typeof(double) ? new(Vector512.Floor(x.V.AsDouble()).As<double, TE>()) : new(Vector512.Floor(x.V.AsSingle()).As<float, TE>());

    /// <summary>2^k per lane from the exponent field (k clamped to the normal range): exact.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<TE> PowerOfTwo(Simd512<TE> k) =>
        typeof(TE) == typeof(double)
            ? new(Vector512.ShiftLeft(Vector512.Min(Vector512.Max(Vector512.ConvertToInt64(k.V.AsDouble()), Vector512.Create(-1022L)), Vector512.Create(1023L)) + Vector512.Create(1023L), 52).As<long, TE>())
            : new(Vector512.ShiftLeft(Vector512.Min(Vector512.Max(Vector512.ConvertToInt32(k.V.AsSingle()), Vector512.Create(-126)), Vector512.Create(127)) + Vector512.Create(127), 23).As<int, TE>());

    /// <summary>The exponent field minus the bias, per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<TE> Exponent(Simd512<TE> x) =>
        typeof(TE) == typeof(double)
            ? new(Vector512.ConvertToDouble((Vector512.ShiftRightLogical(x.V.AsInt64(), 52) & Vector512.Create(0x7FFL)) - Vector512.Create(1023L)).As<double, TE>())
            : new(Vector512.ConvertToSingle((Vector512.ShiftRightLogical(x.V.AsInt32(), 23) & Vector512.Create(0xFF)) - Vector512.Create(127)).As<float, TE>());

    /// <summary>The fraction field under the exponent field of 1, per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<TE> Significand(Simd512<TE> x) =>
        typeof(TE) == typeof(double)
            ? new(((x.V.AsInt64() & Vector512.Create(0x000F_FFFF_FFFF_FFFFL)) | Vector512.Create(0x3FF0_0000_0000_0000L)).As<long, TE>())
            : new(((x.V.AsInt32() & Vector512.Create(0x007F_FFFF)) | Vector512.Create(0x3F80_0000)).As<int, TE>());

    public static Simd512<TE> Exp(Simd512<TE> x) => Elementary.Exp(x);
    public static Simd512<TE> Log(Simd512<TE> x) => Elementary.Log(x);
    public static Simd512<TE> Sin(Simd512<TE> x) { Elementary.SinCos(x, out var sin, out _); return sin; }
    public static Simd512<TE> Cos(Simd512<TE> x) { Elementary.SinCos(x, out _, out var cos); return cos; }

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
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool All(Simd512<TE> mask) => Vector512.ExtractMostSignificantBits(mask.V) == (1UL << Vector512<TE>.Count) - 1;
    /// <summary>
    /// Each lane's normal pair (<see cref="CounterRandom.NormalPair"/>): the counter hashing in 64-bit integer lanes and the
    /// <see cref="BoxMuller"/> transform, 8 lanes at a time in double precision (rounded to float for FP32 lanes).
    /// </summary>
    public static void NormalPair(RandomStream stream, ulong pair, out Simd512<TE> first, out Simd512<TE> second)
    {
        if (typeof(TE) == typeof(double))
        {
            DoubleNormalPair(stream, pair, out var cosine, out var sine);
            (first, second) = (new(cosine.As<double, TE>()), new(sine.As<double, TE>()));
            return;
        }
        DoubleNormalPair(stream, pair, out var lowCosine, out var lowSine);
        DoubleNormalPair(new RandomStream(stream.Seed, stream.Trajectory + Vector512<double>.Count), pair, out var highCosine, out var highSine);
        (first, second) = (new(Vector512.Narrow(lowCosine, highCosine).As<float, TE>()), new(Vector512.Narrow(lowSine, highSine).As<float, TE>()));
    }

    private static void DoubleNormalPair(RandomStream stream, ulong pair, out Vector512<double> cosine, out Vector512<double> sine)
    {
        // CounterRandom.Key and CounterRandom.Uniform for eight lanes at once (64-bit integer lanes: exact, the same bits).
        var trajectories = Vector512.Create((ulong)stream.Trajectory) + Vector512<ulong>.Indices;
        var keys = Mix(Vector512.Create(CounterRandom.Mix(stream.Seed)) ^ trajectories);
        var u1 = Uniform(keys, pair << 1);
        var u2 = Uniform(keys, (pair << 1) + 1);
        BoxMuller.Transform(new Simd512<double>(u1), new Simd512<double>(u2), out var c, out var s);
        (cosine, sine) = (c.V, s.V);
    }

    /// <summary><see cref="CounterRandom.Mix"/> per lane.</summary>
    private static Vector512<ulong> Mix(Vector512<ulong> z)
    {
        z += Vector512.Create(CounterRandom.Golden);
        z = (z ^ Vector512.ShiftRightLogical(z, 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ Vector512.ShiftRightLogical(z, 27)) * Vector512.Create(0x94D049BB133111EBUL);
        return z ^ Vector512.ShiftRightLogical(z, 31);
    }

    /// <summary><see cref="CounterRandom.Uniform"/> per lane.</summary>
    private static Vector512<double> Uniform(Vector512<ulong> keys, ulong counter) =>
        (Vector512.ConvertToDouble(Vector512.ShiftRightLogical(Mix(keys + Vector512.Create(counter * CounterRandom.Golden)), 11)) + Vector512.Create(0.5))
        * Vector512.Create(1.0 / 9007199254740992.0);

    public static Simd512<TE> True { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector512<TE>.AllBitsSet); }
    public static Simd512<TE> False { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector512<TE>.Zero); }

    /// <summary>Doubles: one vector load; floats: two vectors of doubles narrowed, each rounded to nearest as <c>(float)</c> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<TE> Load(ReadOnlySpan<double> values)
    {
        int half = Vector512<double>.Count;
        if (typeof(TE) == typeof(double)) return new(Vector512.Create(values[..half]).As<double, TE>());
        return new(Vector512.Narrow(Vector512.Create(values[..half]), Vector512.Create(values.Slice(half, half))).As<float, TE>());
    }

    /// <summary>Doubles: one vector store; floats: widened exactly to two vectors of doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd512<TE> x, Span<double> destination)
    {
        int half = Vector512<double>.Count;
        if (typeof(TE) == typeof(double))
        {
            x.V.As<TE, double>().CopyTo(destination);
            return;
        }
        var (low, high) = Vector512.Widen(x.V.As<TE, float>());
        low.CopyTo(destination);
        high.CopyTo(destination[half..]);
    }
}
