using ScottPlot;
using ClusterGpu.Trajectories;

namespace ClusterGpu.Plots;

/// <summary>Saved trajectories: every state against time (left) and the phase portrait of two states (right).</summary>
public static class TrajectoryPlot
{
    /// <summary>
    /// Writes the picture of <paramref name="recording"/> (state names <paramref name="states"/>) to <paramref name="path"/>;
    /// the portrait shows state <paramref name="portrait"/>.Y against its X, or is left out when null.
    /// </summary>
    public static void Render(Recording recording, IReadOnlyList<string> states, string title, (int X, int Y)? portrait, string path,
        int width = 1600, int height = 700)
    {
        var palette = new ScottPlot.Palettes.Category10();
        using var left = new Plot();
        for (int i = 0; i < recording.Count; i++)
        {
            for (int c = 0; c < states.Count; c++)
            {
                var (t, v) = Finite(recording, i, -1, c);
                var line = left.Add.ScatterLine(t, v);
                line.Color = palette.GetColor(c);
                line.LineWidth = 1.5f;
                line.LinePattern = LinePatterns[i % LinePatterns.Length];
                if (i == 0) line.LegendText = states[c];
            }
        }
        left.Title($"{title}: time series");
        left.XLabel("t");
        left.YLabel("state");
        left.ShowLegend(Alignment.UpperRight);
        left.Font.Set(PlotOutput.SansFont);
        if (portrait is not { } axes)
        {
            PlotOutput.WriteAtomically(path, left.GetImageBytes(width, height, ImageFormat.Png), "trajectory plot");
            return;
        }
        using var right = new Plot();
        for (int i = 0; i < recording.Count; i++)
        {
            var (x, y) = Finite(recording, i, axes.X, axes.Y);
            var line = right.Add.ScatterLine(x, y);
            line.Color = palette.GetColor(i % 10);
            line.LineWidth = 1.5f;
            if (recording.Count is > 1 and <= MaxLegendEntries) line.LegendText = $"point {i}";
        }
        right.Title($"{title}: phase portrait");
        right.XLabel(states[axes.X]);
        right.YLabel(states[axes.Y]);
        if (recording.Count is > 1 and <= MaxLegendEntries) right.ShowLegend(Alignment.UpperRight);
        right.Font.Set(PlotOutput.SansFont);
        PlotOutput.WriteAtomically(path, PlotOutput.SideBySide(left, right, width, height), "trajectory plot");
    }

    /// <summary>The portrait names its trajectories only up to this many (a points file may have thousands of rows).</summary>
    private const int MaxLegendEntries = 10;

    private static readonly LinePattern[] LinePatterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    /// <summary>The samples of trajectory <paramref name="i"/> where both values are finite: state <paramref name="a"/> (−1: time) against state <paramref name="b"/>.</summary>
    private static (double[] A, double[] B) Finite(Recording recording, int i, int a, int b)
    {
        var first = new List<double>();
        var second = new List<double>();
        for (int k = 0; k < recording.Samples; k++)
        {
            double u = a < 0 ? recording.Time(i, k) : recording.Value(i, k, a), v = recording.Value(i, k, b);
            if (!double.IsFinite(u) || !double.IsFinite(v)) continue;
            first.Add(u);
            second.Add(v);
        }
        return ([.. first], [.. second]);
    }
}
