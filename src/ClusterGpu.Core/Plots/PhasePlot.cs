using ClusterGpu.Errors;
using ScottPlot;
using ScottPlot.Plottables;
using SkiaSharp;

namespace ClusterGpu.Plots;

/// <summary>
/// Renders a <see cref="PhaseMap"/> as one PNG with two panels side by side: the regime map (categorical colours,
/// legend of the regimes present) on the left, the continuous observable (colour bar, NaN cells blank) on the right.
/// Both panels show the parameter axes (log10 of the values for logarithmic axes), the title and every overlay curve.
/// </summary>
public static class PhasePlot
{
    /// <summary>
    /// Fill colours for well-known regime names; other names take the next unused colour of <see cref="Fallback"/>.
    /// Paul Tol's colour-blind-safe "bright" palette plus a dark grey for failures.
    /// </summary>
    private static readonly Dictionary<string, string> KnownRegimeColors = new(StringComparer.OrdinalIgnoreCase)
    {
        ["diverged_or_failed"] = "#3B3B3B",
        ["diverged"] = "#3B3B3B",
        ["failed"] = "#3B3B3B",
        ["disordered"] = "#4477AA",
        ["ordered"] = "#EE7733",
        ["oscillatory"] = "#AA3377",
        ["stationary"] = "#228833",
        ["multistable"] = "#CCBB44",
        ["unknown"] = "#BBBBBB",
    };

    private static readonly string[] Fallback =
        ["#3B3B3B", "#4477AA", "#EE7733", "#AA3377", "#228833", "#CCBB44", "#66CCEE", "#EE6677", "#BBBBBB", "#009988", "#882255", "#999933"];

    /// <summary>Upper bound on heatmap columns/rows used to resample a non-uniform axis.</summary>
    private const int MaxResampledCells = 1600;

    /// <summary>
    /// Writes the two-panel picture of <paramref name="map"/> to <paramref name="path"/> as a PNG of
    /// <paramref name="width"/> × <paramref name="height"/> pixels. The image is written to <c>path + ".partial"</c>
    /// first and renamed when complete, so <paramref name="path"/> never holds a half-written file.
    /// </summary>
    /// <param name="map">The phase diagram; cell [i, j] is at X.Values[i], Y.Values[j].</param>
    /// <param name="path">Destination PNG file (overwritten if it exists).</param>
    /// <param name="width">Image width in pixels (both panels together).</param>
    /// <param name="height">Image height in pixels.</param>
    /// <exception cref="ArgumentException">The map is inconsistent (shapes, unsorted axis, unknown regime code).</exception>
    /// <exception cref="UsageException">The path cannot be written.</exception>
    public static void Render(PhaseMap map, string path, int width = 1600, int height = 700)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (width < 400 || height < 200)
            throw new ArgumentOutOfRangeException(nameof(width), $"Plot size {width}x{height} is too small; use at least 400x200 pixels.");
        Validate(map);

        // Fonts and lines are sized for the default 1600x700 and grow or shrink with the picture.
        float scale = (float)Math.Clamp(Math.Min(width / 1600.0, height / 700.0), 0.6, 4.0);
        var xEdges = CellEdges(map.X);
        var yEdges = CellEdges(map.Y);
        string xLabel = AxisLabel(map.X), yLabel = AxisLabel(map.Y);

        var present = PresentRegimes(map.Regime);
        var colors = RegimeColors(map.RegimeNames);

        using var left = new Plot();
        var regimeValues = ToIntensities(map.Regime.GetLength(0), map.Regime.GetLength(1), (i, j) => map.Regime[i, j], xEdges, yEdges);
        var regimeMap = left.Add.Heatmap(regimeValues);
        regimeMap.Colormap = new CategoricalColormap(colors);
        regimeMap.ManualRange = new ScottPlot.Range(-0.5, colors.Length - 0.5);
        ConfigurePanel(left, regimeMap, $"{map.Title}: {map.CategoryName}", xLabel, yLabel, xEdges, yEdges, map, scale);
        AddRegimeLegend(left, map, present, colors, scale);

        using var right = new Plot();
        string rightTitle = $"{map.Title}: {map.ContinuousName}";
        if (FiniteRange(map.Continuous.Cast<double>()) is { } range)
        {
            var continuousValues = ToIntensities(map.Continuous.GetLength(0), map.Continuous.GetLength(1), (i, j) => map.Continuous[i, j], xEdges, yEdges);
            var continuousMap = right.Add.Heatmap(continuousValues);
            continuousMap.ManualRange = new ScottPlot.Range(range.Min, range.Max);
            continuousMap.Colormap = new ScottPlot.Colormaps.Viridis();
            continuousMap.NaNCellColor = Colors.Transparent;
            ConfigurePanel(right, continuousMap, rightTitle, xLabel, yLabel, xEdges, yEdges, map, scale);
            AddColorBar(right, continuousMap, map.ContinuousName, scale);
        }
        else
        {
            // ScottPlot's heatmap cannot take an all-NaN array (its data range must be finite): say so instead.
            ConfigurePanel(right, null, rightTitle, xLabel, yLabel, xEdges, yEdges, map, scale);
            AddNoFiniteValuesNote(right, map.ContinuousName, xEdges, yEdges, scale);
        }
        AddOverlayLegendItems(right, map, Edge.Bottom, scale);

        byte[] png = PlotOutput.SideBySide(left, right, width, height);
        PlotOutput.WriteAtomically(path, png, "phase plot");
    }

    /// <summary>
    /// Writes the two-panel picture of scattered points <paramref name="scatter"/> to <paramref name="path"/>: one marker
    /// per point, coloured by regime (left) and by the observable on the Viridis scale of a colour bar (right; points
    /// without a finite value are left out), the axes spanning the points with a 5 % margin. Written like
    /// <see cref="Render(PhaseMap, string, int, int)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, a coordinate is not finite, or a regime code has no name.</exception>
    public static void Render(PhaseScatter scatter, string path, int width = 1600, int height = 700)
    {
        ArgumentNullException.ThrowIfNull(scatter);
        int n = scatter.X.Values.Length;
        if (n == 0 || scatter.Y.Values.Length != n || scatter.Regime.Length != n || scatter.Continuous.Length != n)
            throw new ArgumentException($"A scatter needs one x, y, regime and value per point (got {n}, {scatter.Y.Values.Length}, {scatter.Regime.Length}, {scatter.Continuous.Length}).", nameof(scatter));
        if (scatter.X.Values.Concat(scatter.Y.Values).Any(v => !double.IsFinite(v))) throw new ArgumentException("A point's coordinate is not finite.", nameof(scatter));
        if (scatter.Regime.Any(code => code < 0 || code >= scatter.RegimeNames.Count)) throw new ArgumentException("A regime code has no name.", nameof(scatter));

        float scale = (float)Math.Clamp(Math.Min(width / 1600.0, height / 700.0), 0.6, 4.0);
        float size = (float)Math.Clamp(160 / Math.Sqrt(n), 2, 10) * scale;
        double[] xs = scatter.X.Values.Select(v => Transform(scatter.X, v)).ToArray(), ys = scatter.Y.Values.Select(v => Transform(scatter.Y, v)).ToArray();
        double[] xLimits = Margins(xs), yLimits = Margins(ys);
        // The overlays (boundaries, labels) are drawn as on a map; it holds no cells.
        var overlay = new PhaseMap(scatter.Title, scatter.X, scatter.Y, new int[0, 0], scatter.RegimeNames, scatter.ContinuousName, new double[0, 0],
            scatter.Boundaries, scatter.CategoryName);
        string xLabel = AxisLabel(scatter.X), yLabel = AxisLabel(scatter.Y);
        var present = new SortedSet<int>(scatter.Regime);
        var colors = RegimeColors(scatter.RegimeNames);

        using var left = new Plot();
        foreach (int code in present)
            AddMarkers(left, xs, ys, Enumerable.Range(0, n).Where(p => scatter.Regime[p] == code), colors[code], size);
        ConfigurePanel(left, null, $"{scatter.Title}: {scatter.CategoryName}", xLabel, yLabel, xLimits, yLimits, overlay, scale);
        AddRegimeLegend(left, overlay, present, colors, scale);

        using var right = new Plot();
        string rightTitle = $"{scatter.Title}: {scatter.ContinuousName}";
        if (FiniteRange(scatter.Continuous) is { } range)
        {
            var colorAxis = new ColorAxis(new ScottPlot.Colormaps.Viridis(), new ScottPlot.Range(range.Min, range.Max));
            const int shades = 256;
            var shade = scatter.Continuous.Select(v => double.IsFinite(v) ? (int)Math.Round((v - range.Min) / (range.Max - range.Min) * (shades - 1)) : -1).ToArray();
            for (int s = 0; s < shades; s++)
                AddMarkers(right, xs, ys, Enumerable.Range(0, n).Where(p => shade[p] == s), colorAxis.Colormap.GetColor(s / (shades - 1.0)), size);
            ConfigurePanel(right, null, rightTitle, xLabel, yLabel, xLimits, yLimits, overlay, scale);
            AddColorBar(right, colorAxis, scatter.ContinuousName, scale);
        }
        else
        {
            ConfigurePanel(right, null, rightTitle, xLabel, yLabel, xLimits, yLimits, overlay, scale);
            AddNoFiniteValuesNote(right, scatter.ContinuousName, xLimits, yLimits, scale);
        }
        AddOverlayLegendItems(right, overlay, Edge.Bottom, scale);

        PlotOutput.WriteAtomically(path, PlotOutput.SideBySide(left, right, width, height), "phase plot");
    }

    /// <summary>The span of <paramref name="values"/> widened by 5 % each side (a single value: ±0.5, or ±10 % of it).</summary>
    private static double[] Margins(double[] values)
    {
        double min = values.Min(), max = values.Max();
        double pad = max > min ? 0.05 * (max - min) : min == 0 ? 0.5 : 0.1 * Math.Abs(min);
        return [min - pad, max + pad];
    }

    private static void AddMarkers(Plot plot, double[] xs, double[] ys, IEnumerable<int> points, Color color, float size)
    {
        var chosen = points.ToArray();
        if (chosen.Length == 0) return;
        var dots = plot.Add.ScatterPoints(chosen.Select(p => xs[p]).ToArray(), chosen.Select(p => ys[p]).ToArray(), color);
        dots.MarkerSize = size;
    }

    /// <summary>The left panel's legend: the regimes present only (with the curves too it outgrows the panel; the curves are listed right).</summary>
    private static void AddRegimeLegend(Plot plot, PhaseMap map, IEnumerable<int> present, Color[] colors, float scale)
    {
        foreach (int code in present)
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = map.RegimeNames[code].Replace('_', ' '),
                FillColor = colors[code],
                OutlineColor = Colors.Black.WithAlpha(.5),
                OutlineWidth = 1,
            });
        AddOverlayLegendItems(plot, map with { Boundaries = [], Traced = null }, Edge.Bottom, scale);
    }

    private static void AddColorBar(Plot plot, IHasColorAxis source, string label, float scale)
    {
        var colorBar = plot.Add.ColorBar(source);
        colorBar.Label = label;
        colorBar.LabelStyle.FontSize = 17 * scale;
        colorBar.Axis.TickLabelStyle.FontSize = 15 * scale;
    }

    /// <summary>A note in the middle of a panel whose observable has no finite value (ScottPlot's colour scales need a finite range).</summary>
    private static void AddNoFiniteValuesNote(Plot plot, string name, double[] xEdges, double[] yEdges, float scale)
    {
        var note = plot.Add.Text($"no finite values of {name}", 0.5 * (xEdges[0] + xEdges[^1]), 0.5 * (yEdges[0] + yEdges[^1]));
        note.LabelFontSize = 18 * scale;
        note.LabelFontName = PlotOutput.SansFont;
        note.LabelAlignment = Alignment.MiddleCenter;
    }

    private static void Validate(PhaseMap map)
    {
        ArgumentNullException.ThrowIfNull(map.X);
        ArgumentNullException.ThrowIfNull(map.Y);
        ArgumentNullException.ThrowIfNull(map.Regime);
        ArgumentNullException.ThrowIfNull(map.Continuous);
        ArgumentNullException.ThrowIfNull(map.RegimeNames);
        ValidateAxis(map.X, "X");
        ValidateAxis(map.Y, "Y");
        int nx = map.X.Values.Length, ny = map.Y.Values.Length;
        if (map.Regime.GetLength(0) != nx || map.Regime.GetLength(1) != ny)
            throw new ArgumentException($"Regime is {map.Regime.GetLength(0)}x{map.Regime.GetLength(1)} but the axes have {nx}x{ny} values; cell [i, j] must be at X.Values[i], Y.Values[j].", nameof(map));
        if (map.Continuous.GetLength(0) != nx || map.Continuous.GetLength(1) != ny)
            throw new ArgumentException($"Continuous is {map.Continuous.GetLength(0)}x{map.Continuous.GetLength(1)} but the axes have {nx}x{ny} values.", nameof(map));
        if (map.RegimeNames.Count == 0)
            throw new ArgumentException("RegimeNames is empty.", nameof(map));
        foreach (int code in map.Regime)
            if (code < 0 || code >= map.RegimeNames.Count)
                throw new ArgumentException($"Regime code {code} has no name; codes must index RegimeNames (0..{map.RegimeNames.Count - 1}).", nameof(map));
    }

    private static void ValidateAxis(PlotAxis axis, string which)
    {
        var v = axis.Values ?? throw new ArgumentException($"Axis {which} has no values.");
        if (v.Length == 0) throw new ArgumentException($"Axis {which} ('{axis.Name}') has no values.");
        for (int k = 0; k < v.Length; k++)
        {
            if (!double.IsFinite(v[k])) throw new ArgumentException($"Axis {which} ('{axis.Name}') value {v[k]} at index {k} is not finite.");
            if (axis.Logarithmic && v[k] <= 0) throw new ArgumentException($"Axis {which} ('{axis.Name}') is logarithmic but value {v[k]} at index {k} is not positive.");
            if (k > 0 && v[k] <= v[k - 1]) throw new ArgumentException($"Axis {which} ('{axis.Name}') values must be strictly increasing (index {k}: {v[k]} after {v[k - 1]}).");
        }
    }

    private static string AxisLabel(PlotAxis axis) => axis.Logarithmic ? $"log10({axis.Name})" : axis.Name;

    private static double Transform(PlotAxis axis, double value) =>
        axis.Logarithmic ? (value > 0 ? Math.Log10(value) : double.NaN) : value;

    /// <summary>Cell edges in plotted coordinates: midpoints between neighbouring centres, extrapolated half a cell at the ends.</summary>
    private static double[] CellEdges(PlotAxis axis)
    {
        var c = axis.Values.Select(v => Transform(axis, v)).ToArray();
        var e = new double[c.Length + 1];
        if (c.Length == 1)
        {
            double half = axis.Logarithmic ? 0.5 : (c[0] == 0 ? 0.5 : Math.Abs(c[0]) * 0.1);
            e[0] = c[0] - half; e[1] = c[0] + half;
            return e;
        }
        for (int k = 1; k < c.Length; k++) e[k] = 0.5 * (c[k - 1] + c[k]);
        e[0] = c[0] - (e[1] - c[0]);
        e[^1] = c[^1] + (c[^1] - e[^2]);
        return e;
    }

    /// <summary>True when all cells have the same width (to 1e-6 relative), so one heatmap cell per data cell is exact.</summary>
    private static bool IsUniform(double[] edges)
    {
        double w0 = edges[1] - edges[0];
        for (int k = 1; k < edges.Length - 1; k++)
            if (Math.Abs(edges[k + 1] - edges[k] - w0) > 1e-6 * Math.Abs(w0)) return false;
        return true;
    }

    /// <summary>For each heatmap column (or row) along an axis, the data cell it shows.</summary>
    private static int[] SampleIndices(double[] edges)
    {
        int n = edges.Length - 1;
        if (n == 1) return [0, 0];  // ScottPlot draws nothing for a heatmap one cell high or wide
        if (IsUniform(edges)) return Enumerable.Range(0, n).ToArray();
        double minWidth = double.MaxValue;
        for (int k = 0; k < n; k++) minWidth = Math.Min(minWidth, edges[k + 1] - edges[k]);
        double span = edges[^1] - edges[0];
        int samples = (int)Math.Clamp(Math.Ceiling(4 * span / minWidth), n, MaxResampledCells);
        var index = new int[samples];
        int cell = 0;
        for (int s = 0; s < samples; s++)
        {
            double centre = edges[0] + (s + 0.5) * span / samples;
            while (cell < n - 1 && centre >= edges[cell + 1]) cell++;
            index[s] = cell;
        }
        return index;
    }

    /// <summary>
    /// Heatmap intensities: ScottPlot's row 0 is the top of the picture and column 0 the left, so row r shows the
    /// largest y first; non-uniform axes are resampled on a fine uniform grid spanning the cell edges.
    /// </summary>
    private static double[,] ToIntensities(int nx, int ny, Func<int, int, double> value, double[] xEdges, double[] yEdges)
    {
        var xi = SampleIndices(xEdges);
        var yj = SampleIndices(yEdges);
        var result = new double[yj.Length, xi.Length];
        for (int r = 0; r < yj.Length; r++)
        {
            int j = yj[yj.Length - 1 - r];
            for (int c = 0; c < xi.Length; c++) result[r, c] = value(xi[c], j);
        }
        return result;
    }

    private static void ConfigurePanel(Plot plot, Heatmap? heatmap, string title, string xLabel, string yLabel, double[] xEdges, double[] yEdges, PhaseMap map, float scale)
    {
        if (heatmap is not null)
        {
            // Rectangle gives the outer edges of the whole image (Extent/Position would give cell centres).
            heatmap.Rectangle = new CoordinateRect(xEdges[0], xEdges[^1], yEdges[0], yEdges[^1]);
            heatmap.Smooth = false;
        }

        for (int k = 0; k < map.Boundaries.Count; k++)
            foreach (var segment in Segments(map.Boundaries[k], map.X, map.Y))
            {
                // A white solid line under a black dashed one stays visible over every fill colour.
                var halo = plot.Add.ScatterLine(segment.Xs, segment.Ys, Colors.White);
                halo.LineWidth = 4.5f * scale;
                halo.MarkerSize = 0;
                var line = plot.Add.ScatterLine(segment.Xs, segment.Ys, Colors.Black);
                line.LineWidth = 2.5f * scale;
                line.LinePattern = CurvePattern(k);
                line.MarkerSize = 0;
            }

        foreach (var curve in map.Traced ?? [])
            foreach (var segment in Segments(curve, map.X, map.Y))
            {
                var line = plot.Add.ScatterLine(segment.Xs, segment.Ys, Colors.White);
                line.LineWidth = 1.2f * scale;
                line.MarkerSize = 0;
            }
        if (map.Markers is { Count: > 0 } markers)
        {
            var dots = plot.Add.ScatterPoints(markers.Select(m => Transform(map.X, m.X)).ToArray(), markers.Select(m => Transform(map.Y, m.Y)).ToArray(), Colors.Black.WithAlpha(.6));
            dots.MarkerSize = 1.5f * scale;
        }

        plot.Font.Set(PlotOutput.SansFont);
        plot.Title(title, 20 * scale);
        plot.Axes.Title.Label.Bold = true;
        plot.XLabel(xLabel, 18 * scale);
        plot.YLabel(yLabel, 18 * scale);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 15 * scale;
        plot.Axes.Left.TickLabelStyle.FontSize = 15 * scale;
        plot.HideGrid();
        plot.Axes.SetLimits(xEdges[0], xEdges[^1], yEdges[0], yEdges[^1]);
        plot.Legend.FontSize = 15 * scale;
        plot.Legend.DisplayPlottableLegendItems = false;
    }

    /// <summary>Overlay curves share colours (black on a white halo) and differ by dash pattern.</summary>
    private static LinePattern CurvePattern(int k) => (k % 3) switch
    {
        0 => LinePattern.Dashed,
        1 => LinePattern.Dotted,
        _ => LinePattern.DenselyDashed,
    };

    private static void AddOverlayLegendItems(Plot plot, PhaseMap map, Edge edge, float scale)
    {
        for (int k = 0; k < map.Boundaries.Count; k++)
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = map.Boundaries[k].Label,
                LineColor = Colors.Black,
                LineWidth = 2.5f * scale,
                LinePattern = CurvePattern(k),
            });
        if (map.Traced is { Count: > 0 })
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "traced boundaries", LineColor = Colors.White, LineWidth = 2.5f * scale, OutlineColor = Colors.Black });
        if (plot.Legend.ManualItems.Count > 0)
        {
            plot.ShowLegend(edge);
            plot.Legend.SymbolWidth = 40 * scale;
            plot.Legend.SymbolPadding = 8 * scale;
            plot.Legend.Orientation = edge is Edge.Bottom or Edge.Top ? Orientation.Horizontal : Orientation.Vertical;
        }
        else
            plot.HideLegend();
    }

    /// <summary>Curve points in plotted coordinates, split where a point cannot be shown (NaN, non-positive on a log axis).</summary>
    private static IEnumerable<(double[] Xs, double[] Ys)> Segments(OverlayCurve curve, PlotAxis xAxis, PlotAxis yAxis)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var (x, y) in curve.Points)
        {
            double px = Transform(xAxis, x), py = Transform(yAxis, y);
            if (double.IsFinite(px) && double.IsFinite(py)) { xs.Add(px); ys.Add(py); continue; }
            if (xs.Count >= 2) yield return (xs.ToArray(), ys.ToArray());
            xs.Clear(); ys.Clear();
        }
        if (xs.Count >= 2) yield return (xs.ToArray(), ys.ToArray());
    }

    private static SortedSet<int> PresentRegimes(int[,] regime)
    {
        var present = new SortedSet<int>();
        foreach (int code in regime) present.Add(code);
        return present;
    }

    private static Color[] RegimeColors(IReadOnlyList<string> names)
    {
        var colors = new Color[names.Count];
        var used = new HashSet<string>();
        for (int k = 0; k < names.Count; k++)
            if (KnownRegimeColors.TryGetValue(names[k], out var hex) && used.Add(hex)) colors[k] = Color.FromHex(hex);
        int next = 0;
        for (int k = 0; k < names.Count; k++)
        {
            if (colors[k] != default) continue;
            while (next < Fallback.Length && used.Contains(Fallback[next])) next++;
            string hex = next < Fallback.Length ? Fallback[next] : Fallback[k % Fallback.Length];
            used.Add(hex);
            colors[k] = Color.FromHex(hex);
        }
        return colors;
    }

    private static (double Min, double Max)? FiniteRange(IEnumerable<double> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in values)
            if (double.IsFinite(v)) { min = Math.Min(min, v); max = Math.Max(max, v); }
        if (min > max) return null;
        if (min == max) { double pad = min == 0 ? 1 : Math.Abs(min) * 0.01; return (min - pad, max + pad); }
        return (min, max);
    }

    /// <summary>A colour scale with no plottable behind it (the scatter's), for its colour bar.</summary>
    private sealed class ColorAxis(IColormap colormap, ScottPlot.Range range) : IHasColorAxis
    {
        public IColormap Colormap => colormap;
        public ScottPlot.Range GetRange() => range;
    }

    /// <summary>Hard-edged palette: a heatmap with range [-0.5, K-0.5] maps code k to colour k.</summary>
    private sealed class CategoricalColormap(Color[] colors) : IColormap
    {
        public string Name => "regimes";

        public Color GetColor(double position)
        {
            if (double.IsNaN(position)) return Colors.Transparent;
            int k = (int)Math.Floor(position * colors.Length);
            return colors[Math.Clamp(k, 0, colors.Length - 1)];
        }
    }
}
