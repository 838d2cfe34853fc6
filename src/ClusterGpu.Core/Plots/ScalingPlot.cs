using ClusterGpu.Benchmarking;
using ScottPlot;

namespace ClusterGpu.Plots;

/// <summary>Scaling plot of a benchmark suite: trajectory-steps/s against trajectories, log-log, one line per backend × precision × method of one model.</summary>
public static class ScalingPlot
{
    /// <summary>Writes the plot of <paramref name="model"/>'s rows of <paramref name="report"/> to <paramref name="path"/> (PNG, written aside and renamed).</summary>
    public static void Render(SuiteReport report, string model, string path, int width = 1200, int height = 750)
    {
        using var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var rows = report.Rows.Where(r => r.Model == model).ToList();
        var backends = rows.Select(r => r.Backend).Distinct().ToList();
        foreach (var series in rows.GroupBy(r => (r.Backend, r.Precision, r.Method)))
        {
            var points = series.OrderBy(r => r.Trajectories).ToArray();
            var scatter = plot.Add.Scatter(
                points.Select(r => Math.Log10(r.Trajectories)).ToArray(),
                points.Select(r => Math.Log10(r.TrajectoryStepsPerSecond)).ToArray());
            scatter.LegendText = $"{series.Key.Backend} {series.Key.Precision} {series.Key.Method}";
            scatter.Color = palette.GetColor(backends.IndexOf(series.Key.Backend));
            scatter.LinePattern = series.Key.Method == "rk4" ? LinePattern.Solid : LinePattern.Dashed;
            scatter.MarkerShape = series.Key.Precision == "fp64" ? MarkerShape.FilledCircle : MarkerShape.OpenSquare;
            scatter.MarkerSize = 8;
        }
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
            axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = v => $"1e{v:0}",
            };
        plot.Title($"{model}: trajectory-steps per second");
        plot.XLabel("trajectories");
        plot.YLabel("trajectory-steps / s");
        plot.ShowLegend(Alignment.LowerRight);
        plot.Font.Set(PlotOutput.SansFont);
        PlotOutput.WriteAtomically(path, plot.GetImageBytes(width, height, ImageFormat.Png), "scaling plot");
    }
}
