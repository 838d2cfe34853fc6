using ClusterGpu.Kernels.Random;
using Xunit.Abstractions;

namespace ClusterGpu.Tests.Stochastic;

/// <summary>The kernel generator's own ln, sin and cos against the runtime's, and the moments of its normal numbers.</summary>
public sealed class CounterRandomTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-14;

    private static double Relative(double value, double reference) => Math.Abs(value - reference) / Math.Abs(reference);

    [Fact]
    public void Log_MatchesMathLog_OverTheWholeExponentRange()
    {
        var random = new System.Random(1);
        double worst = 0;
        for (int i = 0; i < 200_000; i++)
        {
            double x = i % 2 == 0 ? random.NextDouble() : Math.Exp(1400 * random.NextDouble() - 700); // uniforms and all magnitudes
            if (x == 0 || Math.Abs(x - 1) < 1e-3) continue; // ln x → 0 near 1: checked in absolute terms below
            worst = Math.Max(worst, Relative(CounterRandom.Log(x), Math.Log(x)));
        }
        for (int i = 1; i < 1000; i++)
        {
            double x = 1 + (i - 500) * 2e-6;
            Assert.True(Math.Abs(CounterRandom.Log(x) - Math.Log(x)) <= Tolerance * Math.Abs(Math.Log(x)) + 1e-20, $"ln {x:R}");
        }
        Assert.Equal(0.0, CounterRandom.Log(1.0));
        Assert.Equal(Math.Log(double.Epsilon * (1L << 52)), CounterRandom.Log(double.Epsilon * (1L << 52)), 1e-12); // smallest normal
        output.WriteLine($"ln: worst relative error {worst:E2}");
        Assert.True(worst <= Tolerance, $"worst relative error {worst:E2}");
    }

    [Fact]
    public void SinAndCos_MatchMath_IncludingNearTheirZeros()
    {
        var random = new System.Random(2);
        double worstSin = 0, worstCos = 0;
        for (int i = 0; i < 200_000; i++)
        {
            // Half random arguments in [−100, 100], half within 1e-6 of a multiple of π/2 (where one of the two is tiny).
            double x = i % 2 == 0 ? 200 * random.NextDouble() - 100 : random.Next(-60, 60) * Math.PI / 2 + 1e-6 * (2 * random.NextDouble() - 1);
            worstSin = Math.Max(worstSin, Relative(CounterRandom.Sin(x), Math.Sin(x)));
            worstCos = Math.Max(worstCos, Relative(CounterRandom.Cos(x), Math.Cos(x)));
        }
        output.WriteLine($"sin: worst relative error {worstSin:E2}; cos: {worstCos:E2}");
        Assert.True(worstSin <= Tolerance, $"sin: {worstSin:E2}");
        Assert.True(worstCos <= Tolerance, $"cos: {worstCos:E2}");
    }

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
