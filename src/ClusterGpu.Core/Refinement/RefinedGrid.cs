using ClusterGpu.Plots;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Refinement;

/// <summary>
/// The outcome of an adaptive sweep: the results of every level's ensemble and, for every point of the effective fine
/// grid, the integrated point whose values it carries (itself, or the nearest corner of the uniform cell it lies in) and
/// the level at which that was decided (<see cref="ResolvedLevel"/>).
/// </summary>
public sealed class RefinedGrid
{
    private const byte NotIntegrated = byte.MaxValue;
    private readonly List<SweepResult> levelResults = [];
    private readonly List<byte> levelOf = [];
    private readonly List<byte[]> regimes = [];
    private readonly byte[] integratedAt;
    private readonly int[] local;
    private readonly int[] source;

    internal RefinedGrid(ParameterSpace baseSpace, FineLattice lattice)
    {
        BaseSpace = baseSpace;
        Lattice = lattice;
        FineSpace = ParameterSpace.Grid(baseSpace.Model, FineLattice.FineAxes(baseSpace.Axes, lattice.Levels), FixedSettings(baseSpace),
            baseSpace.InitialConditions, baseSpace.Realizations).KeepingRealizations(baseSpace.KeptRealizationVariables).Storing(baseSpace.StoredVariables);
        integratedAt = new byte[lattice.Count];
        Array.Fill(integratedAt, NotIntegrated);
        local = new int[lattice.Count];
        source = new int[lattice.Count];
        ResolvedLevel = new byte[lattice.Count];
    }

    /// <summary>The base grid that was refined.</summary>
    public ParameterSpace BaseSpace { get; }
    /// <summary>The effective fine grid (its axes are the base axes with (n − 1)·2^L + 1 points).</summary>
    public ParameterSpace FineSpace { get; }
    /// <summary>Geometry of the fine grid.</summary>
    public FineLattice Lattice { get; }
    /// <summary>Per fine point: the level at which its value was decided (integrated there, or inside a cell found uniform there).</summary>
    public byte[] ResolvedLevel { get; }
    /// <summary>Points integrated by each level's ensemble, levels 0 (the base grid) to L.</summary>
    public IReadOnlyList<int> PointsPerLevel => Enumerable.Range(0, Lattice.Levels + 1)
        .Select(level => levelOf.IndexOf((byte)level) is >= 0 and var n ? (int)levelResults[n].Space.PointCount : 0).ToArray();
    /// <summary>Points actually integrated, over all levels.</summary>
    public long ComputedPoints => levelResults.Sum(r => r.Space.PointCount);
    /// <summary>Integration seconds summed over the levels.</summary>
    public double Seconds => levelResults.Sum(r => r.Summary.Seconds);

    /// <summary>True when fine point <paramref name="point"/> was integrated.</summary>
    public bool IsIntegrated(int point) => integratedAt[point] != NotIntegrated;

    /// <summary>The integrated point whose values fine point <paramref name="point"/> carries.</summary>
    public int Source(int point) => source[point];

    /// <summary>The regime of initial condition <paramref name="ic"/> at integrated point <paramref name="point"/>.</summary>
    internal byte Regime(int point, int ic) => regimes[integratedAt[point]][local[point] * BaseSpace.InitialConditions.Count + ic];

    /// <summary>The multistability flag at integrated point <paramref name="point"/> (0 with one initial condition).</summary>
    internal byte Multistable(int point) => levelResults[integratedAt[point]].Multistable is { } m ? m[local[point]] : (byte)0;

    /// <summary>Value of double variable <paramref name="name"/> for initial condition <paramref name="ic"/> at integrated point <paramref name="point"/>.</summary>
    internal double Value(string name, int point, int ic) =>
        ((double[])levelResults[integratedAt[point]][name].Values)[local[point] * BaseSpace.InitialConditions.Count + ic];

    /// <summary>The base level's values of double variable <paramref name="name"/>.</summary>
    internal double[] BaseValues(string name) => (double[])levelResults[0][name].Values;

    /// <summary>Records the ensemble of level <paramref name="level"/>, integrated at fine points <paramref name="points"/> (in that order).</summary>
    internal void Add(int level, IReadOnlyList<int> points, SweepResult result)
    {
        for (int q = 0; q < points.Count; q++)
        {
            integratedAt[points[q]] = (byte)levelResults.Count;
            local[points[q]] = q;
        }
        levelResults.Add(result);
        levelOf.Add((byte)level);
        regimes.Add(result.Regimes);
    }

    /// <summary>
    /// Gives every fine point its source: integrated points themselves; the others, finest level first, the nearest corner of the
    /// cell of <paramref name="uniform"/>[ℓ] (cells of level ℓ found uniform there, row-major) they lie in.
    /// </summary>
    internal void Resolve(IReadOnlyList<bool[]> uniform)
    {
        Array.Fill(source, -1);
        for (int f = 0; f < source.Length; f++)
            if (IsIntegrated(f)) (source[f], ResolvedLevel[f]) = (f, levelOf[integratedAt[f]]);
        for (int level = uniform.Count - 1; level >= 0; level--)
        {
            int s = Lattice.Spacing(level), cellsY = (Lattice.CountY - 1) / s;
            for (int cell = 0; cell < uniform[level].Length; cell++)
            {
                if (!uniform[level][cell]) continue;
                int i0 = cell / cellsY * s, j0 = cell % cellsY * s;
                for (int i = i0; i <= i0 + s; i++)
                    for (int j = j0; j <= j0 + s; j++)
                    {
                        int f = Lattice.Index(i, j);
                        if (source[f] >= 0) continue;
                        source[f] = Lattice.Index(2 * (i - i0) <= s ? i0 : i0 + s, 2 * (j - j0) <= s ? j0 : j0 + s);
                        ResolvedLevel[f] = (byte)level;
                    }
            }
        }
        if (Array.IndexOf(source, -1) is >= 0 and var missing)
            throw new InvalidOperationException($"Fine point {missing} lies in no uniform cell and was not integrated.");
    }

    /// <summary>Per fine point, its code in <see cref="PhaseMaps.Names"/>: "multistable", else the regime of the first initial condition.</summary>
    public int[] Categories()
    {
        var codes = new int[Lattice.Count];
        Parallel.For(0, codes.Length, f =>
        {
            int s = source[f];
            codes[f] = Multistable(s) == 1 ? PhaseMaps.Names.Length - 1 : Regime(s, 0);
        });
        return codes;
    }

    /// <summary>
    /// Writes the fine grid into <paramref name="sink"/> (begun with <see cref="FineSpace"/> and the <paramref name="variables"/>
    /// it stores) in batches of whole points, each point carrying its source's values; returns the counts of the effective grid
    /// (regimes, multistable points) with the failures, trajectories and seconds of the integrated points.
    /// </summary>
    public SweepSummary WriteTo(ISweepSink sink, IReadOnlyList<SweepVariableInfo> variables, string backend, string device, int pointsPerBatch = 1 << 16)
    {
        int k = BaseSpace.InitialConditions.Count, realizations = BaseSpace.Realizations;
        var regimeCounts = new long[RegimeRules.Names.Length];
        long multistablePoints = 0;
        sink.Begin(FineSpace, variables);
        var columns = variables.Select(v => levelResults.Select(r => r[v.Name].Values).ToArray()).ToArray();
        for (int first = 0; first < Lattice.Count; first += pointsPerBatch)
        {
            int count = Math.Min(pointsPerBatch, Lattice.Count - first);
            var values = variables.Select((v, n) =>
            {
                int width = k * v.PerRow;
                var gathered = Array.CreateInstance(v.ElementType, (long)count * width);
                for (int q = 0; q < count; q++)
                {
                    int s = source[first + q];
                    Array.Copy(columns[n][integratedAt[s]], (long)local[s] * width, gathered, (long)q * width, width);
                }
                return gathered;
            }).ToArray();
            byte[]? multistable = k > 1 ? new byte[count] : null;
            var batchRegimes = new long[RegimeRules.Names.Length];
            for (int q = 0; q < count; q++)
            {
                int s = source[first + q];
                for (int ic = 0; ic < k; ic++) batchRegimes[Regime(s, ic)] += realizations;
                if (multistable is not null) multistable[q] = Multistable(s);
            }
            multistablePoints += multistable?.Count(m => m == 1) ?? 0;
            for (int c = 0; c < regimeCounts.Length; c++) regimeCounts[c] += batchRegimes[c];
            sink.Write(new SweepBatch(first * k, count * k, values, multistable, batchRegimes, 0, 0));
        }
        return new SweepSummary(regimeCounts, multistablePoints, levelResults.Sum(r => r.Summary.Failed), levelResults.Sum(r => r.Summary.Trajectories),
            Seconds, backend, device);
    }

    /// <summary>The values of every parameter that is not swept, by name (for spaces over the same plane).</summary>
    internal static Dictionary<string, double> FixedSettings(ParameterSpace space)
    {
        var swept = space.Axes.Select(a => a.Parameter).ToHashSet();
        return space.Model.Info.Parameters.Select((p, j) => (p.Name, Value: space.FixedValues[j])).Where(p => !swept.Contains(p.Name))
            .ToDictionary(p => p.Name, p => p.Value);
    }
}
