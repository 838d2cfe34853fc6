using ClusterGpu.Backends;
using ClusterGpu.Bifurcation;
using ClusterGpu.ModelFiles;
using ClusterGpu.Solving;
using ClusterGpu.Storage;
using ClusterGpu.Sweeps;
using ClusterGpu.Tests.Cli;
using Xunit.Abstractions;
using static ClusterGpu.Tests.ModelFiles.ModelFileTestSupport;

namespace ClusterGpu.Tests.Bifurcation;

/// <summary>
/// The orbit diagram against the published period-doubling cascade of the Rössler system (models/rossler.toml,
/// a = b = 0.2): period 1 at c = 2.5, period 2 at c = 3.5, period 4 at c = 4 (Strogatz, <i>Nonlinear Dynamics and
/// Chaos</i>, 2nd ed., §12.3, Fig. 12.3.1; Olsen &amp; Degn, Q. Rev. Biophys. 18, 165 (1985)): the maxima of x over the window take
/// exactly 1, 2 and 4 distinct values; at c = 5.7 (chaos) many more.
/// </summary>
public sealed class OrbitDiagramTests(ITestOutputHelper output)
{
    /// <summary>Distinct values among the finite <paramref name="values"/>, two being the same within <paramref name="tolerance"/>.</summary>
    private static int Distinct(IEnumerable<double> values, double tolerance)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        return sorted.Length == 0 ? 0 : 1 + sorted.Zip(sorted.Skip(1)).Count(p => p.Second - p.First > tolerance);
    }

    [Fact]
    public void Rossler_Maxima_Show1_2_And4DistinctValues_WhereTheLiteratureSaysSo()
    {
        var model = ModelFile.Load(ModelPath("rossler.toml"));
        double[] c = [2.5, 3.5, 4.0, 5.7];
        var space = ParameterSpace.Points(model, ["c"], c, new Dictionary<string, double>(), 0);
        var settings = new IntegrationSettings { Method = MethodKind.Dopri5, TEnd = 1000, RelativeTolerance = 1e-9, AbsoluteTolerance = 1e-11 };
        using var backend = BackendFactory.Create("cpu");
        var result = OrbitDiagram.Compute(backend, space, settings, state: 0, windowFraction: 0.5, maxPeaks: 64, batchSize: 1024);
        int[] expected = [1, 2, 4];
        for (int p = 0; p < c.Length; p++)
        {
            var maxima = Enumerable.Range(0, 64).Select(k => result.Maximum(p, k)).ToArray();
            int distinct = Distinct(maxima, 1e-4);
            output.WriteLine($"c = {c[p]}: {result.Counts[p]} maxima in the window, {distinct} distinct: {string.Join(", ", maxima.Where(double.IsFinite).Select(v => v.ToString("F5")).Distinct())}");
            Assert.Equal(0, result.Status[p]);
            Assert.True(result.Counts[p] >= 64, "a window of 500 time units holds far more than 64 maxima (period ≈ 6)");
            Assert.All(maxima, v => Assert.True(double.IsFinite(v)));
            if (p < expected.Length) Assert.Equal(expected[p], distinct);
            else Assert.True(distinct > 16, $"chaos at c = 5.7 gives many distinct maxima, not {distinct}");
        }
    }

    [Fact]
    public void PeakCount_OfASineLikeCycle_IsTheWindowOverThePeriod()
    {
        // Stuart–Landau (μ = 1) from its default (0.1, 0) is on its limit cycle r = 1 to machine precision long before the
        // window (e^(−2t) decay): x = cos(ωt), maxima exactly 1 at t = 2πk/ω = 5k
        // for ω = 2π/5; the window (50, 100.0001] holds k = 11 … 20 (t = 50 itself lies before the first accepted time in it).
        var model = ClusterGpu.Models.ModelRegistry.Find("stuart-landau");
        var space = ParameterSpace.Points(model, ["omega"], [2 * Math.PI / 5], new Dictionary<string, double> { ["mu"] = 1 }, 0);
        var settings = new IntegrationSettings { Method = MethodKind.Dopri5, TEnd = 100.0001, RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12 };
        using var backend = BackendFactory.Create("scalar");
        var result = OrbitDiagram.Compute(backend, space, settings, state: 0, windowFraction: 0.5, maxPeaks: 16, batchSize: 8);
        output.WriteLine($"{result.Counts[0]} maxima: {string.Join(", ", Enumerable.Range(0, 16).Select(k => result.Maximum(0, k).ToString("F9")))}");
        Assert.Equal(10, result.Counts[0]);
        for (int k = 0; k < 10; k++) Assert.Equal(1.0, result.Maximum(0, k), 7);
        for (int k = 10; k < 16; k++) Assert.True(double.IsNaN(result.Maximum(0, k)));
    }

    [Fact]
    public void Bifurcation_WritesMaximaOverParameterAndPeak_AndAPicture()
    {
        string directory = Directory.CreateTempSubdirectory("clustergpu-bifurcation-").FullName;
        try
        {
            string file = Path.Combine(directory, "r.h5");
            var (code, stdout, error) = CliRunner.Run("bifurcation", "--model-file", ModelPath("rossler.toml"), "--grid", "c=2.5:4:4", "--state", "x", "--t-end", "300",
                "--max-peaks", "12", "--rtol", "1e-8", "--atol", "1e-10", "--backend", "cpu", "--out", file);
            Assert.True(code == 0, error + stdout);
            using var reader = Hdf5Reader.Open(file);
            var maxima = reader.Read("maxima_x");
            Assert.Equal(["c", "peak"], maxima.Dimensions);
            Assert.Equal([4, 12], maxima.Shape);
            Assert.Equal(["c"], reader.Read("peak_count").Dimensions);
            Assert.True(new FileInfo(Path.ChangeExtension(file, ".png")).Length > 10_000);

            (code, _, error) = CliRunner.Run("bifurcation", "--model-file", ModelPath("rossler.toml"), "--grid", "c=2.5:4:4", "--state", "w", "--out", Path.Combine(directory, "bad.h5"));
            Assert.Equal(2, code);
            Assert.Contains("'w' is not a state", error);
            Assert.False(File.Exists(Path.Combine(directory, "bad.h5")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
