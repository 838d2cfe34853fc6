using ClusterGpu.Kernels.Random;
using ILGPU;

namespace ClusterGpu.Kernels.Numbers;

/// <summary>
/// One IEEE-754 binary32 number: the FP32 scalar of GPU kernels. Its arithmetic is <see cref="Ieee"/>'s (rounded to nearest,
/// MulAdd fused, also in PTX). Masks are 1 (true) / 0 (false).
/// </summary>
public readonly struct F32(float value) : IScalar<F32>
{
    /// <summary>The number.</summary>
    public readonly float Value = value;

    public static F32 operator +(F32 a, F32 b) => new(Ieee.Add(a.Value, b.Value));
    public static F32 operator -(F32 a, F32 b) => new(Ieee.Sub(a.Value, b.Value));
    public static F32 operator *(F32 a, F32 b) => new(Ieee.Mul(a.Value, b.Value));
    public static F32 operator /(F32 a, F32 b) => new(Ieee.Div(a.Value, b.Value));
    public static F32 operator -(F32 a) => new(-a.Value);

    public static F32 FromDouble(double value) => new((float)value);
    /// <summary>a·b + c with one rounding (<see cref="Ieee.MulAdd(float, float, float)"/>).</summary>
    public static F32 MulAdd(F32 a, F32 b, F32 c) => new(Ieee.MulAdd(a.Value, b.Value, c.Value));
    public static F32 Sqrt(F32 x) => new(Ieee.Sqrt(x.Value));
    public static F32 Floor(F32 x) => new(Ieee.Floor(x.Value));
    /// <summary>2^k from the exponent field (k clamped to [-126, 127]): exact.</summary>
    public static F32 PowerOfTwo(F32 k) => new(Interop.IntAsFloat((uint)(Math.Max(Math.Min((int)k.Value, 127), -126) + 127) << 23));
    /// <summary>The exponent field minus the bias.</summary>
    public static F32 Exponent(F32 x) => new((float)((int)((Interop.FloatAsInt(x.Value) >> 23) & 0xFF) - 127));
    /// <summary>The fraction field under the exponent field of 1.</summary>
    public static F32 Significand(F32 x) => new(Interop.IntAsFloat((Interop.FloatAsInt(x.Value) & 0x007F_FFFFU) | 0x3F80_0000U));
    public static F32 Exp(F32 x) => Elementary.Exp(x);
    public static F32 Log(F32 x) => Elementary.Log(x);
    public static F32 Sin(F32 x) { Elementary.SinCos(x, out var sin, out _); return sin; }
    public static F32 Cos(F32 x) { Elementary.SinCos(x, out _, out var cos); return cos; }
    public static F32 Abs(F32 x) => new(MathF.Abs(x.Value));
    public static F32 Min(F32 a, F32 b) => new(a.Value < b.Value ? a.Value : b.Value);
    public static F32 Max(F32 a, F32 b) => new(a.Value > b.Value ? a.Value : b.Value);
    public static F32 LessThan(F32 a, F32 b) => new(a.Value < b.Value ? 1f : 0f);
    public static F32 LessOrEqual(F32 a, F32 b) => new(a.Value <= b.Value ? 1f : 0f);
    public static F32 IsFinite(F32 x) => new(Ieee.Sub(x.Value, x.Value) == 0f ? 1f : 0f);
    public static F32 Select(F32 mask, F32 whenTrue, F32 whenFalse) => mask.Value != 0f ? whenTrue : whenFalse;
    public static F32 And(F32 maskA, F32 maskB) => new(maskA.Value != 0f && maskB.Value != 0f ? 1f : 0f);
    public static F32 Or(F32 maskA, F32 maskB) => new(maskA.Value != 0f || maskB.Value != 0f ? 1f : 0f);
    public static F32 AndNot(F32 mask, F32 remove) => new(mask.Value != 0f && remove.Value == 0f ? 1f : 0f);
    public static bool Any(F32 mask) => mask.Value != 0f;
    public static bool All(F32 mask) => mask.Value != 0f;
    public static void NormalPair(RandomStream stream, ulong pair, out F32 first, out F32 second)
    {
        CounterRandom.NormalPair(stream.Key(0), pair, out double a, out double b);
        first = new((float)a);
        second = new((float)b);
    }
    public static F32 True => new(1f);
    public static double ToDouble(F32 x) => x.Value;
    public static F32 False => new(0f);

    public override string ToString() => Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
