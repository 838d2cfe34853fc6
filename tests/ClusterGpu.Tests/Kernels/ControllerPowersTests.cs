using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Solvers;

namespace ClusterGpu.Tests.Kernels;

/// <summary>
/// <see cref="ControllerPowers"/> against System.Math over the ranges the step-size controller uses (errors 1e-10 … 1e10,
/// exponents −3 … 4) and beyond: the documented error bounds hold in binary64 and binary32.
/// </summary>
public sealed class ControllerPowersTests
{
    [Fact]
    public void Log2_IsWithinTheDocumentedBound_OverEveryBinadeItServes()
    {
        var random = new Random(5);
        for (int i = 0; i < 200_000; i++)
        {
            double x = Math.ScaleB(1 + random.NextDouble(), random.Next(-120, 120)), exact = Math.Log2(x);
            double error = Math.Abs(ControllerPowers.Log2(new F64(x)).Value - exact);
            Assert.True(error <= 1e-7, $"log2({x:R}): error {error:E2}");
            float single = (float)x;
            double singleError = Math.Abs(ControllerPowers.Log2(new F32(single)).Value - Math.Log2(single));
            Assert.True(singleError <= 4e-7 * Math.Max(1, Math.Abs(Math.Log2(single))), $"binary32 log2({single:R}): error {singleError:E2}");
        }
        Assert.Equal(0.0, ControllerPowers.Log2(new F64(1.0)).Value);
        Assert.Equal(-3.0, ControllerPowers.Log2(new F64(0.125)).Value);
    }

    /// <summary>Significand against System.Math's exact scaling: |x|·2^−ilogb(x) for normal x of either sign, both precisions.</summary>
    [Fact]
    public void Significand_IsTheExactScaledMagnitude_OfNormalNumbers()
    {
        var random = new Random(7);
        for (int i = 0; i < 100_000; i++)
        {
            double x = Math.ScaleB(1 + random.NextDouble(), random.Next(-1022, 1024)) * (i % 2 == 0 ? 1 : -1);
            Assert.Equal(Math.ScaleB(Math.Abs(x), -Math.ILogB(x)), F64.Significand(new F64(x)).Value);
            float single = (float)Math.ScaleB(1 + random.NextDouble(), random.Next(-126, 128)) * (i % 2 == 0 ? 1 : -1);
            Assert.Equal(MathF.ScaleB(MathF.Abs(single), -MathF.ILogB(single)), F32.Significand(new F32(single)).Value);
        }
        Assert.Equal(1.0, F64.Significand(new F64(1.0)).Value);
        Assert.Equal(1.5, F64.Significand(new F64(-0.1875)).Value);
        Assert.Equal(2.0 - Math.ScaleB(1, -52), F64.Significand(new F64(double.MaxValue)).Value);
    }

    [Fact]
    public void Exp2_IsWithinTheDocumentedBound_AndExactAtIntegers()
    {
        var random = new Random(6);
        for (int i = 0; i < 200_000; i++)
        {
            double x = -120 + 240 * random.NextDouble(), exact = Math.Pow(2, x);
            double relative = Math.Abs(ControllerPowers.Exp2(new F64(x)).Value / exact - 1);
            Assert.True(relative <= 1e-8, $"2^{x:R}: relative error {relative:E2}");
            float single = (float)(x / 4);
            double singleRelative = Math.Abs(ControllerPowers.Exp2(new F32(single)).Value / Math.Pow(2, single) - 1);
            Assert.True(singleRelative <= 6e-7, $"binary32 2^{single:R}: relative error {singleRelative:E2}");
        }
        for (int k = -120; k <= 120; k++) Assert.Equal(Math.ScaleB(1, k), ControllerPowers.Exp2(new F64(k)).Value);
    }
}
