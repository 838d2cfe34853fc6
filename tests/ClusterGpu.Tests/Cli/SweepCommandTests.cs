using System.Text.Json;
using ClusterGpu.Tests.Storage;

namespace ClusterGpu.Tests.Cli;

public sealed class SweepCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-sweep-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string PathOf(string name) => Path.Combine(directory, name);

    [Fact]
    public void Sweep_File_OpensInXarrayAndH5py_WithParameterCoordinatesAndRegimeFlags()
    {
        PythonReaders.Require();
        string file = PathOf("bistable.h5");
        var (code, output, error) = CliRunner.Run("sweep", "--model", "innovation-cluster", "--grid", "e0=0.5:1.5:5", "--grid", "chi=0:6:4",
            "--ic", "x=0.005,1", "--ic", "y=0,1", "--ic", "s=1,0", "--ic", "e=1,4", "--t-end", "300", "--backend", "cpu", "--out", file, "--quiet");
        Assert.True(code == 0, error);
        Assert.Contains("wrote", output);
        const string script = """
            import sys, json, xarray, h5py
            ds = xarray.open_dataset(sys.argv[1], engine="h5netcdf")
            with h5py.File(sys.argv[1], "r") as f:
                status_shape = list(f["status"].shape)
            provenance = ds["provenance"].values.item()
            provenance = provenance.decode() if isinstance(provenance, bytes) else str(provenance)
            print(json.dumps({
                "dims": {k: int(v) for k, v in ds.sizes.items()},
                "e0": ds["e0"].values.tolist(), "chi": ds["chi"].values.tolist(),
                "regime_dims": list(ds["regime"].dims), "order_dims": list(ds["order"].dims),
                "flag_meanings": str(ds["regime"].attrs["flag_meanings"]),
                "multistable_dims": list(ds["multistable"].dims),
                "ic_x": ds["ic_x"].values.tolist(),
                "model": str(ds.attrs["model"]), "rtol": float(ds.attrs["rtol"]),
                "order_max": float(ds["order"].max()), "status_shape": status_shape,
                "provenance_model": json.loads(provenance)["model"]["name"],
            }))
            """;
        var (exit, stdout, stderr) = PythonReaders.Run("-c", script, file);
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(5, root.GetProperty("dims").GetProperty("e0").GetInt32());
        Assert.Equal(4, root.GetProperty("dims").GetProperty("chi").GetInt32());
        Assert.Equal(2, root.GetProperty("dims").GetProperty("ic").GetInt32());
        Assert.Equal([0.5, 0.75, 1.0, 1.25, 1.5], root.GetProperty("e0").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([0.0, 2.0, 4.0, 6.0], root.GetProperty("chi").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(["e0", "chi", "ic"], root.GetProperty("regime_dims").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["e0", "chi", "ic"], root.GetProperty("order_dims").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["e0", "chi"], root.GetProperty("multistable_dims").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("diverged_or_failed disordered ordered oscillatory stationary chaotic", root.GetProperty("flag_meanings").GetString());
        Assert.Equal([0.005, 1.0], root.GetProperty("ic_x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("innovation-cluster", root.GetProperty("model").GetString());
        Assert.Equal(1e-6, root.GetProperty("rtol").GetDouble());
        Assert.Equal("innovation-cluster", root.GetProperty("provenance_model").GetString());
        Assert.Equal([5, 4, 2], root.GetProperty("status_shape").EnumerateArray().Select(v => v.GetInt32()));
        // At e0 = 1.5 > E0c = 1 with chi = 0 the ordered state has order^2 = 1 - gamma S*/kappa = 1/3 (c = 1/3): order = 0.577.
        Assert.InRange(root.GetProperty("order_max").GetDouble(), 0.5, 1.5);
    }

    [Fact]
    public void Sweep_Sampled_HasSampleDimensionWithParameterVariables_AndSameSeedSameFile()
    {
        string a = PathOf("a.h5"), b = PathOf("b.h5");
        foreach (var file in new[] { a, b })
        {
            var (code, _, error) = CliRunner.Run("sweep", "--model", "brusselator", "--sample", "a=0.5:2", "--sample", "b=1:5", "--samples", "50",
                "--sampler", "lhs", "--seed", "7", "--t-end", "50", "--out", file, "--quiet");
            Assert.True(code == 0, error);
        }
        using var ra = ClusterGpu.Storage.Hdf5Reader.Open(a);
        using var rb = ClusterGpu.Storage.Hdf5Reader.Open(b);
        Assert.Equal(["sample"], ra.Read("a").Dimensions);
        Assert.Equal(50, ra.Read("a").Values.Length);
        Assert.All(ra.Read("b").Values, v => Assert.InRange(v, 1, 5));
        Assert.Equal(ra.Read("a").Values, rb.Read("a").Values);
        Assert.Equal(ra.Read("final_x").Values, rb.Read("final_x").Values);
        // Latin hypercube: exactly one sample in each of the 50 strata of a.
        Assert.Equal(Enumerable.Range(0, 50), ra.Read("a").Values.Select(v => (int)((v - 0.5) / 1.5 * 50)).Order());
    }

    [Theory]
    [InlineData("unknown model", "--model", "inovation-cluster", "Did you mean 'innovation-cluster'?")]
    [InlineData("unknown parameter", "--grid", "e00=0.1:5:4", "Did you mean 'e0'?")]
    [InlineData("malformed range", "--grid", "e0=0.1:5", "malformed")]
    [InlineData("empty range", "--grid", "e0=1:1:4", "empty range")]
    [InlineData("count <= 0", "--grid", "e0=0.1:5:0", "positive integer")]
    [InlineData("outside range", "--grid", "e0=0.1:50:4", "outside its valid range")]
    [InlineData("t-end <= 0", "--t-end", "-1", "t-end must be greater")]
    [InlineData("bad set", "--set", "kappa=99", "outside its valid range")]
    [InlineData("bad ic state", "--ic", "q=1", "has no state 'q'")]
    [InlineData("bad window", "--window", "1.5", "--window must lie in (0, 1]")]
    [InlineData("realisations without noise", "--realizations", "4", "--realizations 4 needs noise")]
    [InlineData("no realisations", "--realizations", "0", "--realizations must be a positive integer")]
    [InlineData("kept realisations without realisations", "--keep-realizations", "final_x", "--keep-realizations needs --realizations")]
    [InlineData("first passage: unknown state", "--first-passage", "xx=1", "has no state 'xx'. Did you mean 'x'?")]
    [InlineData("first passage: no level", "--first-passage", "x", "malformed; write state=level")]
    [InlineData("first passage: bad level", "--first-passage", "x=high", "'high' is not a finite number")]
    public void Sweep_BadInput_ExitsWith2_NamesTheProblem_WritesNothing(string what, string option, string value, string message)
    {
        string file = PathOf("bad.h5");
        var args = new List<string> { "sweep", "--model", "innovation-cluster", "--grid", "eta=0.5:12:3", "--t-end", "10", "--out", file, "--quiet" };
        int at = args.IndexOf(option);
        if (at >= 0 && option != "--grid") args[at + 1] = value;
        else args.AddRange([option, value]);
        var (code, _, error) = CliRunner.Run(args.ToArray());
        Assert.True(code == 2, $"{what}: exit {code}, {error}");
        Assert.Contains(message, error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(file), what);
        Assert.Empty(Directory.GetFiles(directory));
    }

    [Fact]
    public void Sweep_Realizations_WriteRowStatistics_AndPhaseDrawsOnePicturePerObservable()
    {
        PythonReaders.Require();
        string file = PathOf("planec.h5"), picture = PathOf("planec.png");
        var (code, output, error) = CliRunner.Run("phase", "--model", "innovation-cluster", "--grid", "e0=0.5:2:4", "--grid", "sigma_x=0:0.2:3",
            "--method", "heun", "--dt", "0.02", "--t-end", "40", "--realizations", "8", "--backend", "cpu", "--out", file, "--png", picture,
            "--color-by", "p_ordered,binder", "--quiet");
        Assert.True(code == 0, error);
        Assert.Contains("8 noise realisations each; 96 trajectories", output);
        Assert.Contains("noisy: ordered also needs", output);
        Assert.True(File.Exists(picture) && File.Exists(PathOf("planec-binder.png")));
        const string script = """
            import sys, json, h5py
            with h5py.File(sys.argv[1], "r") as f:
                meanings = f["regime"].attrs["flag_meanings"]
                meanings = meanings.decode() if isinstance(meanings, bytes) else str(meanings)
                p = sum(f["p_" + name][...] for name in meanings.split())
                print(json.dumps({"shape": list(f["binder"].shape), "realizations": int(f.attrs["realizations"]),
                    "p_sum_min": float(p.min()), "p_sum_max": float(p.max()), "has_std": "final_x_std" in f,
                    "failed": int(f["failed"][...].sum()), "p_ordered_clean": f["p_ordered"][:, 0].tolist()}))
            """;
        var (exit, stdout, stderr) = PythonReaders.Run("-c", script, file);
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal([4, 3], root.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(8, root.GetProperty("realizations").GetInt32());
        Assert.Equal(1.0, root.GetProperty("p_sum_min").GetDouble(), 12);
        Assert.Equal(1.0, root.GetProperty("p_sum_max").GetDouble(), 12);
        Assert.True(root.GetProperty("has_std").GetBoolean());
        Assert.Equal(0, root.GetProperty("failed").GetInt32());
        // Without noise (sigma_x = 0) the realisations coincide: e0 = 0.5 is disordered, e0 = 1.5 and 2 are ordered (E0c = 1).
        var clean = root.GetProperty("p_ordered_clean").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(0.0, clean[0]);
        Assert.Equal([1.0, 1.0], clean[2..]);
    }

    [Fact]
    public void Heun_WithMultiplicativeNoiseAnywhereInTheGrid_IsRefusedBeforeTheRun()
    {
        // sigma_e is 0 in the first batch (one row per batch) and nonzero later: the whole run is refused up front.
        string file = PathOf("heun.h5");
        var (code, output, error) = CliRunner.Run("sweep", "--model", "innovation-cluster", "--grid", "sigma_e=0:0.3:4", "--method", "heun",
            "--batch-size", "1", "--t-end", "1", "--out", file, "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("sigma_e (multiplicative noise) is nonzero", error);
        Assert.DoesNotContain("durable", output);
        Assert.False(File.Exists(file) || Directory.Exists(file + ".parts"));
    }

    [Fact]
    public void Stability_WithRealizations_IsRefused()
    {
        var (code, _, error) = CliRunner.Run("stability", "--model", "innovation-cluster", "--grid", "e0=0.5:2:3", "--method", "heun",
            "--realizations", "2", "--t-end", "10", "--out", PathOf("s.h5"), "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("drop --realizations", error);
        Assert.False(File.Exists(PathOf("s.h5")));
    }

    [Fact]
    public void Sweep_ExistingOutput_RefusedWithoutForce_ReplacedWithForce()
    {
        string file = PathOf("exists.h5");
        File.WriteAllText(file, "precious");
        string[] args = ["sweep", "--model", "logistic", "--grid", "r=0.5:2:3", "--t-end", "5", "--out", file, "--quiet"];
        var (code, _, error) = CliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.Contains("--force", error);
        Assert.Equal("precious", File.ReadAllText(file));
        Assert.Equal(0, CliRunner.Run([.. args, "--force"]).ExitCode);
        using var reader = ClusterGpu.Storage.Hdf5Reader.Open(file);
        Assert.Equal(3, reader.Read("final_u").Values.Length);
    }

    [Fact]
    public void SweepAndPhase_FirstPassage_WriteTheVariable_MatchingTheClosedForm()
    {
        // logistic u(t) = k/(1 + (k/u0 − 1)e^{−rt}) from u0 = 0.1 reaches u = 0.5 at τ = ln((k/0.1 − 1)/(k/0.5 − 1))/r when
        // k > 0.5, never when k ≤ 0.5 (k = 1 in the sweep: τ = ln 9/r).
        string sweep = PathOf("passage.h5"), phase = PathOf("phase.h5");
        var (code, _, error) = CliRunner.Run("sweep", "--model", "logistic", "--grid", "r=0.5:2:4", "--ic", "u=0.1", "--first-passage", "u=0.5",
            "--method", "rk4", "--dt", "0.001", "--t-end", "20", "--out", sweep, "--quiet");
        Assert.True(code == 0, error);
        using (var reader = ClusterGpu.Storage.Hdf5Reader.Open(sweep))
        {
            var times = reader.Read("first_passage_u").Values;
            for (int i = 0; i < 4; i++) Assert.Equal(Math.Log(9) / (0.5 + 0.5 * i), times[i], 1e-6);
        }
        (code, _, error) = CliRunner.Run("phase", "--model", "logistic", "--grid", "r=0.5:2:3", "--grid", "k=0.4:1.6:3", "--ic", "u=0.1",
            "--first-passage", "u=0.5", "--color-by", "first_passage_u", "--method", "rk4", "--dt", "0.001", "--t-end", "20", "--out", phase, "--png", PathOf("phase.png"), "--quiet");
        Assert.True(code == 0, error);
        using (var reader = ClusterGpu.Storage.Hdf5Reader.Open(phase))
        {
            var times = reader.Read("first_passage_u").Values;
            for (int i = 0; i < 9; i++)
            {
                double r = 0.5 + 0.75 * (i / 3), k = 0.4 + 0.6 * (i % 3);
                double expected = k > 0.5 ? Math.Log((k / 0.1 - 1) / (k / 0.5 - 1)) / r : double.NaN;
                if (double.IsNaN(expected)) Assert.True(double.IsNaN(times[i]), $"cell {i}: {times[i]}");
                else Assert.Equal(expected, times[i], 1e-6);
            }
        }
    }

    [Fact]
    public void Sweep_UnwritableDirectory_ExitsWith2()
    {
        var (code, _, error) = CliRunner.Run("sweep", "--model", "logistic", "--grid", "r=0.5:2:3", "--t-end", "5", "--out", PathOf("missing/dir/x.h5"), "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("does not exist", error);
    }

    [Fact]
    public void Sweep_ConfigFile_GivesTheSameSettings_CommandLineWins()
    {
        string config = PathOf("run.toml");
        File.WriteAllText(config, """
            model = "logistic"
            grid = ["r=0.5:2:4"]
            t-end = 3.0
            method = "rk4"
            dt = 0.001
            quiet = true
            """);
        string file = PathOf("config.h5");
        var (code, output, error) = CliRunner.Run("sweep", "--config", config, "--t-end", "2", "--out", file);
        Assert.True(code == 0, error);
        Assert.Contains("method rk4, dt 0.001, t 0..2", output);
        using var reader = ClusterGpu.Storage.Hdf5Reader.Open(file);
        var r = reader.Read("r").Values;
        var u = reader.Read("final_u").Values;
        for (int i = 0; i < r.Length; i++)
            Assert.Equal(1 / (1 + 9 * Math.Exp(-r[i] * 2)), u[i], 1e-10); // logistic closed form, u0 = 0.1, k = 1
    }

    [Fact]
    public void Config_UnknownKey_SuggestsOption()
    {
        string config = PathOf("bad.toml");
        File.WriteAllText(config, "modle = \"logistic\"\n");
        var (code, _, error) = CliRunner.Run("sweep", "--config", config, "--out", PathOf("x.h5"));
        Assert.Equal(2, code);
        Assert.Contains("Did you mean '--model'?", error);
    }

    private static readonly string[] Logistic = ["sweep", "--model", "logistic", "--grid", "r=0.5:2:40", "--grid", "k=0.5:3:30", "--t-end", "2",
        "--method", "rk4", "--dt", "0.001", "--batch-size", "128", "--backend", "cpu", "--quiet"];

    /// <summary>The logistic closed form u(t) = k / (1 + (k/u0 - 1) e^(-r t)), u0 = 0.1, t = 2, at every point of the file (r slowest).</summary>
    private static double[] ClosedForm(ClusterGpu.Storage.Hdf5Reader reader)
    {
        var (r, k) = (reader.Read("r").Values, reader.Read("k").Values);
        return r.SelectMany(ri => k.Select(ki => ki / (1 + (ki / 0.1 - 1) * Math.Exp(-ri * 2)))).ToArray();
    }

    [Fact]
    public void Sweep_Vars_StoresOnlyTheChosenVariables_WithTheFullRunsValues()
    {
        string full = PathOf("full.h5"), some = PathOf("some.h5");
        Assert.Equal(0, CliRunner.Run([.. Logistic, "--out", full]).ExitCode);
        var (code, output, error) = CliRunner.Run([.. Logistic, "--vars", "final_u, regime", "--out", some]);
        Assert.True(code == 0, error);
        Assert.Contains("integration", output);
        using var a = ClusterGpu.Storage.Hdf5Reader.Open(full);
        using var b = ClusterGpu.Storage.Hdf5Reader.Open(some);
        Assert.Equal(["final_u", "k", "r", "regime"], b.Names.Where(n => n is not ("provenance" or "wall_time_s" or "run")).Order());
        Assert.Equal(a.Read("final_u").Values, b.Read("final_u").Values);
        Assert.Equal(a.Read("regime").Values, b.Read("regime").Values);
        var expected = ClosedForm(b);
        var u = b.Read("final_u").Values;
        for (int i = 0; i < u.Length; i++) Assert.Equal(expected[i], u[i], 1e-10);
    }

    [Fact]
    public void Sweep_VarsWithATypo_ExitsWith2_AndSuggestsTheName()
    {
        var (code, _, error) = CliRunner.Run([.. Logistic, "--vars", "final_u,regmie", "--out", PathOf("typo.h5")]);
        Assert.Equal(2, code);
        Assert.Contains("Did you mean 'regime'?", error);
        Assert.False(File.Exists(PathOf("typo.h5")));
    }

    [Fact]
    public void Sweep_StoreFp32_HoldsTheFp64ValuesRoundedToFloat_AndMergesFromShards()
    {
        string full = PathOf("fp64.h5"), single = PathOf("fp32.h5"), merged = PathOf("merged32.h5");
        Assert.Equal(0, CliRunner.Run([.. Logistic, "--out", full]).ExitCode);
        var (code, _, error) = CliRunner.Run([.. Logistic, "--store", "fp32", "--out", single]);
        Assert.True(code == 0, error);
        for (int i = 0; i < 2; i++)
            Assert.Equal(0, CliRunner.Run([.. Logistic, "--store", "fp32", "--shard", $"{i}/2", "--out", PathOf($"s{i}.h5")]).ExitCode);
        Assert.Equal(0, CliRunner.Run("merge", PathOf("s0.h5"), PathOf("s1.h5"), "--out", merged).ExitCode);
        using var a = ClusterGpu.Storage.Hdf5Reader.Open(full);
        using var b = ClusterGpu.Storage.Hdf5Reader.Open(single);
        using var m = ClusterGpu.Storage.Hdf5Reader.Open(merged);
        foreach (var name in new[] { "final_u", "mean_u", "residual" })
        {
            Assert.Equal(a.Read(name).Values.Select(v => (double)(float)v), b.Read(name).Values);
            Assert.Equal(b.Read(name).Values, m.Read(name).Values);
        }
        Assert.Equal(a.Read("steps").Values, b.Read("steps").Values);
        Assert.True(new FileInfo(single).Length < new FileInfo(full).Length);
        Assert.Equal(2, CliRunner.Run([.. Logistic, "--store", "fp16", "--out", PathOf("x.h5")]).ExitCode);
    }
}
