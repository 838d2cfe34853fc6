using ClusterGpu.Sweeps;

namespace ClusterGpu.Plots;

/// <summary>
/// Builds the picture of a two-parameter sweep: regimes (multistable points marked), an observable, analytic boundaries;
/// a <see cref="PhaseMap"/> of cells for a grid (or a points file on a complete grid), a <see cref="PhaseScatter"/> of markers for scattered points.
/// </summary>
public static class PhaseMaps
{
    /// <summary>Regime names of the picture: the <see cref="RegimeRules.Names"/> plus "multistable".</summary>
    public static readonly string[] Names = [.. RegimeRules.Names, "multistable"];

    /// <summary>The map of <paramref name="result"/> coloured by <paramref name="observable"/> (averaged over initial conditions).</summary>
    public static PhaseMap From(SweepResult result, string observable)
    {
        var (title, categoryName, category, value) = Picture(result, observable);
        return Build(result.Space, title, categoryName, Names, category, observable, value);
    }

    /// <summary>
    /// The map of a <c>--points</c> run whose two parameter columns form a complete grid (every pair of their distinct
    /// values exactly once, in any order): the same cells as a grid run over those values; null when the points are scattered.
    /// </summary>
    public static PhaseMap? FromGriddedPoints(SweepResult result, string observable)
    {
        var ((xName, xs), (yName, ys)) = PointColumns(result.Space);
        double[] xAxis = xs.Distinct().Order().ToArray(), yAxis = ys.Distinct().Order().ToArray();
        if ((long)xAxis.Length * yAxis.Length != xs.Length) return null;
        var pointAt = new Dictionary<(double, double), int>();
        for (int p = 0; p < xs.Length; p++)
            if (!pointAt.TryAdd((xs[p], ys[p]), p)) return null;
        var (title, categoryName, category, value) = Picture(result, observable);
        return Build(result.Space, new PlotAxis(xName, xAxis, false), new PlotAxis(yName, yAxis, false), (i, j) => pointAt[(xAxis[i], yAxis[j])],
            title, categoryName, Names, category, observable, value);
    }

    /// <summary>The scatter picture of a <c>--points</c> run: each point at its two parameter columns, coloured by regime and by <paramref name="observable"/>.</summary>
    public static PhaseScatter Scatter(SweepResult result, string observable)
    {
        var ((xName, xs), (yName, ys)) = PointColumns(result.Space);
        var (title, categoryName, category, value) = Picture(result, observable);
        int k = result.Space.InitialConditions.Count;
        var (x, y) = (new PlotAxis(xName, xs, false), new PlotAxis(yName, ys, false));
        return new PhaseScatter(title, x, y, Enumerable.Range(0, xs.Length).Select(category).ToArray(), Names, observable,
            Enumerable.Range(0, xs.Length).Select(p => Mean(value, p, k)).ToArray(), AnalyticCurves(result.Space, x, y), categoryName);
    }

    /// <summary>The two parameter columns of a <c>--points</c> run (the picture's x and y, in the file's order).</summary>
    /// <exception cref="Errors.UsageException">The points file does not set exactly two parameters.</exception>
    public static ((string Name, double[] Values) X, (string Name, double[] Values) Y) PointColumns(ParameterSpace space)
    {
        var file = space.PointsFile ?? throw new ArgumentException("The space has no points file.", nameof(space));
        var names = file.Parameters.Select(p => space.Model.Info.Parameters[p.Index].Name).ToArray();
        if (names.Length != 2)
            throw new Errors.UsageException($"phase --points needs exactly two parameter columns, the picture's axes; '{file.Table.Source}' sets {names.Length} ({string.Join(", ", names)}). Use 'sweep --points' for other shapes.");
        return ((names[0], file.Parameters[0].Values), (names[1], file.Parameters[1].Values));
    }

    /// <summary>What every picture of a sweep shows: title, category panel name, category per point (multistable marked), value per trajectory.</summary>
    private static (string Title, string CategoryName, Func<int, int> Category, Func<int, double> Value) Picture(SweepResult result, string observable)
    {
        int k = result.Space.InitialConditions.Count;
        var regimes = result.Regimes;
        var values = result[observable].Values;
        int r = result.Space.Realizations;
        return (r > 1 ? $"{result.Space.Model.Info.Name}, {r} realisations" : $"{result.Space.Model.Info.Name}: regimes and {observable}",
            r > 1 ? "most frequent regime" : "regime",
            point => result.Multistable is { } m && m[point] == 1 ? Names.Length - 1 : regimes[point * k],
            trajectory => Convert.ToDouble(values.GetValue(trajectory)));
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
        int ny = yAxis.Count;
        return Build(space, new PlotAxis(xAxis.Parameter, space.AxisValues(0), xAxis.Logarithmic), new PlotAxis(yAxis.Parameter, space.AxisValues(1), yAxis.Logarithmic),
            (i, j) => i * ny + j, title, categoryName, categoryNames, category, valueName, value);
    }

    /// <summary><see cref="Build(ParameterSpace, string, string, IReadOnlyList{string}, Func{int, int}, string, Func{int, double})"/> over the cells of <paramref name="x"/> × <paramref name="y"/>, cell (i, j) showing point <paramref name="pointAt"/>(i, j).</summary>
    private static PhaseMap Build(ParameterSpace space, PlotAxis x, PlotAxis y, Func<int, int, int> pointAt, string title, string categoryName,
        IReadOnlyList<string> categoryNames, Func<int, int> category, string valueName, Func<int, double> value)
    {
        int k = space.InitialConditions.Count;
        var regime = new int[x.Values.Length, y.Values.Length];
        var continuous = new double[x.Values.Length, y.Values.Length];
        for (int i = 0; i < x.Values.Length; i++)
            for (int j = 0; j < y.Values.Length; j++)
            {
                int point = pointAt(i, j);
                regime[i, j] = category(point);
                continuous[i, j] = Mean(value, point, k);
            }
        return new PhaseMap(title, x, y, regime, categoryNames, valueName, continuous, AnalyticCurves(space, x, y), categoryName);
    }

    /// <summary>The mean of <paramref name="value"/> over the <paramref name="k"/> initial conditions (trajectories) of <paramref name="point"/>.</summary>
    private static double Mean(Func<int, double> value, int point, int k)
    {
        double sum = 0;
        for (int ic = 0; ic < k; ic++) sum += value(point * k + ic);
        return sum / k;
    }

    /// <summary>The model's closed-form boundaries (<c>ModelInfo.Boundaries</c>) on the plane of the two grid axes of <paramref name="space"/>, as (first axis, second axis) points.</summary>
    public static IReadOnlyList<OverlayCurve> AnalyticCurves(ParameterSpace space) =>
        AnalyticCurves(space, new PlotAxis(space.Axes[0].Parameter, space.AxisValues(0), false), new PlotAxis(space.Axes[1].Parameter, space.AxisValues(1), false));

    /// <summary>The model's closed-form boundaries on the plane <paramref name="x"/> × <paramref name="y"/>, over the range of their values.</summary>
    private static IReadOnlyList<OverlayCurve> AnalyticCurves(ParameterSpace space, PlotAxis x, PlotAxis y)
    {
        var info = space.Model.Info;
        double[] xs = x.Values, ys = y.Values;
        double Fixed(string name) => space.FixedValues[info.ParameterIndex(name)];
        var boundaries = new List<OverlayCurve>();
        foreach (var boundary in info.Boundaries)
        {
            if (boundary.XParameter == x.Name && boundary.YParameter == y.Name)
                boundaries.Add(new(boundary.Label, boundary.Trace(Fixed, (xs.Min(), xs.Max()), (ys.Min(), ys.Max()))));
            else if (boundary.XParameter == y.Name && boundary.YParameter == x.Name)
                boundaries.Add(new(boundary.Label, boundary.Trace(Fixed, (ys.Min(), ys.Max()), (xs.Min(), xs.Max())).Select(q => (q.Y, q.X)).ToArray()));
        }
        return boundaries.Where(b => b.Points.Count > 1).ToArray();
    }
}
