using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Solvers;
using Xunit.Abstractions;

namespace ClusterGpu.Tests.Kernels;

/// <summary>
/// <see cref="Elementary"/> against System.Math (the oracle: glibc's correctly rounded or sub-ulp functions): accuracy in
/// ulp over each function's whole range, IEEE special values, the SIMD lanes computing the scalar's bits, and exact
/// dual-number derivatives.
/// </summary>
public sealed class ElementaryFunctionTests(ITestOutputHelper output)
{
    private const int Samples = 200_000;

    /// <summary>|a − b| in units of the last place of b (binary64).</summary>
    private static double Ulps(double a, double b) => a == b ? 0 : Math.Abs(a - b) / Math.Abs(Math.BitIncrement(Math.Abs(b)) - Math.Abs(b));

    /// <summary>|a − b| in units of the last place of b (binary32).</summary>
    private static double Ulps(float a, float b) => a == b ? 0 : Math.Abs((double)a - b) / Math.Abs(MathF.BitIncrement(MathF.Abs(b)) - MathF.Abs(b));

    private double MaxUlps(string name, Func<double, double> ours, Func<double, double> oracle, Func<Random, double> draw)
    {
        var random = new Random(name.Sum(c => c * 31));
        double worst = 0, at = double.NaN;
        for (int i = 0; i < Samples; i++)
        {
            double x = draw(random), u = Ulps(ours(x), oracle(x));
            if (u > worst) (worst, at) = (u, x);
        }
        output.WriteLine($"{name}: max {worst:F2} ulp at x = {at:R}");
        return worst;
    }

    private static double Uniform(Random r, double low, double high) => low + (high - low) * r.NextDouble();

    /// <summary>Magnitudes spread over every binade from 2^−1074 to 2^1023.</summary>
    private static double AnyPositive(Random r) => Math.ScaleB(1 + r.NextDouble(), r.Next(-1074, 1023));

    [Fact]
    public void Exp_IsWithinOneUlp_OverItsWholeRange()
    {
        Assert.True(MaxUlps("exp", x => F64.Exp(new(x)).Value, Math.Exp, r => Uniform(r, -708, 709.7)) <= 1.0);
        Assert.True(MaxUlps("exp small", x => F64.Exp(new(x)).Value, Math.Exp, r => Uniform(r, -1, 1)) <= 1.0);
        // Subnormal results: one extra rounding at most.
        Assert.True(MaxUlps("exp subnormal", x => F64.Exp(new(x)).Value, Math.Exp, r => Uniform(r, -744, -709)) <= 1.0);
    }

    [Fact]
    public void Log_IsWithinOneUlp_ForEveryBinade_SubnormalsIncluded()
    {
        Assert.True(MaxUlps("log", x => F64.Log(new(x)).Value, Math.Log, AnyPositive) <= 1.0);
        Assert.True(MaxUlps("log near 1", x => F64.Log(new(x)).Value, Math.Log, r => Uniform(r, 0.5, 2)) <= 1.0);
    }

    [Fact]
    public void SinAndCos_AreWithinTwoUlp_ForArgumentsUpToAMillion()
    {
        // Away from the zeros, where the ulp of the result shrinks faster than any absolute error.
        static Func<Random, double> Away(Func<double, double> f) => r =>
        {
            double x;
            do x = Uniform(r, -1e6, 1e6) * Math.Pow(r.NextDouble(), 4); while (Math.Abs(f(x)) < 1e-3);
            return x;
        };
        Assert.True(MaxUlps("sin", x => F64.Sin(new(x)).Value, Math.Sin, Away(Math.Sin)) <= 2.0);
        Assert.True(MaxUlps("cos", x => F64.Cos(new(x)).Value, Math.Cos, Away(Math.Cos)) <= 2.0);
        Assert.True(MaxUlps("sin tiny", x => F64.Sin(new(x)).Value, Math.Sin, r => Math.ScaleB(1 + r.NextDouble(), r.Next(-1000, -2))) <= 1.0);
    }

    [Fact]
    public void TanhAndPow_AreWithinFewUlp()
    {
        Assert.True(MaxUlps("tanh", x => Elementary.Tanh(new F64(x)).Value, Math.Tanh, r => Uniform(r, -20, 20) * Math.Pow(r.NextDouble(), 6)) <= 6.0);
        // e^(y ln x) amplifies the rounding of y ln x: about |y ln x| ulp more, as documented.
        Assert.True(MaxUlps("pow", x => Elementary.Pow(new F64(x), new F64(0.37)).Value, x => Math.Pow(x, 0.37), r => Math.ScaleB(1 + r.NextDouble(), r.Next(-10, 10))) <= 4.0);
        Assert.True(MaxUlps("pow wide", x => Elementary.Pow(new F64(x), new F64(0.37)).Value, x => Math.Pow(x, 0.37), r => Math.ScaleB(1 + r.NextDouble(), r.Next(-1000, 1000))) <= 4.0 + 2 * 0.37 * 1000 * Math.Log(2));
        Assert.True(MaxUlps("pow exponent", y => Elementary.Pow(new F64(1.7), new F64(y)).Value, y => Math.Pow(1.7, y), r => Uniform(r, -50, 50)) <= 4.0 + 2 * 50 * Math.Log(1.7));
    }

    [Fact]
    public void Binary32_IsWithinFewFloatUlp_OfTheRoundedBinary64Result()
    {
        var random = new Random(5);
        var worst = new double[5];
        for (int i = 0; i < Samples; i++)
        {
            float x = (float)Uniform(random, -80, 80), positive = MathF.Abs(x) + 1e-30f;
            worst[0] = Math.Max(worst[0], Ulps(F32.Exp(new(x)).Value, (float)Math.Exp(x)));
            worst[1] = Math.Max(worst[1], Ulps(F32.Log(new(positive)).Value, (float)Math.Log(positive)));
            if (Math.Abs(Math.Sin(x)) > 1e-2) worst[2] = Math.Max(worst[2], Ulps(F32.Sin(new(x)).Value, (float)Math.Sin(x)));
            if (Math.Abs(Math.Cos(x)) > 1e-2) worst[3] = Math.Max(worst[3], Ulps(F32.Cos(new(x)).Value, (float)Math.Cos(x)));
            worst[4] = Math.Max(worst[4], Ulps(Elementary.Tanh(new F32(x / 8)).Value, (float)Math.Tanh(x / 8)));
        }
        output.WriteLine($"binary32 exp, log, sin, cos, tanh: max {string.Join(", ", worst.Select(w => w.ToString("F2")))} ulp");
        Assert.True(worst[0] <= 1 && worst[1] <= 1 && worst[2] <= 2 && worst[3] <= 2 && worst[4] <= 4, "binary32 functions less accurate than documented");
    }

    [Fact]
    public void SpecialValues_FollowIeee754()
    {
        static double Exp(double x) => F64.Exp(new(x)).Value;
        static double Log(double x) => F64.Log(new(x)).Value;
        Assert.True(double.IsNaN(Exp(double.NaN)));
        Assert.Equal(double.PositiveInfinity, Exp(double.PositiveInfinity));
        Assert.Equal(double.PositiveInfinity, Exp(709.8));
        Assert.Equal(0.0, Exp(double.NegativeInfinity));
        Assert.Equal(0.0, Exp(-746));
        Assert.Equal(1.0, Exp(0));
        Assert.Equal(double.Epsilon, Exp(Math.Log(double.Epsilon)));
        Assert.Equal(double.NegativeInfinity, Log(0));
        Assert.Equal(double.NegativeInfinity, Log(-0.0));
        Assert.True(double.IsNaN(Log(-1)));
        Assert.True(double.IsNaN(Log(double.NaN)));
        Assert.Equal(double.PositiveInfinity, Log(double.PositiveInfinity));
        Assert.Equal(0.0, Log(1));
        Assert.Equal(Math.Log(double.Epsilon), Log(double.Epsilon));
        Assert.Equal(Math.Log(double.MaxValue), Log(double.MaxValue));
        Assert.True(double.IsNaN(F64.Sin(new(double.PositiveInfinity)).Value));
        Assert.Equal(1.0, Elementary.Tanh(new F64(30)).Value);
        Assert.Equal(-1.0, Elementary.Tanh(new F64(-800)).Value);
        Assert.Equal(1.0, Elementary.Pow(new F64(0), new F64(0)).Value);
        Assert.Equal(0.0, Elementary.Pow(new F64(0), new F64(2.5)).Value);
        Assert.True(double.IsNaN(Elementary.Pow(new F64(-2), new F64(0.5)).Value));
        Assert.Equal(float.PositiveInfinity, F32.Exp(new(89f)).Value);
        Assert.Equal(float.Epsilon, F32.Exp(new(MathF.Log(float.Epsilon))).Value);
        Assert.Equal(MathF.Log(float.Epsilon), F32.Log(new(float.Epsilon)).Value, 6);
    }

    /// <summary>Every lane of every register width computes the bits of the scalar type (the cpu backend = the GPU kernels).</summary>
    [Fact]
    public void SimdLanes_ComputeTheScalarBits()
    {
        var random = new Random(3);
        var inputs = Enumerable.Range(0, 4096).Select(i => i % 3 == 0 ? AnyPositive(random) : Uniform(random, -800, 800)).ToArray();
        inputs[0] = double.NaN; inputs[1] = double.PositiveInfinity; inputs[2] = 0; inputs[3] = -0.0; inputs[4] = 1e-310;
        AssertLanes<Simd512<double>>(inputs, x => x.Value, v => new F64(v));
        AssertLanes<Simd256<double>>(inputs, x => x.Value, v => new F64(v));
        AssertLanes<Simd128<double>>(inputs, x => x.Value, v => new F64(v));
        var floats = inputs.Select(v => (double)(float)(v / 8)).ToArray();
        AssertLanes<Simd512<float>>(floats, x => x.Value, v => new F32((float)v));
        AssertLanes<Simd256<float>>(floats, x => x.Value, v => new F32((float)v));
        AssertLanes<Simd128<float>>(floats, x => x.Value, v => new F32((float)v));
    }

    private static void AssertLanes<TLanes>(double[] inputs, Func<F64, double> valueOf64, Func<double, F64> make64) where TLanes : struct, ISimd<TLanes> =>
        AssertLanesGeneric<TLanes, F64>(inputs, valueOf64, make64);

    private static void AssertLanes<TLanes>(double[] inputs, Func<F32, double> valueOf32, Func<double, F32> make32) where TLanes : struct, ISimd<TLanes> =>
        AssertLanesGeneric<TLanes, F32>(inputs, valueOf32, make32);

    private static void AssertLanesGeneric<TLanes, TScalar>(double[] inputs, Func<TScalar, double> value, Func<double, TScalar> make)
        where TLanes : struct, ISimd<TLanes> where TScalar : struct, IReal<TScalar>
    {
        var functions = new (string Name, Func<TLanes, TLanes> Lanes, Func<TScalar, TScalar> Scalar)[]
        {
            ("exp", TLanes.Exp, TScalar.Exp), ("log", TLanes.Log, TScalar.Log), ("sin", TLanes.Sin, TScalar.Sin), ("cos", TLanes.Cos, TScalar.Cos),
            ("tanh", Elementary.Tanh, Elementary.Tanh), ("pow", x => Elementary.Pow(x, TLanes.FromDouble(0.37)), x => Elementary.Pow(x, TScalar.FromDouble(0.37))),
            ("controller log2", ControllerPowers.Log2, ControllerPowers.Log2), ("controller exp2", ControllerPowers.Exp2, ControllerPowers.Exp2),
            ("significand", TLanes.Significand, TScalar.Significand),
        };
        int width = TLanes.Count;
        var output = new double[width];
        foreach (var (name, lanes, scalar) in functions)
            for (int start = 0; start + width <= inputs.Length; start += width)
            {
                TLanes.Store(lanes(TLanes.Load(inputs.AsSpan(start, width))), output);
                for (int l = 0; l < width; l++)
                {
                    double expected = value(scalar(make(inputs[start + l])));
                    Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(output[l]),
                        $"{typeof(TLanes).Name} {name}({inputs[start + l]:R}): lane {output[l]:R}, scalar {expected:R}");
                }
            }
    }

    /// <summary>Dual numbers carry the exact derivative of each function (the chain rule, not the polynomial's slope).</summary>
    [Fact]
    public void DualNumbers_CarryExactDerivatives()
    {
        var random = new Random(9);
        for (int i = 0; i < 1000; i++)
        {
            double x = Uniform(random, 0.05, 8);
            var d = new Dual<F64>(new(x), new(1.0));
            Assert.Equal(Math.Exp(x), Dual<F64>.Exp(d).Derivative.Value, Math.Exp(x) * 4e-16);
            Assert.Equal(1 / x, Dual<F64>.Log(d).Derivative.Value, 4e-16 / x);
            Assert.Equal(Math.Cos(x), Dual<F64>.Sin(d).Derivative.Value, 4e-16);
            Assert.Equal(-Math.Sin(x), Dual<F64>.Cos(d).Derivative.Value, 4e-16);
            double t = Math.Tanh(x / 4);
            Assert.Equal(1 - t * t, Elementary.Tanh(new Dual<F64>(new(x / 4), new(1.0))).Derivative.Value, 1e-14);
            Assert.Equal(0.37 * Math.Pow(x, -0.63), Elementary.Pow(d, Dual<F64>.FromDouble(0.37)).Derivative.Value, 1e-14 * Math.Pow(x, -0.63));
            Assert.Equal(0.0, Dual<F64>.Floor(d).Derivative.Value);
        }
    }
}
