using System.Text.Json;
using ClusterGpu.Backends;
using ClusterGpu.Models;
using ClusterGpu.Sensitivity;
using ClusterGpu.Solving;
using ClusterGpu.Sweeps;
using ClusterGpu.Tests.Cli;
using ClusterGpu.Tests.Storage;

namespace ClusterGpu.Tests.Sensitivity;

/// <summary>The whole analysis path (design → input distributions → one ensemble → indices → files) against analytic values.</summary>
public sealed class SensitivityAnalysisTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-sa-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static SensitivityTarget Target(string model) =>
        SensitivityTarget.Find(model, () => BackendFactory.Create("cpu"), new IntegrationSettings { TEnd = 300 }, new Observation(), new RegimeRules());

    private static InputDistribution[] Vary(SensitivityTarget target, params string[] names) =>
        names.Select(n => InputDistribution.Parse(n, target.Parameters, target.Name)).ToArray();

    [Fact]
    public void SobolG_ProductionModel_FirstOrderIndicesMatchAnalytic()
    {
        var target = Target("sobol-g");
        var report = SensitivityAnalysis.Run(target, Vary(target, "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8"), new Dictionary<string, double>(), ["y"],
            new SensitivitySettings(SensitivityMethod.Sobol, 1 << 14));
        double[] a = [0, 1, 4.5, 9, 99, 99, 99, 99];
        var partial = a.Select(ai => 1 / (3 * (1 + ai) * (1 + ai))).ToArray();
        double variance = partial.Aggregate(1.0, (p, v) => p * (1 + v)) - 1;
        for (int i = 0; i < 8; i++)
            Assert.Equal(partial[i] / variance, report.Sobol![0].S1[i], 0.01);
    }

    [Fact]
    public void Ishigami_Morris_MuStarOfX2_IsSevenTimesNineOverEight()
    {
        // On the p = 4 grid (x2 in {-pi, -pi/3, pi/3, pi}, step 2/3 of the cube) every move changes a sin^2(x2) by ±(3/4)·7:
        // EE = ±(21/4)/(2/3) = ±63/8, so mu* = 63/8 exactly.
        var target = Target("ishigami");
        var report = SensitivityAnalysis.Run(target, Vary(target, "x1", "x2", "x3"), new Dictionary<string, double>(), ["y"],
            new SensitivitySettings(SensitivityMethod.Morris, 200));
        Assert.Equal(63.0 / 8, report.Morris![0].MuStar[1], 1e-9);
        Assert.Equal(0.0, report.Morris[0].MuStarConfidence[1], 1e-9);
    }

    /// <summary>
    /// At an ordered fixed point (chi = 0) order^2 = a c / kappa with c = (kappa e0 - gamma sigma0)/(a e0 + gamma eta), and
    /// S* = (sigma0 + eta c)/e0: neither depends on b or lambda, so their Sobol' indices vanish; e0 matters.
    /// </summary>
    [Fact]
    public void InnovationCluster_OrderIndependentOfBAndLambda_IndicesVanish()
    {
        var target = Target("innovation-cluster");
        var report = SensitivityAnalysis.Run(target, Vary(target, "e0=1.5:4", "b=0.5:2", "lambda=0.5:2", "gamma=0.5:1"), new Dictionary<string, double> { ["eta"] = 0.2 },
            ["order", "entropy"], new SensitivitySettings(SensitivityMethod.Sobol, 256));
        Assert.Equal(0, report.FailedEvaluations);
        foreach (var indices in report.Sobol!)
        {
            Assert.InRange(indices.ST[1], -1e-6, 1e-6); // b
            Assert.InRange(indices.ST[2], -1e-6, 1e-6); // lambda
            Assert.True(indices.ST[0] > 0.2, $"ST(e0) = {indices.ST[0]}");
        }
    }

    [Fact]
    public void Cli_WritesLabelledIndices_XarrayReadsThem_SameSeedSameIndices()
    {
        PythonReaders.Require();
        string a = Path.Combine(directory, "a.h5"), b = Path.Combine(directory, "b.h5"), png = Path.Combine(directory, "a.png");
        string[] args = ["sensitivity", "--model", "ishigami", "--vary", "x1", "--vary", "x2", "--vary", "x3", "--observable", "y", "--samples", "1000",
            "--second-order", "--bootstrap", "50", "--seed", "3"];
        var (code, output, error) = CliRunner.Run([.. args, "--out", a, "--png", png]);
        Assert.True(code == 0, error);
        Assert.Contains("not a power of two; using N = 1024", error);
        Assert.Contains("wrote", output);
        Assert.True(new FileInfo(png).Length > 10_000);
        Assert.Equal(0, CliRunner.Run([.. args, "--out", b]).ExitCode);
        using (var ra = ClusterGpu.Storage.Hdf5Reader.Open(a))
        using (var rb = ClusterGpu.Storage.Hdf5Reader.Open(b))
            foreach (var name in new[] { "S1", "S1_conf", "ST", "ST_conf", "S2" })
                Assert.Equal(ra.Read(name).Values, rb.Read(name).Values);
        const string script = """
            import sys, json, xarray
            ds = xarray.open_dataset(sys.argv[1], engine="h5netcdf")
            print(json.dumps({"s1_dims": list(ds["S1"].dims), "s2_dims": list(ds["S2"].dims),
                              "names": str(ds["parameter"].attrs["names"]), "st": ds["ST"].values[:, 0].tolist()}))
            """;
        var (exit, stdout, stderr) = PythonReaders.Run("-c", script, a);
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(["parameter", "observable"], json.RootElement.GetProperty("s1_dims").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["parameter", "parameter_b", "observable"], json.RootElement.GetProperty("s2_dims").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("x1 x2 x3", json.RootElement.GetProperty("names").GetString());
        var st = json.RootElement.GetProperty("st").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(0.5576, st[0], 0.05);
        Assert.Equal(0.4424, st[1], 0.05);
        Assert.Equal(0.2437, st[2], 0.05);
    }

    [Theory]
    [InlineData("--observable", "ordr", "Did you mean 'order'?")]
    [InlineData("--vary", "e00=1:2", "Did you mean 'e0'?")]
    [InlineData("--vary", "e0=2:1", "empty range")]
    [InlineData("--vary", "e0=0:2", "outside the valid range")]
    [InlineData("--method", "sobl", "Did you mean 'sobol'?")]
    [InlineData("--samples", "0", "positive integer")]
    public void Cli_BadInput_ExitsWith2(string option, string value, string message)
    {
        var args = new List<string> { "sensitivity", "--model", "innovation-cluster", "--vary", "eta=0:2", "--observable", "order", "--samples", "8",
            "--out", Path.Combine(directory, "x.h5") };
        int at = args.IndexOf(option);
        if (at >= 0 && option != "--vary") args[at + 1] = value;
        else args.AddRange([option, value]);
        var (code, _, error) = CliRunner.Run(args.ToArray());
        Assert.True(code == 2, error);
        Assert.Contains(message, error);
        Assert.Empty(Directory.GetFiles(directory));
    }
}
