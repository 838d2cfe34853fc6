using System.Numerics;
using ClusterGpu.Analysis;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Models;
using Xunit.Abstractions;
using static ClusterGpu.Tests.Analysis.AnalysisSupport;

namespace ClusterGpu.Tests.Analysis;

/// <summary>Newton to equilibria and their linear-stability classes against the closed forms of MODELS.md.</summary>
public sealed class FixedPointTests(ITestOutputHelper output)
{
    private static readonly ModelHandle Cluster = ModelRegistry.Find("innovation-cluster");

    private FixedPointAnalysis Analyse(ModelHandle model, double[] start, double[] parameters)
    {
        var analysis = FixedPoints.Analyse(model, start, parameters);
        output.WriteLine($"{model.Info.Name}: {analysis.Newton.Iterations} iterations, residual {analysis.Newton.Residual:E2}, "
            + $"u* = ({string.Join(", ", analysis.Newton.State.Select(v => v.ToString("G10")))}), class {analysis.Class}, "
            + $"eigenvalues {string.Join(" ", analysis.Eigenvalues.Select(z => $"{z.Real:G8}{z.Imaginary:+0.########;-0.########}i"))}");
        return analysis;
    }

    private static void AssertConvergedTo(double[] expected, FixedPointAnalysis analysis, double tolerance = 1e-9)
    {
        Assert.True(analysis.Newton.Converged, $"not converged: residual {analysis.Newton.Residual:E2}");
        Assert.True(analysis.Newton.Residual <= 1e-10, $"residual {analysis.Newton.Residual:E2}");
        Assert.True(MaxDifference(expected, analysis.Newton.State) < tolerance, $"max difference {MaxDifference(expected, analysis.Newton.State):E2}");
    }

    private static void AssertEigenvalues(Complex[] expected, Complex[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var e = expected.OrderByDescending(z => z.Real).ThenByDescending(z => z.Imaginary).ToArray();
        for (int i = 0; i < e.Length; i++)
            Assert.True(Complex.Abs(e[i] - actual[i]) <= tolerance, $"eigenvalue {i}: expected {e[i]}, got {actual[i]}");
    }

    [Fact]
    public void InnovationCluster_OrderedPreset_NewtonFindsPPlus_StableFocus()
    {
        var analysis = Analyse(Cluster, [0.8, 0.6, 0.4, 2.5], Parameters(Cluster, ("e0", 2.0)));
        AssertConvergedTo([Math.Sqrt(0.4), 0.4, 0.6, 2], analysis);
        AssertEigenvalues([new(-0.43734, 0.86589), new(-0.43734, -0.86589), new(-2.12533, 0), new(-1, 0)], analysis.Eigenvalues, 1e-5);
        Assert.Equal(StabilityClass.StableFocus, analysis.Class);
        Assert.Equal(-0.43734, analysis.MaxRealEigenvalue, 5);
        Assert.Equal(0.86589, analysis.Frequency, 5);
        Assert.Equal(0, analysis.UnstableDimension);
    }

    [Fact]
    public void InnovationCluster_DisorderedPreset_NewtonFindsP0_StableNode()
    {
        var analysis = Analyse(Cluster, [0.05, 0.01, 1.0, 1.0], Parameters(Cluster, ("e0", 0.8)));
        AssertConvergedTo([0, 0, 1.25, 0.8], analysis);
        AssertEigenvalues([new(-0.25, 0), new(-1, 0), new(-0.8, 0), new(-1, 0)], analysis.Eigenvalues, 1e-9);
        Assert.Equal(StabilityClass.StableNode, analysis.Class);
        Assert.Equal(0, analysis.Frequency);
    }

    [Fact]
    public void InnovationCluster_CyclePreset_NewtonFromTheLimitCycle_FindsAnEquilibrium_PPlusASaddleFocus()
    {
        var parameters = Parameters(Cluster, ("kappa", 3.0), ("eta", 8.0), ("e0", 1.5));
        var pPlus = new[] { 0.6069770, 7.0 / 19, 50.0 / 19, 1.5 };
        double[][] equilibria = [pPlus, [-pPlus[0], pPlus[1], pPlus[2], pPlus[3]], [0, 0, 1 / 1.5, 1.5]];
        var found = new int[equilibria.Length];
        // Twenty points on the limit cycle, a twentieth of the period 4.93 apart, after the transient. Newton's basins
        // cut through the cycle: from some points it reaches P+, from others P0 (or −P+), never anything else.
        foreach (double tEnd in Enumerable.Range(0, 20).Select(i => 300 + 0.2465 * i))
        {
            var solved = Solve("cpu", Problem(Cluster, [parameters], [[0.01, 0, 1, 1]]), Dopri5(tEnd));
            Assert.Equal(TrajectoryStatus.Success, solved.Status(0));
            var start = Enumerable.Range(0, 4).Select(k => solved.FinalState(0, k)).ToArray();
            Assert.True(MaxDifference(start, pPlus) > 0.1, "the start should be on the cycle, away from P+");
            var analysis = Analyse(Cluster, start, parameters);
            Assert.True(analysis.Newton.Converged);
            int which = Array.FindIndex(equilibria, e => MaxDifference(e, analysis.Newton.State) < 1e-6);
            Assert.True(which >= 0, "Newton found an unknown equilibrium");
            found[which]++;
            if (which == 2) continue;
            Assert.Equal(0.0759436, analysis.MaxRealEigenvalue, 6);
            Assert.Equal(1.6229178, analysis.Frequency, 6);
            // Complex pair with Re > 0 plus two stable real eigenvalues (−2.652, −1): a saddle-focus, 2-D unstable manifold.
            Assert.Equal(StabilityClass.Saddle, analysis.Class);
            Assert.Equal(2, analysis.UnstableDimension);
        }
        output.WriteLine($"P+ {found[0]}, -P+ {found[1]}, P0 {found[2]} of 20");
        Assert.True(found[0] >= 5, $"P+ found from only {found[0]} of 20 points");
    }

    [Fact]
    public void Brusselator_FixedPointIsAOverBOverA_MaxRealPartChangesSignAtHopfLine()
    {
        var model = ModelRegistry.Find("brusselator");
        foreach (double a in new[] { 0.5, 1, 1.5, 2 })
            foreach (double offset in new[] { -0.6, -0.2, 0.2, 0.6 })
            {
                double b = 1 + a * a + offset, trace = b - 1 - a * a;
                var analysis = Analyse(model, [a + 0.3, b / a - 0.2], Parameters(model, ("a", a), ("b", b)));
                AssertConvergedTo([a, b / a], analysis);
                // tr = b − 1 − a², det = a² > 0: a complex pair with Re λ = tr/2 when tr² < 4a² (every case here).
                Assert.Equal(trace / 2, analysis.MaxRealEigenvalue, 12);
                Assert.Equal(Math.Sqrt(a * a - trace * trace / 4), analysis.Frequency, 12);
                Assert.Equal(offset < 0 ? StabilityClass.StableFocus : StabilityClass.UnstableFocus, analysis.Class);
            }
    }

    [Fact]
    public void Lorenz_Rho28_CPlusIsASaddleFocus_OriginASaddle()
    {
        var model = ModelRegistry.Find("lorenz");
        var parameters = model.Info.DefaultParameters();
        double beta = 8.0 / 3, c = Math.Sqrt(beta * 27);
        var cPlus = Analyse(model, [7, 9, 25], parameters);
        AssertConvergedTo([c, c, 27], cPlus);
        // Characteristic polynomial λ³ + (σ+β+1)λ² + β(σ+ρ)λ + 2σβ(ρ−1) = 0 at σ = 10, ρ = 28.
        foreach (var z in cPlus.Eigenvalues)
        {
            var p = z * z * z + (10 + beta + 1) * z * z + beta * 38 * z + 2 * 10 * beta * 27;
            Assert.True(Complex.Abs(p) < 1e-9, $"p({z}) = {p}");
        }
        Assert.Equal(-(10 + 1 + beta), cPlus.Eigenvalues.Sum(z => z.Real), 10);
        Assert.InRange(cPlus.MaxRealEigenvalue, 0.0939, 0.0940);
        Assert.Equal(StabilityClass.Saddle, cPlus.Class);
        Assert.Equal(2, cPlus.UnstableDimension);

        var origin = Analyse(model, [0.1, -0.1, 0.2], parameters);
        AssertConvergedTo([0, 0, 0], origin);
        Assert.Equal((-11 + Math.Sqrt(81 + 40 * 28)) / 2, origin.MaxRealEigenvalue, 10);
        Assert.Equal(StabilityClass.Saddle, origin.Class);
        Assert.Equal(1, origin.UnstableDimension);
    }

    [Theory]
    [InlineData(StabilityClass.StableNode, -0.5, 0, -2, 0)]
    [InlineData(StabilityClass.StableFocus, -0.5, 1, -0.5, -1)]
    [InlineData(StabilityClass.UnstableNode, 2, 0, 0.5, 0)]
    [InlineData(StabilityClass.UnstableFocus, 0.5, 1, 0.5, -1)]
    [InlineData(StabilityClass.Saddle, 1, 0, -1, 0)]
    [InlineData(StabilityClass.CentreLike, 1e-12, 1, 1e-12, -1)]
    [InlineData(StabilityClass.Degenerate, 0, 0, -1, 0)]
    [InlineData(StabilityClass.Degenerate, 1, 0, 0, 0)]
    public void Classify_FromEigenvalues(StabilityClass expected, double re1, double im1, double re2, double im2)
    {
        var eigenvalues = new[] { new Complex(re1, im1), new Complex(re2, im2) }.OrderByDescending(z => z.Real).ThenByDescending(z => z.Imaginary).ToArray();
        Assert.Equal(expected, FixedPoints.Classify(eigenvalues));
    }

    [Fact]
    public void Newton_OutOfIterations_NotConverged_NoEigenvalues()
    {
        var analysis = FixedPoints.Analyse(Cluster, [0.8, 0.6, 0.4, 2.5], Parameters(Cluster, ("e0", 2.0)), new NewtonSettings { MaxIterations = 1 });
        Assert.False(analysis.Newton.Converged);
        Assert.Equal(1, analysis.Newton.Iterations);
        Assert.Equal(StabilityClass.NotConverged, analysis.Class);
        Assert.Empty(analysis.Eigenvalues);
        Assert.True(double.IsNaN(analysis.MaxRealEigenvalue));
        Assert.Equal(StabilityClass.NotConverged, FixedPoints.Classify([]));
    }

    [Fact]
    public void ClassNames_MatchTheEnum()
    {
        Assert.Equal(Enum.GetValues<StabilityClass>().Select(c => (int)c), Enumerable.Range(0, FixedPoints.ClassNames.Length));
        Assert.Equal(Enum.GetNames<StabilityClass>().Select(n => n.ToLowerInvariant()),
            FixedPoints.ClassNames.Select(n => n.Replace("_", "", StringComparison.Ordinal)));
    }
}
