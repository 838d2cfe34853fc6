using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Random;
using Xunit.Abstractions;

namespace ClusterGpu.Tests.Stochastic;

/// <summary>The Box–Muller transform's own ln, sin and cos against the runtime's, SIMD lanes against the scalar generator, and the moments of its normal numbers.</summary>
public sealed class CounterRandomTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-14;

    private static double Relative(double value, double reference) => Math.Abs(value - reference) / Math.Abs(reference);

    [Fact]
    public void Log_MatchesMathLog_OverTheUniformsRange()
    {
        var random = new System.Random(1);
        double worst = 0;
        for (int i = 0; i < 200_000; i++)
        {
            // Uniforms as the generator makes them, and every binade down to 2^-63.
            double x = i % 2 == 0 ? CounterRandom.Uniform(3, (ulong)i) : Math.Exp(-63 * Math.Log(2) * random.NextDouble());
            if (x >= 1 || Math.Abs(x - 1) < 1e-3) continue; // ln x → 0 near 1: checked in absolute terms below
            worst = Math.Max(worst, Relative(Log(x), Math.Log(x)));
        }
        for (int i = 1; i < 500; i++)
        {
            double x = 1 - i * 2e-6;
            Assert.True(Math.Abs(Log(x) - Math.Log(x)) <= Tolerance * Math.Abs(Math.Log(x)) + 1e-20, $"ln {x:R}");
        }
        Assert.Equal(Math.Log(Math.ScaleB(1.0, -54)), Log(Math.ScaleB(1.0, -54)), 1e-12); // the smallest uniform
        output.WriteLine($"ln: worst relative error {worst:E2}");
        Assert.True(worst <= Tolerance, $"worst relative error {worst:E2}");
    }

    [Fact]
    public void SinAndCos_MatchMath_OverAFullTurn_IncludingNearTheirZeros()
    {
        var random = new System.Random(2);
        double worstSin = 0, worstCos = 0;
        for (int i = 0; i < 200_000; i++)
        {
            // Half random angles in [0, 2π], half within 1e-6 of a multiple of π/2 (where one of the two is tiny).
            double x = i % 2 == 0 ? 2 * Math.PI * random.NextDouble() : Math.Max(0, random.Next(0, 5) * Math.PI / 2 + 1e-6 * (2 * random.NextDouble() - 1));
            BoxMuller.SinCos(new F64(x), out var sin, out var cos);
            if (x == 0)
            {
                Assert.Equal((0.0, 1.0), (sin.Value, cos.Value));
                continue;
            }
            worstSin = Math.Max(worstSin, Relative(sin.Value, Math.Sin(x)));
            worstCos = Math.Max(worstCos, Relative(cos.Value, Math.Cos(x)));
        }
        output.WriteLine($"sin: worst relative error {worstSin:E2}; cos: {worstCos:E2}");
        Assert.True(worstSin <= Tolerance, $"sin: {worstSin:E2}");
        Assert.True(worstCos <= Tolerance, $"cos: {worstCos:E2}");
    }

    [Fact]
    public void SimdLanes_DrawTheScalarNormals_BitForBit()
    {
        var stream = new RandomStream(11, 1000);
        for (ulong pair = 0; pair < 64; pair++)
        {
            Simd512<double>.NormalPair(stream, pair, out var d1, out var d2);
            Simd256<float>.NormalPair(stream, pair, out var f1, out var f2);
            for (int lane = 0; lane < 8; lane++)
            {
                CounterRandom.NormalPair(stream.Key(lane), pair, out double a, out double b);
                Assert.Equal(BitConverter.DoubleToInt64Bits(a), BitConverter.DoubleToInt64Bits(d1.V[lane]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(b), BitConverter.DoubleToInt64Bits(d2.V[lane]));
                Assert.Equal((float)a, f1.V[lane]);
                Assert.Equal((float)b, f2.V[lane]);
            }
        }
    }

    private static double Log(double x) => BoxMuller.LogOfUnit(new F64(x)).Value;

    [Fact]
    public void Normal_HasStandardMoments_OverAMillionDraws()
    {
        const int keys = 1000, perKey = 1000;
        double n = (double)keys * perKey, sum = 0, sum2 = 0, sum3 = 0, sum4 = 0;
        for (int k = 0; k < keys; k++)
        {
            ulong key = CounterRandom.Key(7, k);
            for (ulong c = 0; c < perKey; c++)
            {
                double z = CounterRandom.Normal(key, c);
                double z2 = z * z;
                sum += z; sum2 += z2; sum3 += z2 * z; sum4 += z2 * z2;
            }
        }
        double mean = sum / n, variance = sum2 / n - mean * mean, skewness = sum3 / n, kurtosis = sum4 / n;
        output.WriteLine($"mean {mean:F5}, variance {variance:F5}, skewness {skewness:F5}, kurtosis {kurtosis:F5} over {n:E0} draws");
        // Standard errors of the moments of N(0, 1): 1, √2, √15 and √96 over √n; allow 4 of them.
        double se = 1 / Math.Sqrt(n);
        Assert.InRange(mean, -4 * se, 4 * se);
        Assert.InRange(variance, 1 - 4 * Math.Sqrt(2) * se, 1 + 4 * Math.Sqrt(2) * se);
        Assert.InRange(skewness, -4 * Math.Sqrt(15) * se, 4 * Math.Sqrt(15) * se);
        Assert.InRange(kurtosis, 3 - 4 * Math.Sqrt(96) * se, 3 + 4 * Math.Sqrt(96) * se);
    }

    [Fact]
    public void Normal_IsAPureFunctionOfKeyAndCounter_AndStreamsDiffer()
    {
        ulong key = CounterRandom.Key(1, 5);
        Assert.Equal(CounterRandom.Normal(key, 12), CounterRandom.Normal(CounterRandom.Key(1, 5), 12));
        Assert.NotEqual(CounterRandom.Normal(key, 12), CounterRandom.Normal(CounterRandom.Key(1, 6), 12));
        Assert.NotEqual(CounterRandom.Normal(key, 12), CounterRandom.Normal(CounterRandom.Key(2, 5), 12));
        Assert.NotEqual(CounterRandom.Normal(key, 12), CounterRandom.Normal(key, 13));
    }
}
