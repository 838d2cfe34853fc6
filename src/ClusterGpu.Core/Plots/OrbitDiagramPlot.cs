using ScottPlot;
using ClusterGpu.Bifurcation;

namespace ClusterGpu.Plots;

/// <summary>The classic orbit diagram: the parameter on x, every local maximum in the window as a dot; one colour per initial condition (hysteresis shows as two branches).</summary>
public static class OrbitDiagramPlot
{
    /// <summary>
    /// Writes the dots of <paramref name="result"/> (rows = parameter value × initial condition, <paramref name="initialConditions"/>
    /// per value, parameter values <paramref name="parameterValues"/>) to <paramref name="path"/>.
    /// </summary>
    public static void Render(OrbitDiagramResult result, double[] parameterValues, int initialConditions, string parameter, string state, string title, string path,
        int width = 1400, int height = 800)
    {
        var palette = new ScottPlot.Palettes.Category10();
        using var plot = new Plot();
        for (int ic = 0; ic < initialConditions; ic++)
        {
            var x = new List<double>();
            var y = new List<double>();
            for (int p = 0; p < parameterValues.Length; p++)
                for (int k = 0; k < result.MaxPeaks; k++)
                {
                    double v = result.Maximum(p * initialConditions + ic, k);
                    if (!double.IsFinite(v)) continue;
                    x.Add(parameterValues[p]);
                    y.Add(v);
                }
            var dots = plot.Add.ScatterPoints(x.ToArray(), y.ToArray());
            dots.Color = palette.GetColor(ic).WithAlpha(initialConditions > 1 ? 0.6 : 1.0);
            dots.MarkerSize = 2.5f;
            dots.MarkerShape = MarkerShape.FilledCircle;
            if (initialConditions > 1) dots.LegendText = $"initial condition {ic}";
        }
        plot.Title(title);
        plot.XLabel(parameter);
        plot.YLabel($"local maxima of {state}");
        if (initialConditions > 1) plot.ShowLegend(Alignment.UpperLeft);
        plot.Font.Set(PlotOutput.SansFont);
        PlotOutput.WriteAtomically(path, plot.GetImageBytes(width, height, ImageFormat.Png), "orbit diagram");
    }
}
