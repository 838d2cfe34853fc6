using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Random;
using ILGPU;

namespace ClusterGpu.Kernels.Numbers;

/// <summary>
/// One IEEE-754 binary64 number: the FP64 scalar of GPU kernels. Its arithmetic is <see cref="Ieee"/>'s (rounded to nearest,
/// MulAdd fused, also in PTX). Masks are 1 (true) / 0 (false).
/// </summary>
public readonly struct F64(double value) : IScalar<F64>
{
    /// <summary>The number.</summary>
    public readonly double Value = value;

    public static F64 operator +(F64 a, F64 b) => new(Ieee.Add(a.Value, b.Value));
    public static F64 operator -(F64 a, F64 b) => new(Ieee.Sub(a.Value, b.Value));
    public static F64 operator *(F64 a, F64 b) => new(Ieee.Mul(a.Value, b.Value));
    public static F64 operator /(F64 a, F64 b) => new(Ieee.Div(a.Value, b.Value));
    public static F64 operator -(F64 a) => new(-a.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static F64 FromDouble(double value) => new(value);
    /// <summary>a·b + c with one rounding (<see cref="Ieee.MulAdd(double, double, double)"/>).</summary>
    public static F64 MulAdd(F64 a, F64 b, F64 c) => new(Ieee.MulAdd(a.Value, b.Value, c.Value));
    public static F64 Sqrt(F64 x) => new(Ieee.Sqrt(x.Value));
    public static F64 Floor(F64 x) => new(Ieee.Floor(x.Value));
    /// <summary>2^k from the exponent field (k clamped to [-1022, 1023]): exact.</summary>
    public static F64 PowerOfTwo(F64 k) => new(Interop.IntAsFloat((ulong)(Math.Max(Math.Min((long)k.Value, 1023L), -1022L) + 1023) << 52));
    /// <summary>The exponent field minus the bias.</summary>
    public static F64 Exponent(F64 x) => new((double)((long)((Interop.FloatAsInt(x.Value) >> 52) & 0x7FF) - 1023));
    /// <summary>The fraction field under the exponent field of 1.</summary>
    public static F64 Significand(F64 x) => new(Interop.IntAsFloat((Interop.FloatAsInt(x.Value) & 0x000F_FFFF_FFFF_FFFFUL) | 0x3FF0_0000_0000_0000UL));
    public static F64 Exp(F64 x) => Elementary.Exp(x);
    public static F64 Log(F64 x) => Elementary.Log(x);
    public static F64 Sin(F64 x) { Elementary.SinCos(x, out var sin, out _); return sin; }
    public static F64 Cos(F64 x) { Elementary.SinCos(x, out _, out var cos); return cos; }
    public static F64 Abs(F64 x) => new(Math.Abs(x.Value));
    public static F64 Min(F64 a, F64 b) => new(a.Value < b.Value ? a.Value : b.Value);
    public static F64 Max(F64 a, F64 b) => new(a.Value > b.Value ? a.Value : b.Value);
    public static F64 LessThan(F64 a, F64 b) => new(a.Value < b.Value ? 1.0 : 0.0);
    public static F64 LessOrEqual(F64 a, F64 b) => new(a.Value <= b.Value ? 1.0 : 0.0);
    public static F64 IsFinite(F64 x) => new(Ieee.Sub(x.Value, x.Value) == 0.0 ? 1.0 : 0.0);
    public static F64 Select(F64 mask, F64 whenTrue, F64 whenFalse) => mask.Value != 0.0 ? whenTrue : whenFalse;
    public static F64 And(F64 maskA, F64 maskB) => new(maskA.Value != 0.0 && maskB.Value != 0.0 ? 1.0 : 0.0);
    public static F64 Or(F64 maskA, F64 maskB) => new(maskA.Value != 0.0 || maskB.Value != 0.0 ? 1.0 : 0.0);
    public static F64 AndNot(F64 mask, F64 remove) => new(mask.Value != 0.0 && remove.Value == 0.0 ? 1.0 : 0.0);
    public static bool Any(F64 mask) => mask.Value != 0.0;
    public static bool All(F64 mask) => mask.Value != 0.0;
    public static void NormalPair(RandomStream stream, ulong pair, out F64 first, out F64 second)
    {
        CounterRandom.NormalPair(stream.Key(0), pair, out double a, out double b);
        first = new(a);
        second = new(b);
    }
    public static F64 True => new(1.0);
    public static double ToDouble(F64 x) => x.Value;
    public static F64 False => new(0.0);

    public override string ToString() => Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
