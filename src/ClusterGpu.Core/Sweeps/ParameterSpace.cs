using System.Globalization;
using ClusterGpu.Errors;
using ClusterGpu.Models;
using ClusterGpu.Points;
using ClusterGpu.Sensitivity;

namespace ClusterGpu.Sweeps;

/// <summary>How sampled runs draw their points in the unit cube.</summary>
public enum SamplerKind
{
    /// <summary>Independent uniform draws (SplitMix64 from the seed).</summary>
    Random,
    /// <summary>Latin hypercube: each parameter's range cut in N strata, one point per stratum, strata shuffled per parameter.</summary>
    LatinHypercube,
    /// <summary>Scrambled Sobol' points (<see cref="SobolSequence"/>, scrambled with the seed): low discrepancy, best balanced when N is a power of two.</summary>
    Sobol,
}

/// <summary>
/// The trajectories of a sweep: a Cartesian grid over some parameters (first axis slowest), N sampled points, or the N
/// points of a points file (<see cref="PointSet"/>: parameters and initial states per point), the other parameters fixed (defaults or <c>--set</c>), K initial conditions per point and R noise realisations per
/// initial condition. Output row = point·K + ic; trajectory t = row·R + realisation, which also keys its random stream
/// (seed, t). Inputs are produced batch by batch, so memory does not grow with the sweep.
/// </summary>
public sealed class ParameterSpace
{
    private readonly double[][] axisValues;
    private readonly int[] axisIndex;
    private readonly int[] sampleIndex;
    private readonly double[] sampleValues; // N × samples, point-major

    private ParameterSpace(ModelHandle model, double[] fixedValues, IReadOnlyList<GridAxis> axes, IReadOnlyList<SampleRange> samples,
        int sampleCount, SamplerKind sampler, ulong seed, InitialConditions initialConditions, int realizations, double[]? explicitPoints = null,
        PointSet? pointsFile = null)
    {
        Model = model;
        PointsFile = pointsFile;
        FixedValues = fixedValues;
        Axes = axes;
        Samples = samples;
        SampleCount = sampleCount;
        Sampler = sampler;
        Seed = seed;
        InitialConditions = initialConditions;
        if (realizations < 1) throw new UsageException($"--realizations must be a positive integer (got {realizations}); e.g. --realizations 64.");
        if ((long)realizations * initialConditions.Count > 1 << 30)
            throw new UsageException($"--realizations {realizations} with {initialConditions.Count} initial condition(s) makes one point larger than a batch can hold (2^30 trajectories); use fewer.");
        Realizations = realizations;
        axisValues = axes.Select(a => a.Values()).ToArray();
        axisIndex = axes.Select(a => model.Info.ParameterIndex(a.Parameter)).ToArray();
        sampleIndex = samples.Select(s => model.Info.ParameterIndex(s.Parameter)).ToArray();
        sampleValues = explicitPoints ?? (samples.Count == 0 ? [] : Draw(samples, sampleCount, sampler, seed));
        long points = IsSampled ? sampleCount : axisValues.Aggregate(1L, (n, v) => n * v.Length);
        PointCount = points;
        if (points * initialConditions.Count > int.MaxValue)
            throw new UsageException($"The sweep has {points * initialConditions.Count} output rows (points x initial conditions); at most {int.MaxValue} fit one run. Split it with fewer points.");
    }

    public ModelHandle Model { get; }
    /// <summary>Every parameter's value where it is not swept (defaults, overridden by <c>--set</c>).</summary>
    public double[] FixedValues { get; }
    public IReadOnlyList<GridAxis> Axes { get; }
    public IReadOnlyList<SampleRange> Samples { get; }
    /// <summary>N for sampled runs, 0 for grids.</summary>
    public int SampleCount { get; }
    public SamplerKind Sampler { get; }
    public ulong Seed { get; }
    public InitialConditions InitialConditions { get; }
    /// <summary>Noise realisations R per point and initial condition (1 for deterministic runs); R &gt; 1 aggregates them per row.</summary>
    public int Realizations { get; }
    /// <summary>The points file (<c>--points</c>) the points come from, or null.</summary>
    public PointSet? PointsFile { get; }
    /// <summary>True for a sampled or points-file (not gridded) run: its points lie along a <c>sample</c> dimension.</summary>
    public bool IsSampled => Samples.Count > 0 || PointsFile is not null;
    /// <summary>Parameter points.</summary>
    public long PointCount { get; }
    /// <summary>Per-trajectory variables whose value in every realisation is stored besides the row statistics (R &gt; 1).</summary>
    public IReadOnlyList<string> KeptRealizationVariables { get; private set; } = [];

    /// <summary>
    /// This space with the per-realisation values of <paramref name="variables"/> kept (<c>--keep-realizations</c>): each
    /// becomes <c>&lt;name&gt;_realizations</c> over an extra <c>realization</c> dimension.
    /// </summary>
    public ParameterSpace KeepingRealizations(IReadOnlyList<string> variables)
    {
        if (variables.Count > 0 && Realizations == 1)
            throw new UsageException("--keep-realizations needs --realizations K > 1: with one realisation every value is stored anyway.");
        var copy = (ParameterSpace)MemberwiseClone();
        copy.KeptRealizationVariables = variables;
        return copy;
    }

    /// <summary>The variables to store (<c>--vars</c>), in the order of the output; empty: every variable.</summary>
    public IReadOnlyList<string> StoredVariables { get; private set; } = [];

    /// <summary>
    /// This space storing only <paramref name="variables"/> of the sweep's output (<c>--vars</c>); empty stores every one.
    /// The names are checked against the output by <see cref="SweepRunner.Variables(ParameterSpace, Solving.Observation)"/>.
    /// </summary>
    public ParameterSpace Storing(IReadOnlyList<string> variables)
    {
        var copy = (ParameterSpace)MemberwiseClone();
        copy.StoredVariables = variables;
        return copy;
    }

    /// <summary>Output rows = points × initial conditions.</summary>
    public int RowCount => (int)(PointCount * InitialConditions.Count);
    /// <summary>Integrated trajectories = rows × realisations.</summary>
    public long TrajectoryCount => (long)RowCount * Realizations;
    /// <summary>Values along grid axis <paramref name="axis"/>.</summary>
    public double[] AxisValues(int axis) => axisValues[axis];

    /// <summary>A Cartesian grid (at least one axis).</summary>
    public static ParameterSpace Grid(ModelHandle model, IReadOnlyList<GridAxis> axes, IReadOnlyDictionary<string, double> set, InitialConditions ics, int realizations = 1)
    {
        if (axes.Count == 0) throw new UsageException("Give at least one --grid axis (e.g. --grid e0=0.1:5:64) or --sample ranges.");
        CheckDistinct(axes.Select(a => a.Parameter), "--grid");
        return new(model, Fixed(model, set, axes.Select(a => a.Parameter)), axes, [], 0, SamplerKind.Random, 0, ics, realizations);
    }

    /// <summary>N points sampled from the ranges with <paramref name="sampler"/> and <paramref name="seed"/>.</summary>
    public static ParameterSpace Sampled(ModelHandle model, IReadOnlyList<SampleRange> ranges, int count, SamplerKind sampler, ulong seed,
        IReadOnlyDictionary<string, double> set, InitialConditions ics, int realizations = 1)
    {
        if (ranges.Count == 0) throw new UsageException("Give at least one --sample range (e.g. --sample eta=0.5:12).");
        if (count <= 0) throw new UsageException("--samples must be a positive integer.");
        CheckDistinct(ranges.Select(r => r.Parameter), "--sample");
        return new(model, Fixed(model, set, ranges.Select(r => r.Parameter)), [], ranges, count, sampler, seed, ics, realizations);
    }

    /// <summary>
    /// N given points: <paramref name="values"/> holds, point by point, the values of the parameters named in
    /// <paramref name="varied"/> (e.g. a sensitivity design mapped to its input distributions, or the points a level of an
    /// adaptive phase diagram adds), each with the initial conditions <paramref name="ics"/> (default: the model's) and
    /// <paramref name="realizations"/> noise realisations.
    /// </summary>
    public static ParameterSpace Points(ModelHandle model, IReadOnlyList<string> varied, double[] values, IReadOnlyDictionary<string, double> set, ulong seed,
        InitialConditions? ics = null, int realizations = 1)
    {
        int count = values.Length / varied.Count;
        var ranges = varied.Select(name =>
        {
            var info = model.Info.Parameters[model.Info.ParameterIndex(name)];
            return new SampleRange(name, info.Min, info.Max, false);
        }).ToArray();
        foreach (var (name, k) in varied.Select((n, k) => (n, k)))
        {
            var info = model.Info.Parameters[model.Info.ParameterIndex(name)];
            for (int i = 0; i < count; i++)
                GridAxis.CheckInside(info, values[(long)i * varied.Count + k], $"--vary {name}");
        }
        return new(model, Fixed(model, set, varied), [], ranges, count, SamplerKind.Random, seed, ics ?? InitialConditions.Default(model.Info), realizations, values);
    }

    /// <summary>
    /// The points of a points file: its parameter columns set the parameters per point (the others fixed by
    /// <paramref name="set"/> or their defaults), its state columns the initial state (over each of <paramref name="ics"/>).
    /// </summary>
    /// <exception cref="UsageException">A column's parameter is also fixed with <c>--set</c>.</exception>
    public static ParameterSpace FromPoints(ModelHandle model, PointSet points, IReadOnlyDictionary<string, double> set, InitialConditions ics, int realizations = 1)
    {
        var names = points.Parameters.Select(p => model.Info.Parameters[p.Index].Name).ToArray();
        var ranges = points.Parameters.Select((p, j) => new SampleRange(names[j], p.Values.Min(), p.Values.Max(), false)).ToArray();
        var values = new double[(long)points.Count * ranges.Length];
        for (int j = 0; j < ranges.Length; j++)
            for (long i = 0; i < points.Count; i++) values[i * ranges.Length + j] = points.Parameters[j].Values[i];
        return new(model, Fixed(model, set, names), [], ranges, points.Count, SamplerKind.Random, 0, ics, realizations, values, points);
    }

    /// <summary>Parses <c>--set name=value</c> options.</summary>
    public static IReadOnlyDictionary<string, double> ParseSet(IEnumerable<string> options, ModelHandle model)
    {
        var set = new Dictionary<string, double>();
        foreach (var text in options)
        {
            int eq = text.IndexOf('=');
            if (eq <= 0) throw new UsageException($"--set '{text}' is malformed; write name=value, e.g. kappa=3.");
            var info = GridAxis.ParameterOf(text[..eq].Trim(), model.Info);
            double v = GridAxis.Number(text[(eq + 1)..], text);
            GridAxis.CheckInside(info, v, text);
            if (!set.TryAdd(info.Name, v)) throw new UsageException($"--set gives '{info.Name}' twice.");
        }
        return set;
    }

    /// <summary>Parameter values of point <paramref name="point"/>, in model order.</summary>
    public double[] PointParameters(long point)
    {
        var p = (double[])FixedValues.Clone();
        if (IsSampled)
        {
            for (int j = 0; j < sampleIndex.Length; j++) p[sampleIndex[j]] = sampleValues[point * sampleIndex.Length + j];
            return p;
        }
        long rest = point;
        for (int a = axisValues.Length - 1; a >= 0; a--)
        {
            int n = axisValues[a].Length;
            p[axisIndex[a]] = axisValues[a][rest % n];
            rest /= n;
        }
        return p;
    }

    /// <summary>True when parameter <paramref name="name"/> is nonzero at some point (a sampled range: anywhere in it).</summary>
    public bool TakesNonzero(string name)
    {
        int index = Model.Info.ParameterIndex(name);
        if (Array.IndexOf(axisIndex, index) is var axis and >= 0) return axisValues[axis].Any(v => v != 0);
        if (Samples.FirstOrDefault(r => r.Parameter == name) is { } range) return range.Low != 0 || range.High != 0;
        return FixedValues[index] != 0;
    }

    /// <summary>Writes the inputs of trajectories [first, first + count) column-major (value k of trajectory i at k·count + i).</summary>
    public void Fill(long first, int count, double[] parameters, double[] initialStates)
    {
        int k = InitialConditions.Count;
        int pCount = FixedValues.Length;
        int sCount = Model.Info.States.Count;
        long cachedPoint = -1;
        double[] p = FixedValues;
        var pointState = new double[sCount];
        for (int i = 0; i < count; i++)
        {
            long row = (first + i) / Realizations;
            long point = row / k;
            if (point != cachedPoint) (p, cachedPoint) = (PointParameters(point), point);
            for (int j = 0; j < pCount; j++) parameters[(long)j * count + i] = p[j];
            var y0 = InitialConditions.State((int)(row % k));
            if (PointsFile is { States.Count: > 0 } file)
            {
                y0.CopyTo(pointState, 0);
                file.OverrideStates(point, pointState);
                y0 = pointState;
            }
            for (int j = 0; j < sCount; j++) initialStates[(long)j * count + i] = y0[j];
        }
    }

    /// <summary>One-line description for run headers.</summary>
    public string Describe() => PointsFile is { } file
        ? $"{SampleCount} points from {file.Table.Source} (parameters: {Names(file.Parameters.Select(p => Model.Info.Parameters[p.Index].Name))}; "
            + $"initial states: {Names(file.States.Select(s => Model.Info.States[s.Index].Name))}; carried: {Names(file.Carried.Select(c => c.Name))}), "
            + $"{InitialConditions.Count} initial condition(s){RealizationText}"
        : IsSampled
        ? $"{SampleCount} {SamplerName(Sampler)} samples (seed {Seed}) of {string.Join(", ", Samples.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Parameter} in [{s.Low:G6}, {s.High:G6}]{(s.Logarithmic ? " log" : "")}")))}, {InitialConditions.Count} initial condition(s){RealizationText}"
        : $"grid {string.Join(" x ", Axes.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Parameter}[{a.Start:G6}..{a.Stop:G6}, {a.Count}{(a.Logarithmic ? ", log" : "")}]")))}, {InitialConditions.Count} initial condition(s){RealizationText}";

    /// <summary>The <c>--sampler</c> name of <paramref name="sampler"/> as the run header prints it.</summary>
    public static string SamplerName(SamplerKind sampler) => sampler switch
    {
        SamplerKind.Random => "random",
        SamplerKind.LatinHypercube => "latin-hypercube",
        _ => "scrambled-sobol",
    };

    private static string Names(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";

    private string RealizationText => Realizations > 1 ? $", {Realizations} noise realisations each" : "";

    private static double[] Fixed(ModelHandle model, IReadOnlyDictionary<string, double> set, IEnumerable<string> swept)
    {
        foreach (var name in swept)
            if (set.ContainsKey(name)) throw new UsageException($"'{name}' is both swept and fixed with --set; drop one of them.");
        return model.Info.Parameters.Select(p => set.TryGetValue(p.Name, out double v) ? v : p.Default).ToArray();
    }

    private static void CheckDistinct(IEnumerable<string> names, string option)
    {
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new UsageException($"{option} names '{duplicate.Key}' twice; give each parameter once.");
    }

    private static double[] Draw(IReadOnlyList<SampleRange> ranges, int n, SamplerKind sampler, ulong seed)
    {
        int d = ranges.Count;
        var values = new double[(long)n * d];
        var rng = new SplitMix64(seed);
        if (sampler == SamplerKind.Sobol)
        {
            var unit = new SobolSequence(d, seed).Points(0, n);
            for (long i = 0; i < n; i++)
                for (int j = 0; j < d; j++) values[i * d + j] = ranges[j].FromUnit(unit[i * d + j]);
            return values;
        }
        if (sampler == SamplerKind.Random)
        {
            for (long i = 0; i < n; i++)
                for (int j = 0; j < d; j++) values[i * d + j] = ranges[j].FromUnit(rng.NextDouble());
            return values;
        }
        var strata = new int[n];
        for (int j = 0; j < d; j++)
        {
            for (int i = 0; i < n; i++) strata[i] = i;
            for (int i = n - 1; i > 0; i--)
            {
                int r = rng.NextInt(i + 1);
                (strata[i], strata[r]) = (strata[r], strata[i]);
            }
            for (long i = 0; i < n; i++) values[i * d + j] = ranges[j].FromUnit((strata[i] + rng.NextDouble()) / n);
        }
        return values;
    }
}
