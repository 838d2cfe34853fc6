using ClusterGpu.Sensitivity;
using Xunit.Abstractions;

namespace ClusterGpu.Tests.Sensitivity;

/// <summary>The Saltelli design and Sobol' index estimators against the analytic indices of Ishigami and Sobol G (MODELS.md).</summary>
public sealed class SobolIndicesTests(ITestOutputHelper log)
{
    private const int N = 1 << 14;
    private const ulong DesignSeed = 20240601;

    /// <summary>Ishigami &amp; Homma (1990): sin x1 + a sin² x2 + b x3⁴ sin x1 on [−π, π]³.</summary>
    private static double Ishigami(ReadOnlySpan<double> u, double a = 7, double b = 0.1)
    {
        double x1 = -Math.PI + 2 * Math.PI * u[0], x2 = -Math.PI + 2 * Math.PI * u[1], x3 = -Math.PI + 2 * Math.PI * u[2];
        return Math.Sin(x1) + a * Math.Sin(x2) * Math.Sin(x2) + b * Math.Pow(x3, 4) * Math.Sin(x1);
    }

    private static readonly double[] GCoefficients = [0, 1, 4.5, 9, 99, 99, 99, 99];

    /// <summary>Sobol' G function: ∏ (|4x_i − 2| + a_i) / (1 + a_i) on [0, 1]^k.</summary>
    private static double SobolG(ReadOnlySpan<double> x)
    {
        double product = 1;
        for (int i = 0; i < GCoefficients.Length; i++) product *= (Math.Abs(4 * x[i] - 2) + GCoefficients[i]) / (1 + GCoefficients[i]);
        return product;
    }

    /// <summary>
    /// Ishigami, analytic: V1 = ½(1 + bπ⁴/5)², V2 = a²/8, V13 = b²π⁸(1/18 − 1/50) = 8b²π⁸/225 (V3 = V12 = V23 = V123 = 0),
    /// V = a²/8 + bπ⁴/5 + b²π⁸/18 + ½. Returns S1, ST and S13.
    /// </summary>
    private static (double[] S1, double[] ST, double S13) IshigamiAnalytic(double a = 7, double b = 0.1)
    {
        double pi4 = Math.Pow(Math.PI, 4), pi8 = pi4 * pi4;
        double v1 = 0.5 * Math.Pow(1 + b * pi4 / 5, 2), v2 = a * a / 8, v13 = 8 * b * b * pi8 / 225;
        double v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
        return ([v1 / v, v2 / v, 0], [(v1 + v13) / v, v2 / v, v13 / v], v13 / v);
    }

    /// <summary>Sobol G, analytic: V_i = 1 / (3(1 + a_i)²), V = ∏(1 + V_i) − 1, S_i = V_i / V, S_Ti = V_i ∏_{j≠i}(1 + V_j) / V.</summary>
    private static (double[] S1, double[] ST) SobolGAnalytic()
    {
        var vi = GCoefficients.Select(a => 1 / (3 * (1 + a) * (1 + a))).ToArray();
        double all = vi.Aggregate(1.0, (p, x) => p * (1 + x));
        double v = all - 1;
        return ([.. vi.Select(x => x / v)], [.. vi.Select(x => x * all / (1 + x) / v)]);
    }

    private delegate double TestFunction(ReadOnlySpan<double> x);

    private static double[] Evaluate(SaltelliDesign design, TestFunction f)
    {
        var points = design.Points();
        var outputs = new double[design.Rows];
        for (int r = 0; r < outputs.Length; r++) outputs[r] = f(points.AsSpan(r * design.Inputs, design.Inputs));
        return outputs;
    }

    private static SobolIndices AnalyzeIshigami(bool secondOrder, ulong designSeed = DesignSeed, ulong bootstrapSeed = 1)
    {
        var design = new SaltelliDesign(3, N, secondOrder, designSeed);
        return SobolIndices.Analyze(design, Evaluate(design, x => Ishigami(x)), new SobolAnalysisOptions { Seed = bootstrapSeed });
    }

    private void Report(SobolIndices r)
    {
        string Format(IReadOnlyList<double> v, IReadOnlyList<double> c) => string.Join(", ", v.Zip(c, (x, h) => $"{x:F4} ± {h:F4}"));
        log.WriteLine($"S1 = {Format(r.S1, r.S1Conf)}");
        log.WriteLine($"ST = {Format(r.ST, r.STConf)}");
    }

    [Fact]
    public void AnalyticValues_MatchModelsTable()
    {
        var (s1, st, s13) = IshigamiAnalytic();
        Assert.Equal([0.3139, 0.4424, 0], s1.Select(x => Math.Round(x, 4)));
        Assert.Equal([0.5576, 0.4424, 0.2437], st.Select(x => Math.Round(x, 4)));
        Assert.Equal(0.2437, s13, 4e-5);
        var (g1, _) = SobolGAnalytic();
        Assert.Equal([0.7162, 0.1790, 0.0237, 0.0072], g1.Take(4).Select(x => Math.Round(x, 4)));
        Assert.All(g1.Skip(4), x => Assert.Equal(0.00007, x, 1e-5));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ishigami_FirstAndTotalOrder_WithinOneHundredth(bool secondOrder)
    {
        var (s1, st, _) = IshigamiAnalytic();
        var result = AnalyzeIshigami(secondOrder);
        Report(result);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(s1[i], result.S1[i], 0.01);
            Assert.Equal(st[i], result.ST[i], 0.01);
            // The bootstrap intervals cover the analytic values.
            Assert.InRange(s1[i], result.S1[i] - result.S1Conf[i], result.S1[i] + result.S1Conf[i]);
            Assert.InRange(st[i], result.ST[i] - result.STConf[i], result.ST[i] + result.STConf[i]);
        }
        Assert.Equal(secondOrder, result.S2 != null);
    }

    [Fact]
    public void Ishigami_SecondOrder_S13AndZeroPairs()
    {
        var (_, _, s13) = IshigamiAnalytic();
        var result = AnalyzeIshigami(secondOrder: true);
        log.WriteLine($"S12 = {result.S2![0, 1]:F4} ± {result.S2Conf![0, 1]:F4}, S13 = {result.S2[0, 2]:F4} ± {result.S2Conf[0, 2]:F4}, S23 = {result.S2[1, 2]:F4} ± {result.S2Conf[1, 2]:F4}");
        var s2 = result.S2!;
        var conf = result.S2Conf!;
        double[,] expected = { { double.NaN, 0, s13 }, { double.NaN, double.NaN, 0 }, { double.NaN, double.NaN, double.NaN } };
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                if (j <= i)
                {
                    Assert.True(double.IsNaN(s2[i, j]) && double.IsNaN(conf[i, j]));
                    continue;
                }
                Assert.Equal(expected[i, j], s2[i, j], 0.02);
                Assert.InRange(expected[i, j], s2[i, j] - conf[i, j], s2[i, j] + conf[i, j]);
            }
    }

    [Fact]
    public void SobolG_FirstAndTotalOrder_WithinOneHundredth()
    {
        var (s1, st) = SobolGAnalytic();
        var design = new SaltelliDesign(8, N, secondOrder: false, DesignSeed);
        var result = SobolIndices.Analyze(design, Evaluate(design, SobolG));
        Report(result);
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(s1[i], result.S1[i], 0.01);
            Assert.Equal(st[i], result.ST[i], 0.01);
            Assert.InRange(s1[i], result.S1[i] - result.S1Conf[i], result.S1[i] + result.S1Conf[i]);
            Assert.InRange(st[i], result.ST[i] - result.STConf[i], result.ST[i] + result.STConf[i]);
        }
    }

    [Fact]
    public void SameSeeds_IdenticalIndices_OtherSeedsDiffer()
    {
        var a = AnalyzeIshigami(true);
        var b = AnalyzeIshigami(true);
        Assert.Equal(a.S1, b.S1);
        Assert.Equal(a.ST, b.ST);
        Assert.Equal(a.S1Conf, b.S1Conf);
        Assert.Equal(a.STConf, b.STConf);
        Assert.Equal(a.S2, b.S2);
        Assert.Equal(a.S2Conf, b.S2Conf);
        var otherDesign = AnalyzeIshigami(true, designSeed: DesignSeed + 1);
        Assert.NotEqual(a.S1, otherDesign.S1);
        var otherBootstrap = AnalyzeIshigami(true, bootstrapSeed: 2);
        Assert.Equal(a.S1, otherBootstrap.S1);
        Assert.NotEqual(a.S1Conf, otherBootstrap.S1Conf);
    }

    [Fact]
    public void SeveralOutputs_AnalyzedAtOnce_AreIndependentOfShiftAndScale()
    {
        var design = new SaltelliDesign(3, 1 << 10, secondOrder: true, DesignSeed);
        var single = Evaluate(design, x => Ishigami(x));
        var interleaved = new double[2 * single.Length];
        for (int r = 0; r < single.Length; r++)
        {
            interleaved[2 * r] = single[r];
            interleaved[2 * r + 1] = 3 * single[r] + 5;
        }
        var both = SobolIndices.Analyze(design, interleaved, 2);
        var alone = SobolIndices.Analyze(design, single);
        for (int o = 0; o < 2; o++)
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(alone.S1[i], both[o].S1[i], 1e-12);
                Assert.Equal(alone.ST[i], both[o].ST[i], 1e-12);
                Assert.Equal(alone.S1Conf[i], both[o].S1Conf[i], 1e-12);
                Assert.Equal(alone.S2![0, 2], both[o].S2![0, 2], 1e-12);
            }
        Assert.Equal(9 * alone.Variance, both[1].Variance, 1e-9);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Design_LayoutMatricesAndRowMapping(bool secondOrder)
    {
        const int k = 4, n = 16;
        var design = new SaltelliDesign(k, n, secondOrder, 5);
        Assert.Equal(secondOrder ? 2 * k + 2 : k + 2, design.RowsPerBlock);
        Assert.Equal(n * design.RowsPerBlock, design.Rows);
        var points = design.Points();
        var row = new double[k];
        var basePoint = new double[2 * k];
        for (int r = 0; r < design.Rows; r++)
        {
            design.Point(r, row);
            Assert.Equal(points.AsSpan(r * k, k).ToArray(), row);
        }
        double[] Row(long r) => points.AsSpan((int)r * k, k).ToArray();
        for (int j = 0; j < n; j++)
        {
            design.Sequence.Point(j, basePoint);
            var a = basePoint[..k];
            var b = basePoint[k..];
            Assert.Equal(j * design.RowsPerBlock, design.RowOf(SaltelliMatrix.A, j));
            Assert.Equal(a, Row(design.RowOf(SaltelliMatrix.A, j)));
            Assert.Equal(b, Row(design.RowOf(SaltelliMatrix.B, j)));
            Assert.Equal((j + 1) * design.RowsPerBlock - 1, design.RowOf(SaltelliMatrix.B, j));
            for (int i = 0; i < k; i++)
            {
                var ab = (double[])a.Clone();
                ab[i] = b[i];
                Assert.Equal(ab, Row(design.RowOf(SaltelliMatrix.AB, j, i)));
                if (!secondOrder) continue;
                var ba = (double[])b.Clone();
                ba[i] = a[i];
                Assert.Equal(ba, Row(design.RowOf(SaltelliMatrix.BA, j, i)));
            }
        }

        // Outputs map back: evaluate "output = row index" and the split recovers RowOf.
        var rowIndex = Enumerable.Range(0, (int)design.Rows).Select(r => (double)r).ToArray();
        var f = design.Split(rowIndex);
        Assert.Equal(design.RowOf(SaltelliMatrix.B, 7), f.B[7]);
        Assert.Equal(design.RowOf(SaltelliMatrix.AB, 3, 2), f.AB[2][3]);
        Assert.Equal(secondOrder, f.BA != null);
        if (secondOrder) Assert.Equal(design.RowOf(SaltelliMatrix.BA, 9, 1), f.BA![1][9]);
    }

    [Fact]
    public void Design_RejectsBaseSizeNotAPowerOfTwo()
    {
        var e = Assert.Throws<ArgumentException>(() => new SaltelliDesign(3, 1000));
        Assert.Contains("power of two", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new SaltelliDesign(3, 8).RowOf(SaltelliMatrix.BA, 0, 0));
    }
}
