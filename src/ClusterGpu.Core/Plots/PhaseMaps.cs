using ClusterGpu.Sweeps;

namespace ClusterGpu.Plots;

/// <summary>Builds the <see cref="PhaseMap"/> of a two-axis sweep: regimes (multistable points marked), an observable, analytic boundaries.</summary>
public static class PhaseMaps
{
    /// <summary>Regime names of the picture: the <see cref="RegimeRules.Names"/> plus "multistable".</summary>
    public static readonly string[] Names = [.. RegimeRules.Names, "multistable"];

    /// <summary>The map of <paramref name="result"/> coloured by <paramref name="observable"/> (averaged over initial conditions).</summary>
    public static PhaseMap From(SweepResult result, string observable)
    {
        int k = result.Space.InitialConditions.Count;
        var regimes = result.Regimes;
        var values = result[observable].Values;
        int r = result.Space.Realizations;
        return Build(result.Space, r > 1 ? $"{result.Space.Model.Info.Name}, {r} realisations" : $"{result.Space.Model.Info.Name}: regimes and {observable}",
            r > 1 ? "most frequent regime" : "regime", Names,
            point => result.Multistable is { } m && m[point] == 1 ? Names.Length - 1 : regimes[point * k],
            observable, trajectory => Convert.ToDouble(values.GetValue(trajectory)));
    }

    /// <summary>
    /// The map of any per-point category (the left panel, titled <paramref name="categoryName"/>) and per-trajectory value over the two grid axes of <paramref name="space"/>:
    /// <paramref name="category"/>(point) is a code into <paramref name="categoryNames"/>, <paramref name="value"/>(trajectory)
    /// is averaged over the initial conditions of each point; the model's analytic boundaries on these axes are overlaid.
    /// </summary>
    public static PhaseMap Build(ParameterSpace space, string title, string categoryName, IReadOnlyList<string> categoryNames, Func<int, int> category,
        string valueName, Func<int, double> value)
    {
        var (xAxis, yAxis) = (space.Axes[0], space.Axes[1]);
        double[] xs = space.AxisValues(0), ys = space.AxisValues(1);
        int k = space.InitialConditions.Count;
        var regime = new int[xs.Length, ys.Length];
        var continuous = new double[xs.Length, ys.Length];
        for (int i = 0; i < xs.Length; i++)
            for (int j = 0; j < ys.Length; j++)
            {
                int point = i * ys.Length + j;
                regime[i, j] = category(point);
                double sum = 0;
                for (int ic = 0; ic < k; ic++) sum += value(point * k + ic);
                continuous[i, j] = sum / k;
            }
        return new PhaseMap(title, new PlotAxis(xAxis.Parameter, xs, xAxis.Logarithmic),
            new PlotAxis(yAxis.Parameter, ys, yAxis.Logarithmic), regime, categoryNames, valueName, continuous, AnalyticCurves(space), categoryName);
    }

    /// <summary>The model's closed-form boundaries (<c>ModelInfo.Boundaries</c>) on the plane of the two grid axes of <paramref name="space"/>, as (first axis, second axis) points.</summary>
    public static IReadOnlyList<OverlayCurve> AnalyticCurves(ParameterSpace space)
    {
        var info = space.Model.Info;
        var (xAxis, yAxis) = (space.Axes[0], space.Axes[1]);
        double[] xs = space.AxisValues(0), ys = space.AxisValues(1);
        double Fixed(string name) => space.FixedValues[info.ParameterIndex(name)];
        var boundaries = new List<OverlayCurve>();
        foreach (var boundary in info.Boundaries)
        {
            if (boundary.XParameter == xAxis.Parameter && boundary.YParameter == yAxis.Parameter)
                boundaries.Add(new(boundary.Label, boundary.Trace(Fixed, (xs.Min(), xs.Max()), (ys.Min(), ys.Max()))));
            else if (boundary.XParameter == yAxis.Parameter && boundary.YParameter == xAxis.Parameter)
                boundaries.Add(new(boundary.Label, boundary.Trace(Fixed, (ys.Min(), ys.Max()), (xs.Min(), xs.Max())).Select(q => (q.Y, q.X)).ToArray()));
        }
        return boundaries.Where(b => b.Points.Count > 1).ToArray();
    }
}
