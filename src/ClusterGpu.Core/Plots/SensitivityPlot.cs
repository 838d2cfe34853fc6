using ClusterGpu.Sensitivity;
using ScottPlot;

namespace ClusterGpu.Plots;

/// <summary>
/// Bar chart of a sensitivity report: per varied input, S1 and ST (Sobol') or μ* and σ (Morris) of every observable,
/// with the bootstrap confidence half-widths as error bars (none for σ).
/// </summary>
public static class SensitivityPlot
{
    /// <summary>Writes the chart of <paramref name="report"/> to <paramref name="path"/> (PNG, written aside and renamed).</summary>
    public static void Render(SensitivityReport report, string path, int width = 1400, int height = 700)
    {
        using var plot = new Plot();
        int k = report.Inputs.Count;
        var series = new List<(string Label, Func<int, int, double> Value, Func<int, int, double>? Error)>();
        if (report.Sobol is { } sobol)
        {
            series.Add(("S1", (o, i) => sobol[o].S1[i], (o, i) => sobol[o].S1Conf[i]));
            series.Add(("ST", (o, i) => sobol[o].ST[i], (o, i) => sobol[o].STConf[i]));
        }
        else if (report.Morris is { } morris)
        {
            series.Add(("mu*", (o, i) => morris[o].MuStar[i], (o, i) => morris[o].MuStarConfidence[i]));
            series.Add(("sigma", (o, i) => morris[o].Sigma[i], null));
        }
        int groups = series.Count * report.Observables.Count;
        double barWidth = 0.8 / groups;
        var palette = new ScottPlot.Palettes.Category10();
        int g = 0;
        for (int o = 0; o < report.Observables.Count; o++)
            foreach (var (label, value, error) in series)
            {
                var xs = Enumerable.Range(0, k).Select(i => i - 0.4 + barWidth * (g + 0.5)).ToArray();
                var ys = Enumerable.Range(0, k).Select(i => value(o, i)).ToArray();
                var bars = plot.Add.Bars(xs, ys);
                foreach (var bar in bars.Bars) bar.Size = barWidth * 0.9;
                bars.Color = palette.GetColor(g);
                bars.LegendText = report.Observables.Count > 1 ? $"{label} of {report.Observables[o]}" : label;
                if (error is not null)
                {
                    var errors = plot.Add.ErrorBar(xs, ys, Enumerable.Range(0, k).Select(i => error(o, i)).ToArray());
                    errors.Color = Colors.Black;
                }
                g++;
            }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, k).Select(i => (double)i).ToArray(), report.Inputs.Select(i => i.Parameter).ToArray());
        string method = report.Sobol is not null ? $"Sobol' indices, N = {report.BaseSize}" : $"Morris screening, r = {report.Settings.Samples}";
        plot.Title($"{report.Model}: {method}, {report.Settings.ConfidenceLevel:P0} bootstrap intervals");
        plot.YLabel(report.Sobol is not null ? "index" : "elementary effect (per unit-cube step)");
        plot.XLabel("varied input");
        plot.Axes.Bottom.TickLabelStyle.FontSize = 16;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Add.HorizontalLine(0, color: Colors.Black.WithAlpha(0.4));
        plot.ShowLegend(Alignment.UpperRight);
        plot.Font.Set(PlotOutput.SansFont);
        PlotOutput.WriteAtomically(path, plot.GetImageBytes(width, height, ImageFormat.Png), "sensitivity chart");
    }
}
