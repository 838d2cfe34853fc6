namespace ClusterGpu.Plots;

/// <summary>A named axis of a two-parameter phase diagram: parameter name, cell-centre values, logarithmic or not.</summary>
public sealed record PlotAxis(string Name, double[] Values, bool Logarithmic);

/// <summary>A curve in parameter space to overlay (e.g. an analytic bifurcation line), in axis coordinates.</summary>
public sealed record OverlayCurve(string Label, IReadOnlyList<(double X, double Y)> Points);

/// <summary>
/// Everything a phase-diagram picture shows: the regime of every cell (categorical, codes into
/// <see cref="RegimeNames"/>), a continuous observable per cell, and analytic boundaries.
/// Cell [i, j] is at X.Values[i], Y.Values[j]; NaN in <see cref="Continuous"/> marks a cell without a value.
/// <see cref="CategoryName"/> titles the categorical panel (the regime, or another classification such as linear stability).
/// <see cref="Traced"/> are boundaries extracted from the data (thin solid lines), <see cref="Markers"/> points to mark
/// (e.g. the points an adaptive run integrated).
/// </summary>
public sealed record PhaseMap(
    string Title,
    PlotAxis X,
    PlotAxis Y,
    int[,] Regime,
    IReadOnlyList<string> RegimeNames,
    string ContinuousName,
    double[,] Continuous,
    IReadOnlyList<OverlayCurve> Boundaries,
    string CategoryName = "regime",
    IReadOnlyList<OverlayCurve>? Traced = null,
    IReadOnlyList<(double X, double Y)>? Markers = null);

/// <summary>
/// A phase diagram of scattered points (a points file not on a grid): point p is at (X.Values[p], Y.Values[p]), in
/// category <see cref="Regime"/>[p] (a code into <see cref="RegimeNames"/>) with value <see cref="Continuous"/>[p] (NaN: none).
/// The picture draws one marker per point instead of cells: nothing is interpolated between points.
/// </summary>
public sealed record PhaseScatter(
    string Title,
    PlotAxis X,
    PlotAxis Y,
    int[] Regime,
    IReadOnlyList<string> RegimeNames,
    string ContinuousName,
    double[] Continuous,
    IReadOnlyList<OverlayCurve> Boundaries,
    string CategoryName = "regime");
