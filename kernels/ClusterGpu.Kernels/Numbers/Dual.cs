using ClusterGpu.Kernels.Random;

namespace ClusterGpu.Kernels.Numbers;

/// <summary>
/// Forward-mode dual number v + d·ε (ε² = 0): carries a value and its derivative along one direction,
/// so f(x + ε·e_j) gives column j of the Jacobian exactly (no finite-difference error).
/// Masks and comparisons act on the value part.
/// </summary>
public readonly struct Dual<T>(T value, T derivative) : IReal<Dual<T>> where T : struct, IReal<T>
{
    /// <summary>The value v.</summary>
    public readonly T Value = value;
    /// <summary>The directional derivative d.</summary>
    public readonly T Derivative = derivative;

    public static Dual<T> operator +(Dual<T> a, Dual<T> b) => new(a.Value + b.Value, a.Derivative + b.Derivative);
    public static Dual<T> operator -(Dual<T> a, Dual<T> b) => new(a.Value - b.Value, a.Derivative - b.Derivative);
    public static Dual<T> operator *(Dual<T> a, Dual<T> b) => new(a.Value * b.Value, T.MulAdd(a.Derivative, b.Value, a.Value * b.Derivative));
    public static Dual<T> operator /(Dual<T> a, Dual<T> b) => new(a.Value / b.Value, (a.Derivative * b.Value - a.Value * b.Derivative) / (b.Value * b.Value));
    public static Dual<T> operator -(Dual<T> a) => new(-a.Value, -a.Derivative);

    /// <summary>A constant: derivative zero.</summary>
    public static Dual<T> FromDouble(double value) => new(T.FromDouble(value), T.FromDouble(0.0));
    public static Dual<T> MulAdd(Dual<T> a, Dual<T> b, Dual<T> c) => a * b + c;
    public static Dual<T> Sqrt(Dual<T> x) { var r = T.Sqrt(x.Value); return new(r, x.Derivative / (r + r)); }
    /// <summary>⌊x⌋: piecewise constant, derivative zero.</summary>
    public static Dual<T> Floor(Dual<T> x) => new(T.Floor(x.Value), T.FromDouble(0.0));
    public static Dual<T> PowerOfTwo(Dual<T> k) => new(T.PowerOfTwo(k.Value), T.FromDouble(0.0));
    public static Dual<T> Exponent(Dual<T> x) => new(T.Exponent(x.Value), T.FromDouble(0.0));
    /// <summary>(m, d·2^−e) with x = ±m·2^e: |x| scaled by a constant where e is constant.</summary>
    public static Dual<T> Significand(Dual<T> x) =>
        new(T.Significand(x.Value), T.Select(T.LessThan(x.Value, T.FromDouble(0.0)), -x.Derivative, x.Derivative) * T.PowerOfTwo(-T.Exponent(x.Value)));
    /// <summary>(e^v, e^v·d).</summary>
    public static Dual<T> Exp(Dual<T> x) { var e = T.Exp(x.Value); return new(e, e * x.Derivative); }
    /// <summary>(ln v, d/v).</summary>
    public static Dual<T> Log(Dual<T> x) => new(T.Log(x.Value), x.Derivative / x.Value);
    /// <summary>(sin v, cos v·d).</summary>
    public static Dual<T> Sin(Dual<T> x) { Elementary.SinCos(x.Value, out var sin, out var cos); return new(sin, cos * x.Derivative); }
    /// <summary>(cos v, −sin v·d).</summary>
    public static Dual<T> Cos(Dual<T> x) { Elementary.SinCos(x.Value, out var sin, out var cos); return new(cos, -(sin * x.Derivative)); }
    public static Dual<T> Abs(Dual<T> x) { var negative = T.LessThan(x.Value, T.FromDouble(0.0)); return new(T.Abs(x.Value), T.Select(negative, -x.Derivative, x.Derivative)); }
    public static Dual<T> Min(Dual<T> a, Dual<T> b) => Select(LessThan(a, b), a, b);
    public static Dual<T> Max(Dual<T> a, Dual<T> b) => Select(LessThan(a, b), b, a);
    public static Dual<T> LessThan(Dual<T> a, Dual<T> b) => Mask(T.LessThan(a.Value, b.Value));
    public static Dual<T> LessOrEqual(Dual<T> a, Dual<T> b) => Mask(T.LessOrEqual(a.Value, b.Value));
    public static Dual<T> IsFinite(Dual<T> x) => Mask(T.And(T.IsFinite(x.Value), T.IsFinite(x.Derivative)));
    public static Dual<T> Select(Dual<T> mask, Dual<T> whenTrue, Dual<T> whenFalse) =>
        new(T.Select(mask.Value, whenTrue.Value, whenFalse.Value), T.Select(mask.Value, whenTrue.Derivative, whenFalse.Derivative));
    public static Dual<T> And(Dual<T> a, Dual<T> b) => Mask(T.And(a.Value, b.Value));
    public static Dual<T> Or(Dual<T> a, Dual<T> b) => Mask(T.Or(a.Value, b.Value));
    public static Dual<T> AndNot(Dual<T> a, Dual<T> remove) => Mask(T.AndNot(a.Value, remove.Value));
    public static bool Any(Dual<T> mask) => T.Any(mask.Value);
    public static bool All(Dual<T> mask) => T.All(mask.Value);
    /// <summary>The normal number as a constant (zero derivative).</summary>
    public static void NormalPair(RandomStream stream, ulong pair, out Dual<T> first, out Dual<T> second)
    {
        T.NormalPair(stream, pair, out var a, out var b);
        first = new(a, T.FromDouble(0.0));
        second = new(b, T.FromDouble(0.0));
    }
    public static Dual<T> True => Mask(T.True);
    public static Dual<T> False => Mask(T.False);

    private static Dual<T> Mask(T mask) => new(mask, T.False);
}
