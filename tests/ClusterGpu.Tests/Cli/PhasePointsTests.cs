using System.Globalization;
using ClusterGpu.Storage;
using SkiaSharp;
using static ClusterGpu.Tests.Sweeps.RunProcess;

namespace ClusterGpu.Tests.Cli;

/// <summary><c>phase --points FILE</c>: the grid run as oracle for points on a grid, the HDF5 regimes as oracle for a scatter's colours, the uninterrupted run for --resume.</summary>
public sealed class PhasePointsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-phase-points-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string PathOf(string name) => Path.Combine(directory, name);

    private static readonly string[] Run = ["phase", "--model", "innovation-cluster", "--set", "kappa=3", "--t-end", "200", "--backend", "cpu", "--quiet"];

    private string WriteCsv(string name, string header, IEnumerable<string> rows)
    {
        File.WriteAllText(PathOf(name), header + "\n" + string.Join("\n", rows) + "\n");
        return PathOf(name);
    }

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void PointsOnAShuffledGrid_EqualTheGridRunBitForBit_AndDrawTheSamePicture()
    {
        const int n = 12;
        double Axis(double start, double stop, int i) => start + (stop - start) * ((double)i / (n - 1));
        var order = Enumerable.Range(0, n * n).OrderBy(i => (i * 37) % (n * n)).ToArray(); // a fixed shuffle (37 is prime to 144)
        Assert.Equal(n * n, order.Distinct().Count());
        string csv = WriteCsv("points.csv", "eta,id,e0,x", order.Select(g => $"{R(Axis(0.5, 12, g % n))},p{g},{R(Axis(0.1, 5, g / n))},0.25"));
        var grid = CliRunner.Run([.. Run, "--grid", "e0=0.1:5:12", "--grid", "eta=0.5:12:12", "--ic", "x=0.25", "--out", PathOf("grid.h5"), "--png", PathOf("grid.png")]);
        Assert.True(grid.ExitCode == 0, grid.Error);
        // The file lists eta before e0, but the picture's axes follow the parameter columns' order: swap them back.
        string swapped = WriteCsv("swapped.csv", "e0,id,eta,x", order.Select(g => $"{R(Axis(0.1, 5, g / n))},p{g},{R(Axis(0.5, 12, g % n))},0.25"));
        var points = CliRunner.Run([.. Run, "--points", swapped, "--out", PathOf("points.h5"), "--png", PathOf("points.png")]);
        Assert.True(points.ExitCode == 0, points.Error);
        Assert.Contains("complete 12 x 12 grid of e0 and eta: drawn as cells", points.Out);

        using (var a = Hdf5Reader.Open(PathOf("grid.h5")))
        using (var b = Hdf5Reader.Open(PathOf("points.h5")))
        {
            Assert.Equal(["sample"], b.DimensionsOf("final_x"));
            Assert.Equal(order.Select(g => $"p{g}"), b.ReadText("id"));
            foreach (var name in new[] { "final_x", "final_y", "order", "entropy", "period", "regime", "status", "steps" })
            {
                var (x, y) = (a.Read(name).Values, b.Read(name).Values);
                for (int p = 0; p < order.Length; p++)
                    Assert.True(BitConverter.DoubleToInt64Bits(x[order[p]]) == BitConverter.DoubleToInt64Bits(y[p]), $"{name} at grid point {order[p]}: {x[order[p]]:R} != {y[p]:R}");
            }
        }
        Assert.Equal(File.ReadAllBytes(PathOf("grid.png")), File.ReadAllBytes(PathOf("points.png")));

        // With eta as the first parameter column the axes swap: a different picture, the same results.
        var transposed = CliRunner.Run([.. Run, "--points", csv, "--out", PathOf("t.h5"), "--png", PathOf("t.png")]);
        Assert.True(transposed.ExitCode == 0, transposed.Error);
        Assert.Contains("grid of eta and e0", transposed.Out);
        Assert.NotEqual(File.ReadAllBytes(PathOf("grid.png")), File.ReadAllBytes(PathOf("t.png")));
    }

    /// <summary>Pixels of exactly each regime's fill colour (PhasePlot's palette) in a picture's left panel, above its legend.</summary>
    private static Dictionary<string, int> RegimePixels(string png)
    {
        var colors = new Dictionary<string, SKColor> { ["disordered"] = SKColor.Parse("#4477AA"), ["ordered"] = SKColor.Parse("#EE7733"), ["oscillatory"] = SKColor.Parse("#AA3377") };
        using var bitmap = SKBitmap.Decode(png);
        var counts = colors.Keys.ToDictionary(k => k, _ => 0);
        for (int y = 0; y < bitmap.Height * 88 / 100; y++) // the legend's patches sit lower
            for (int x = 0; x < bitmap.Width / 2; x++)
                foreach (var (name, color) in colors)
                    if (bitmap.GetPixel(x, y) == color) counts[name]++;
        return counts;
    }

    private static HashSet<string> StoredRegimes(string file)
    {
        using var reader = Hdf5Reader.Open(file);
        var names = ((string)reader.AttributesOf("regime")["flag_meanings"]).Split(' ');
        return reader.Read("regime").Values.Select(v => names[(int)v]).ToHashSet();
    }

    [Theory]
    [InlineData(0.1, 0.3, 0.5, 12)] // left of the ordering threshold: disordered only
    [InlineData(0.1, 5, 0.5, 12)] // across the plane: every regime
    public void ScatteredPoints_AreDrawnAsMarkers_InTheColoursOfTheRegimesTheFileStores(double e0Low, double e0High, double etaLow, double etaHigh)
    {
        var random = new Random(5);
        string csv = WriteCsv("scattered.csv", "e0,eta", Enumerable.Range(0, 400).Select(_ =>
            $"{R(e0Low + (e0High - e0Low) * random.NextDouble())},{R(etaLow + (etaHigh - etaLow) * random.NextDouble())}"));
        var (code, output, error) = CliRunner.Run([.. Run, "--points", csv, "--out", PathOf("s.h5"), "--png", PathOf("s.png")]);
        Assert.True(code == 0, error);
        Assert.Contains("scattered (not a complete grid of e0 and eta): drawn as one marker each", output);
        var stored = StoredRegimes(PathOf("s.h5"));
        foreach (var (regime, pixels) in RegimePixels(PathOf("s.png")))
            if (stored.Contains(regime)) Assert.True(pixels > 200, $"{regime} is stored but has only {pixels} pixels");
            else Assert.True(pixels == 0, $"{regime} is not stored but has {pixels} pixels");
    }

    [Theory]
    [InlineData("e0,eta,lambda\n0.5,2,1\n", "needs exactly two parameter columns, the picture's axes; '")]
    [InlineData("e0,x\n0.5,2\n", "needs exactly two parameter columns")]
    [InlineData("e0,eta\n0.5,2\n1.5,NaN\n", "row 2, column 'eta'")]
    [InlineData("e0,eta\n0.5,2\n7.5,3\n", "row 2, column 'e0': e0 = 7.5 is outside its valid range")]
    [InlineData("e0,eta\n0.5,2\n1.5\n", "row 2 (line 3), column 'eta': missing value")]
    [InlineData("e0,etta\n0.5,2\n", "column 'etta' is neither a parameter nor a state of innovation-cluster. Did you mean 'eta'?")]
    public void BadPoints_ExitWith2OnOneLine_NamingTheProblem_AndWriteNeitherFileNorPicture(string content, string message)
    {
        File.WriteAllText(PathOf("bad.csv"), content);
        var (code, _, error) = CliRunner.Run([.. Run, "--points", PathOf("bad.csv"), "--out", PathOf("out.h5"), "--png", PathOf("out.png")]);
        Assert.True(code == 2, error);
        Assert.Contains(message, error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Equal(["bad.csv"], Directory.GetFiles(directory).Select(Path.GetFileName));
    }

    [Fact]
    public void PointsAndRefine_OrShard_AreRefusedWithTheReason()
    {
        string csv = WriteCsv("p.csv", "e0,eta", ["0.5,2", "1.5,4"]);
        var (code, _, error) = CliRunner.Run([.. Run, "--points", csv, "--refine", "2", "--out", PathOf("o.h5"), "--png", PathOf("o.png")]);
        Assert.Equal(2, code);
        Assert.Contains("--refine needs exactly two --grid axes", error);
        (code, _, error) = CliRunner.Run([.. Run, "--points", csv, "--shard", "0/2", "--out", PathOf("o.h5"), "--png", PathOf("o.png")]);
        Assert.Equal(2, code);
        Assert.Contains("shard a 'sweep' and merge it instead", error);
    }

    [Fact]
    public void KilledPointsRun_ResumesToTheSameFileAsAnUninterruptedRun()
    {
        var random = new Random(11);
        string csv = WriteCsv("many.csv", "e0,eta,site", Enumerable.Range(0, 40_000).Select(i => $"{R(0.1 + 4.9 * random.NextDouble())},{R(0.5 + 11.5 * random.NextDouble())},s{i % 13}"));
        string[] run = [.. Run.Select(a => a == "200" ? "400" : a), "--points", csv, "--batch-size", "1024"];
        string killed = PathOf("killed.h5"), reference = PathOf("reference.h5");
        using (var process = Start([.. run, "--out", killed, "--png", PathOf("killed.png")]))
        {
            WaitForBatches(killed + ".parts", 3, process);
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        Assert.False(File.Exists(killed));
        var resumed = CliRunner.Run([.. run, "--out", killed, "--png", PathOf("killed.png"), "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("(resuming)", resumed.Out);
        var whole = CliRunner.Run([.. run, "--out", reference, "--png", PathOf("reference.png")]);
        Assert.True(whole.ExitCode == 0, whole.Error);
        AssertSameValues(killed, reference);
        Assert.Equal(File.ReadAllBytes(PathOf("reference.png")), File.ReadAllBytes(PathOf("killed.png")));
    }
}
