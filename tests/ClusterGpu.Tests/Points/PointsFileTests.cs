using System.Globalization;
using System.Text;
using System.Text.Json;
using ClusterGpu.Storage;
using ClusterGpu.Tests.Cli;
using ClusterGpu.Tests.Storage;

namespace ClusterGpu.Tests.Points;

public sealed class PointsFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-points-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string PathOf(string name) => Path.Combine(directory, name);

    private static readonly string[] Run = ["--model", "innovation-cluster", "--set", "kappa=3", "--t-end", "20", "--backend", "cpu", "--quiet"];

    /// <summary>The points of the grid e0 = 0.1..5 (n) × eta = 0.5..12 (n), row-major, as .NET computes the grid axis values.</summary>
    private static IEnumerable<(double E0, double Eta)> GridPoints(int n)
    {
        double Axis(double start, double stop, int i) => start + (stop - start) * ((double)i / (n - 1));
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) yield return (Axis(0.1, 5, i), Axis(0.5, 12, j));
    }

    private string WriteCsv(string name, string header, IEnumerable<string> rows)
    {
        string path = PathOf(name);
        File.WriteAllText(path, header + "\n" + string.Join("\n", rows) + "\n");
        return path;
    }

    private static void AssertSameVariables(string expected, string actual, IEnumerable<string> names)
    {
        using var a = Hdf5Reader.Open(expected);
        using var b = Hdf5Reader.Open(actual);
        foreach (var name in names)
        {
            var (x, y) = (a.Read(name).Values, b.Read(name).Values);
            Assert.Equal(x.Length, y.Length);
            for (int i = 0; i < x.Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(x[i]) == BitConverter.DoubleToInt64Bits(y[i]), $"{name}[{i}]: {x[i]:R} != {y[i]:R}");
        }
    }

    private static readonly string[] Results = ["final_x", "final_y", "final_s", "final_e", "mean_x", "std_x", "order", "entropy", "period", "regime", "status", "steps"];

    [Fact]
    public void TenThousandCsvPoints_WithStateAndCarriedColumns_MatchTheGridRunBitForBit_AndShardedMergedEqualsUnsharded()
    {
        // The CSV holds the grid's points (shortest round-trip text), a state column and two carried columns.
        string csv = WriteCsv("points.csv", "id,e0,region,eta,x",
            GridPoints(100).Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"{i},{p.E0:R},zone-{i % 7},{p.Eta:R},0.25")));
        string grid = PathOf("grid.h5"), points = PathOf("points.h5");
        var (code, _, error) = CliRunner.Run(["sweep", .. Run, "--grid", "e0=0.1:5:100", "--grid", "eta=0.5:12:100", "--ic", "x=0.25", "--out", grid]);
        Assert.True(code == 0, error);
        (code, var output, error) = CliRunner.Run(["sweep", .. Run, "--points", csv, "--out", points]);
        Assert.True(code == 0, error);
        Assert.Contains("10000 points from", output);
        AssertSameVariables(grid, points, Results);

        var shards = Enumerable.Range(0, 3).Select(i => PathOf($"part{i}.h5")).ToArray();
        for (int i = 0; i < 3; i++)
        {
            (code, _, error) = CliRunner.Run(["sweep", .. Run, "--points", csv, "--shard", $"{i}/3", "--out", shards[i]]);
            Assert.True(code == 0, error);
        }
        File.Move(csv, PathOf("moved.csv")); // merge rebuilds the points from what the shards recorded
        string merged = PathOf("merged.h5");
        (code, _, error) = CliRunner.Run(["merge", .. shards, "--out", merged]);
        Assert.True(code == 0, error);
        AssertSameVariables(points, merged, [.. Results, "e0", "eta", "x", "id"]);
        using var a = Hdf5Reader.Open(points);
        using var b = Hdf5Reader.Open(merged);
        Assert.Equal(a.ReadText("region"), b.ReadText("region"));
        Assert.Equal("zone-3", a.ReadText("region")[10]);
        Assert.Equal(a.Attributes["run_fingerprint"], b.Attributes["run_fingerprint"]);
    }

    [Fact]
    public void CarriedColumns_AreCoordinatesOfTheSampleDimension_InXarray_AndStringsInH5py()
    {
        PythonReaders.Require();
        string csv = WriteCsv("p.csv", "site,e0,eta,label", ["11,0.5,2,alpha", "12,1.5,4,beta", "13,2.5,6,gamma", "14,3.5,8,beta"]);
        string file = PathOf("p.h5");
        var (code, _, error) = CliRunner.Run(["sweep", .. Run, "--points", csv, "--out", file]);
        Assert.True(code == 0, error);
        const string script = """
            import sys, json, xarray, h5py
            ds = xarray.open_dataset(sys.argv[1], engine="h5netcdf")
            beta = ds.where(ds.label == "beta", drop=True)
            with h5py.File(sys.argv[1], "r") as f:
                raw = [v.decode() for v in f["label"][...]]
            print(json.dumps({"coords": sorted(ds.coords), "label": [str(v) for v in ds.label.values], "site": ds.site.values.tolist(),
                              "beta_e0": beta.e0.values.tolist(), "order_dims": list(ds.order.dims), "h5py": raw}))
            """;
        var (exit, stdout, stderr) = PythonReaders.Run("-c", script, file);
        Assert.True(exit == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Contains("label", root.GetProperty("coords").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains("site", root.GetProperty("coords").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["alpha", "beta", "gamma", "beta"], root.GetProperty("label").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["alpha", "beta", "gamma", "beta"], root.GetProperty("h5py").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal([11.0, 12, 13, 14], root.GetProperty("site").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([1.5, 3.5], root.GetProperty("beta_e0").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(["sample"], root.GetProperty("order_dims").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void Hdf5PointsFileWrittenByH5py_RunsTheSamePointsAsTheCsv()
    {
        PythonReaders.Require();
        string csv = WriteCsv("p.csv", "e0,eta,name", ["0.5,2,a", "1.5,4,b", "2.5,6,c"]);
        string h5 = PathOf("design.h5");
        var (exit, _, stderr) = PythonReaders.Run("-c", """
            import sys, h5py, numpy as np
            with h5py.File(sys.argv[1], "w") as f:
                f["e0"] = np.array([0.5, 1.5, 2.5]); f["eta"] = np.array([2.0, 4.0, 6.0])
                f.create_dataset("name", data=["a", "b", "c"], dtype=h5py.string_dtype())
            """, h5);
        Assert.True(exit == 0, stderr);
        var (code, _, error) = CliRunner.Run(["sweep", .. Run, "--points", csv, "--out", PathOf("a.h5")]);
        Assert.True(code == 0, error);
        (code, _, error) = CliRunner.Run(["sweep", .. Run, "--points", h5, "--out", PathOf("b.h5")]);
        Assert.True(code == 0, error);
        AssertSameVariables(PathOf("a.h5"), PathOf("b.h5"), Results);
        using var b = Hdf5Reader.Open(PathOf("b.h5"));
        Assert.Equal(["a", "b", "c"], b.ReadText("name"));
    }

    [Fact]
    public void ThePointsContent_IsInTheRunFingerprint_SoResumeAndMergeRefuseAnEditedFile()
    {
        string a = WriteCsv("a.csv", "e0,eta", ["0.5,2", "1.5,4"]);
        string b = WriteCsv("b.csv", "e0,eta", ["0.5,2", "1.5,4.000001"]);
        string c = WriteCsv("c.csv", "e0 , eta", ["0.5 , 2.0", "1.50,4"]); // same numbers, other spelling
        var fingerprints = new[] { a, b, c }.Select((csv, i) =>
        {
            var (code, _, error) = CliRunner.Run(["sweep", .. Run, "--points", csv, "--out", PathOf($"{i}.h5")]);
            Assert.True(code == 0, error);
            using var reader = Hdf5Reader.Open(PathOf($"{i}.h5"));
            return (string)reader.Attributes["run_fingerprint"];
        }).ToArray();
        Assert.NotEqual(fingerprints[0], fingerprints[1]);
        Assert.Equal(fingerprints[0], fingerprints[2]);
    }

    [Theory]
    [InlineData("e0,eta\n0.5,2\n1.5,NaN\n", "row 2, column 'eta'")]
    [InlineData("e0,eta\n0.5,2\n7.5,3\n", "row 2, column 'e0': e0 = 7.5 is outside its valid range")]
    [InlineData("e0,eta\n0.5,2\n1.5\n", "row 2 (line 3), column 'eta': missing value")]
    [InlineData("e0,eta\n0.5,2\nabc,3\n", "row 2, column 'e0': 'abc' is not a number")]
    [InlineData("e0,kapa\n0.5,2\n", "column 'kapa' is neither a parameter nor a state of innovation-cluster. Did you mean 'kappa'?")]
    [InlineData("id,region\n1,a\n", "no column names a parameter or a state")]
    [InlineData("e0,order\n0.5,1\n", "column 'order' would be carried into the output")]
    [InlineData("e0,e0\n0.5,1\n", "column 'e0' appears twice")]
    public void BadPoints_ExitWith2_NamingTheRowAndColumn_AndWriteNothing(string content, string message)
    {
        File.WriteAllText(PathOf("bad.csv"), content);
        var (code, _, error) = CliRunner.Run(["sweep", .. Run, "--points", PathOf("bad.csv"), "--out", PathOf("out.h5")]);
        Assert.True(code == 2, error);
        Assert.Contains(message, error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(PathOf("out.h5")));
    }

    [Fact]
    public void StateColumns_AndIcOptions_DoNotMix()
    {
        string csv = WriteCsv("p.csv", "e0,x", ["0.5,1"]);
        var (code, _, error) = CliRunner.Run(["sweep", .. Run, "--points", csv, "--ic", "x=2", "--out", PathOf("o.h5")]);
        Assert.Equal(2, code);
        Assert.Contains("drop --ic, or the state columns", error);
    }
}
