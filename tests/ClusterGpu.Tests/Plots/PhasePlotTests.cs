using ClusterGpu.Errors;
using ClusterGpu.Plots;
using SkiaSharp;

namespace ClusterGpu.Tests.Plots;

public sealed class PhasePlotTests : IDisposable
{
    private static readonly string[] Names = ["diverged_or_failed", "disordered", "ordered", "oscillatory", "stationary", "multistable"];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "phaseplot-" + Guid.NewGuid().ToString("N"));

    public PhasePlotTests() => Directory.CreateDirectory(_dir);

    /// <summary>Where pictures go: PHASEPLOT_SAMPLE_DIR when set (to keep them for a human to look at), else a temp dir.</summary>
    private string OutputDir()
    {
        string dir = Environment.GetEnvironmentVariable("PHASEPLOT_SAMPLE_DIR") ?? _dir;
        Directory.CreateDirectory(dir);
        return dir;
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>A realistic map: ordered above a curve y = x^2/4 (log y axis), oscillatory in a band, a few failures and NaNs.</summary>
    internal static PhaseMap SampleMap(int nx = 40, int ny = 30)
    {
        var xs = Enumerable.Range(0, nx).Select(i => 0.1 + 4.9 * i / (nx - 1)).ToArray();
        var ys = Enumerable.Range(0, ny).Select(j => Math.Pow(10, -2 + 3.0 * j / (ny - 1))).ToArray();
        var regime = new int[nx, ny];
        var cont = new double[nx, ny];
        for (int i = 0; i < nx; i++)
            for (int j = 0; j < ny; j++)
            {
                double x = xs[i], y = ys[j], boundary = x * x / 4;
                regime[i, j] = y > boundary ? 2 : (y > boundary / 3 ? 3 : 1);
                if (i > nx - 4 && j > ny - 4) regime[i, j] = 0;
                cont[i, j] = regime[i, j] == 0 ? double.NaN : Math.Tanh(Math.Log10(y / boundary));
            }
        var curve = Enumerable.Range(0, 200).Select(k => 0.05 * k).Select(x => (x, x * x / 4)).ToList();
        var curve2 = Enumerable.Range(0, 200).Select(k => 0.05 * k).Select(x => (x, x * x / 12)).ToList();
        return new PhaseMap("Kuramoto ensemble", new PlotAxis("K", xs, false), new PlotAxis("sigma", ys, true),
            regime, Names, "order parameter r", cont,
            [new OverlayCurve("analytic onset y = x²/4", curve), new OverlayCurve("y = x²/12", curve2)]);
    }

    private static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 24, "PNG too short");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        int w = (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19];
        int h = (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23];
        return (w, h);
    }

    [Fact]
    public void WritesValidPngOfRequestedSize()
    {
        string path = Path.Combine(_dir, "map.png");
        PhasePlot.Render(SampleMap(), path, 1500, 650);
        Assert.Equal((1500, 650), PngSize(path));
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal(1500, bitmap.Width);
        Assert.Equal(650, bitmap.Height);
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public void DefaultSizeIs1600By700()
    {
        string path = Path.Combine(_dir, "default.png");
        PhasePlot.Render(SampleMap(), path);
        Assert.Equal((1600, 700), PngSize(path));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CellWithLargestXAndSmallestYIsBottomRightOfLeftPanel(bool logarithmic)
    {
        // Non-square and non-uniform grid, so a transposition or flip cannot look right by accident.
        double[] xs = logarithmic ? [1, 3, 10, 100, 300] : [0, 1, 2, 4, 5];
        double[] ys = [10, 20, 30];
        var regime = new int[xs.Length, ys.Length];
        regime[xs.Length - 1, 0] = 1;
        var cont = new double[xs.Length, ys.Length];
        var map = new PhaseMap("orientation", new PlotAxis("a", xs, logarithmic), new PlotAxis("b", ys, false),
            regime, ["diverged_or_failed", "disordered"], "value", cont, []);
        string path = Path.Combine(OutputDir(), $"orientation-{(logarithmic ? "log" : "lin")}.png");
        PhasePlot.Render(map, path, 1600, 700);

        using var bitmap = SKBitmap.Decode(path);
        var target = SKColor.Parse("#4477AA");   // disordered
        var other = SKColor.Parse("#3B3B3B");    // diverged_or_failed
        // Locate the data area of the left panel: most cells are regime 0, so the longest run of its colour along the
        // middle row gives the x extent (legend swatches are short), and the longest run down that run's centre the y extent.
        var (minX, maxX) = LongestRun(bitmap.Width / 2, x => bitmap.GetPixel(x, bitmap.Height / 2), other);
        var (minY, maxY) = LongestRun(bitmap.Height, y => bitmap.GetPixel((minX + maxX) / 2, y), other);
        Assert.True(maxX - minX > 300 && maxY - minY > 300, $"data area not found: x {minX}..{maxX}, y {minY}..{maxY}");
        // The middle row and the centre column of the left panel never touch the regime-1 cell, so the runs span the
        // whole data area: the cell is at the right end (x) and in the bottom third (y), both measured independently.

        SKColor At(double fx, double fy) => bitmap.GetPixel(minX + (int)(fx * (maxX - minX)), minY + (int)(fy * (maxY - minY)));
        // Bottom-right corner region (largest x, smallest y) is regime 1; the other three corners are regime 0.
        Assert.True(Near(At(0.97, 0.95), target), $"bottom-right is {At(0.97, 0.95)}, expected {target}");
        Assert.True(Near(At(0.03, 0.95), other), $"bottom-left is {At(0.03, 0.95)}");
        Assert.True(Near(At(0.97, 0.05), other), $"top-right is {At(0.97, 0.05)}");
        Assert.True(Near(At(0.03, 0.05), other), $"top-left is {At(0.03, 0.05)}");
        // The regime-1 cell spans the last x cell: edges at the midpoint of the last two centres.
        double[] px = logarithmic ? xs.Select(Math.Log10).ToArray() : xs;
        double lo = 2 * px[0] - 0.5 * (px[0] + px[1]), hi = 2 * px[^1] - 0.5 * (px[^2] + px[^1]);
        double edge = (0.5 * (px[^2] + px[^1]) - lo) / (hi - lo);
        Assert.True(Near(At(edge + 0.03, 0.9), target), "just right of the last x edge should be regime 1");
        Assert.True(Near(At(edge - 0.03, 0.9), other), "just left of the last x edge should be regime 0");
        // The cell spans one third of the y range (three uniform cells).
        Assert.True(Near(At(0.97, 0.70), target), "lower third should be regime 1");
        Assert.True(Near(At(0.97, 0.60), other), "middle third should be regime 0");
    }

    private static (int Start, int End) LongestRun(int length, Func<int, SKColor> pixel, SKColor color)
    {
        (int Start, int End) best = (0, -1);
        int start = -1;
        for (int k = 0; k <= length; k++)
        {
            bool match = k < length && Near(pixel(k), color);
            if (match && start < 0) start = k;
            if (!match && start >= 0)
            {
                if (k - 1 - start > best.End - best.Start) best = (start, k - 1);
                start = -1;
            }
        }
        return best;
    }

    private static bool Near(SKColor a, SKColor b) =>
        Math.Abs(a.Red - b.Red) <= 6 && Math.Abs(a.Green - b.Green) <= 6 && Math.Abs(a.Blue - b.Blue) <= 6;

    [Fact]
    public void UnwritablePathThrowsUsageExceptionAndLeavesNoFile()
    {
        string path = Path.Combine(_dir, "no-such-dir", "map.png");
        var e = Assert.Throws<UsageException>(() => PhasePlot.Render(SampleMap(), path));
        Assert.Contains(path, e.Message);
        Assert.Contains("writable", e.Message);
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public void PathThatIsADirectoryThrowsUsageExceptionAndLeavesNoPartial()
    {
        string path = Path.Combine(_dir, "a-directory");
        Directory.CreateDirectory(path);
        var e = Assert.Throws<UsageException>(() => PhasePlot.Render(SampleMap(), path));
        Assert.Contains(path, e.Message);
        Assert.True(Directory.Exists(path));
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public void MismatchedShapeIsRejected()
    {
        var good = SampleMap();
        var bad = good with { Regime = new int[3, 3] };
        var e = Assert.Throws<ArgumentException>(() => PhasePlot.Render(bad, Path.Combine(_dir, "x.png")));
        Assert.Contains("Regime", e.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "x.png")));
    }

    [Fact]
    public void OverlayReachingFarOutsideTheAxisRangeDoesNotRescaleThePlot()
    {
        // Same legend in both pictures; only the curve's points differ (inside the range vs. far outside it).
        var map = SampleMap();
        var inside = map with { Boundaries = [.. map.Boundaries, new OverlayCurve("extra", [(1.0, 0.1), (1.2, 0.12)])] };
        var far = map with { Boundaries = [.. map.Boundaries, new OverlayCurve("extra", [(-100.0, 1e-6), (100.0, 1e6)])] };
        string a = Path.Combine(_dir, "a.png"), b = Path.Combine(_dir, "b.png");
        PhasePlot.Render(inside, a);
        PhasePlot.Render(far, b);
        // If the far points had rescaled the axes, the cells would move and most of the middle row would change.
        using var ba = SKBitmap.Decode(a);
        using var bb = SKBitmap.Decode(b);
        int differing = 0, samples = 0;
        for (int x = 0; x < ba.Width; x += 3, samples++)
            if (ba.GetPixel(x, ba.Height / 2) != bb.GetPixel(x, ba.Height / 2)) differing++;
        Assert.True(differing < samples / 20, $"{differing} of {samples} pixels differ along the middle row: the overlay rescaled the axes");
    }

    [Fact]
    public void RendersSamplesForInspection()
    {
        string dir = OutputDir();
        PhasePlot.Render(SampleMap(), Path.Combine(dir, "sample.png"));
        PhasePlot.Render(SampleMap(120, 90), Path.Combine(dir, "sample-fine.png"), 2400, 1000);
        Assert.True(File.Exists(Path.Combine(dir, "sample.png")));
    }

    [Fact]
    public void EdgeCasesRender()
    {
        string dir = OutputDir();

        // All-NaN observable, single-value y axis, no overlays.
        var allNaN = new double[3, 1] { { double.NaN }, { double.NaN }, { double.NaN } };
        var single = new PhaseMap("degenerate", new PlotAxis("a", [1, 2, 3], false), new PlotAxis("b", [5], false),
            new int[3, 1] { { 0 }, { 1 }, { 2 } }, Names, "r", allNaN, []);
        PhasePlot.Render(single, Path.Combine(dir, "degenerate.png"));
        using (var degenerate = SKBitmap.Decode(Path.Combine(dir, "degenerate.png")))
        {
            // The single row of cells fills the data area: the left panel's middle row shows all three regime colours.
            var row = Enumerable.Range(0, degenerate.Width / 2).Select(x => degenerate.GetPixel(x, degenerate.Height / 2)).ToList();
            foreach (var hex in new[] { "#3B3B3B", "#4477AA", "#EE7733" })
                Assert.True(row.Count(c => Near(c, SKColor.Parse(hex))) > 100, $"regime colour {hex} missing from the single-row map");
        }

        // Constant observable, non-uniform linear x, unknown regime names, all eight codes present.
        string[] names = ["a_1", "b_2", "c_3", "d_4", "e_5", "f_6", "g_7", "h_8"];
        double[] xs = [0, 0.1, 0.2, 0.5, 1, 2, 5, 10];
        double[] ys = [1, 2, 3, 4];
        var regime = new int[xs.Length, ys.Length];
        var constant = new double[xs.Length, ys.Length];
        for (int i = 0; i < xs.Length; i++)
            for (int j = 0; j < ys.Length; j++) { regime[i, j] = i; constant[i, j] = 0.5; }
        var many = new PhaseMap("many regimes", new PlotAxis("x", xs, false), new PlotAxis("y", ys, false),
            regime, names, "const", constant, [new OverlayCurve("diagonal", [(0.0, 1.0), (10.0, 4.0)])]);
        string path = Path.Combine(dir, "many.png");
        PhasePlot.Render(many, path);

        // Non-uniform x: the cell of x = 10 spans from 7.5 to 12.5 of a 12.6-wide axis, i.e. the right ~40%.
        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(1600, bitmap.Width);
    }
}
