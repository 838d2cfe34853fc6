using ClusterGpu.Sweeps;

namespace ClusterGpu.Sensitivity;

/// <summary>
/// A Morris (1991) elementary-effects design: r one-at-a-time trajectories in the k-dimensional unit cube on a
/// p-level grid (levels 0, 1/(p−1), …, 1), each of k+1 points in which every input moves exactly once by the step
/// Δ = p/(2(p−1)), as in Campolongo, Cariboni &amp; Saltelli (2007) and SALib's <c>morris.sample</c>.
/// </summary>
/// <remarks>
/// A trajectory is B* = (J_{k+1,1}·x* + (Δ/2)·((2B − J_{k+1,k})·D* + J_{k+1,k}))·P* (Morris 1991; Campolongo et al.
/// 2007), B the (k+1)×k strictly lower-triangular matrix of ones and J a matrix of ones: x* has each coordinate drawn uniformly from the p/2 levels 0, …, (p/2−1)/(p−1) (those
/// with x* + Δ ≤ 1), D* is a diagonal of independent ±1 directions and P* a uniformly random input order. Input i
/// therefore takes only the values x*_i and x*_i + Δ: it starts at x*_i when its direction is +1 (and steps up), at
/// x*_i + Δ when it is −1 (and steps down). Draws come from <see cref="SplitMix64"/>, so a seed fixes the design on
/// every machine. With <c>candidates</c> = M &gt; r, M trajectories are drawn and r of them kept, well spread over
/// the cube (Campolongo et al. 2007), with d_ml the sum of Euclidean distances between all points of trajectories m
/// and l (<see cref="TrajectoryDistance"/>). The selection is greedy (as SALib's <c>local_optimization</c>, Ruano et al.
/// 2012, is a greedy stand-in for Campolongo's exhaustive search), on the maximin distance: start from the farthest
/// pair, then repeatedly add the candidate c maximising min_s d_cs over the trajectories s already kept, ties broken by
/// Campolongo's spread term Σ_s d_cs². Greedy on Σ_s d_cs² alone raised the spread D = √(Σ_{m&lt;l} d_ml²) but could
/// lower the smallest pairwise distance (seen for k = 4, r = 10, M = 60); the maximin rule raised both in every case
/// tried.
/// The whole design is one flat list of r·(k+1) points (<see cref="Points"/>, trajectory-major), so it runs as a
/// single ensemble; <see cref="MorrisAnalysis"/> turns the outputs into elementary effects.
/// </remarks>
public sealed class MorrisDesign
{
    private readonly int[] changedInput; // r × k, trajectory-major
    private readonly double[] signedStep; // r × k, ±Δ

    private MorrisDesign(int inputs, int levels, double[][] points, int[] changedInput, double[] signedStep)
    {
        Inputs = inputs;
        Levels = levels;
        Delta = levels / (2.0 * (levels - 1));
        Points = points;
        this.changedInput = changedInput;
        this.signedStep = signedStep;
    }

    /// <summary>k, the number of inputs.</summary>
    public int Inputs { get; }

    /// <summary>p, the number of grid levels (even).</summary>
    public int Levels { get; }

    /// <summary>The unit-cube step Δ = p/(2(p−1)) (2/3 for p = 4).</summary>
    public double Delta { get; }

    /// <summary>r, the number of trajectories.</summary>
    public int Trajectories => changedInput.Length / Inputs;

    /// <summary>k + 1, the points of one trajectory.</summary>
    public int PointsPerTrajectory => Inputs + 1;

    /// <summary>
    /// The r·(k+1) unit-cube points, trajectory-major: row t·(k+1) + j is point j of trajectory t, each row k values
    /// on the grid levels. Evaluate them as one ensemble, in this order.
    /// </summary>
    public double[][] Points { get; }

    /// <summary>The input that changes from point <paramref name="step"/> to point step+1 of trajectory <paramref name="trajectory"/> (step in [0, k)).</summary>
    public int ChangedInput(int trajectory, int step) => changedInput[Index(trajectory, step)];

    /// <summary>The signed unit-cube change of that input from point step to step+1: +Δ or −Δ.</summary>
    public double SignedStep(int trajectory, int step) => signedStep[Index(trajectory, step)];

    /// <summary>
    /// Draws a design of <paramref name="trajectories"/> trajectories over <paramref name="inputs"/> inputs on a
    /// <paramref name="levels"/>-level grid (even, ≥ 2; default 4). With <paramref name="candidates"/> = M &gt; r, draws
    /// M trajectories and keeps the r of largest spread (greedy, see the class remarks), in the order drawn; without it
    /// the design is the first r of the same draws.
    /// </summary>
    public static MorrisDesign Generate(int inputs, int trajectories, ulong seed, int levels = 4, int? candidates = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(trajectories, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 2);
        if (levels % 2 != 0) throw new ArgumentOutOfRangeException(nameof(levels), levels, "Morris designs need an even number of levels (Δ = p/(2(p−1)) lands on the grid only then).");
        if (candidates is { } m && m <= trajectories)
            throw new ArgumentOutOfRangeException(nameof(candidates), m, "The number of candidates must exceed the number of trajectories.");

        int drawn = candidates ?? trajectories;
        var rng = new SplitMix64(seed);
        var points = new double[drawn][][];
        var changed = new int[drawn][];
        var steps = new double[drawn][];
        for (int t = 0; t < drawn; t++) (points[t], changed[t], steps[t]) = Trajectory(inputs, levels, ref rng);

        int[] kept = candidates is null ? Enumerable.Range(0, trajectories).ToArray() : MostSpread(points, trajectories);
        return new MorrisDesign(inputs, levels,
            kept.SelectMany(t => points[t]).ToArray(),
            kept.SelectMany(t => changed[t]).ToArray(),
            kept.SelectMany(t => steps[t]).ToArray());
    }

    /// <summary>
    /// Campolongo et al. (2007) distance between trajectories a and b: d_ab = Σ_{i=0}^{k} Σ_{j=0}^{k} ‖X_a,i − X_b,j‖₂,
    /// the sum of Euclidean distances between all their pairs of points (unit-cube coordinates).
    /// </summary>
    public double TrajectoryDistance(int a, int b) =>
        Distance(Points.AsSpan(a * PointsPerTrajectory, PointsPerTrajectory), Points.AsSpan(b * PointsPerTrajectory, PointsPerTrajectory));

    /// <summary>
    /// The points mapped from the unit cube to the input ranges (<see cref="SampleRange.FromUnit"/> per input), same
    /// order as <see cref="Points"/>. Elementary effects stay per unit-cube step (see <see cref="MorrisAnalysis"/>).
    /// </summary>
    public double[][] Scale(IReadOnlyList<SampleRange> ranges)
    {
        if (ranges.Count != Inputs) throw new ArgumentException($"Expected {Inputs} ranges, got {ranges.Count}.", nameof(ranges));
        return Points.Select(p => p.Select((u, i) => ranges[i].FromUnit(u)).ToArray()).ToArray();
    }

    private int Index(int trajectory, int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, Inputs);
        return trajectory * Inputs + step;
    }

    private static (double[][] Points, int[] Changed, double[] Steps) Trajectory(int k, int p, ref SplitMix64 rng)
    {
        // Grid indices: level l is l/(p−1); x* ∈ {0, …, p/2−1}, the step Δ is p/2 levels.
        int half = p / 2;
        double delta = p / (2.0 * (p - 1));
        var index = new int[k];
        var direction = new int[k];
        for (int i = 0; i < k; i++) index[i] = rng.NextInt(half);
        for (int i = 0; i < k; i++)
        {
            direction[i] = rng.NextInt(2) == 0 ? -1 : 1;
            if (direction[i] < 0) index[i] += half;
        }
        var order = new int[k];
        for (int i = 0; i < k; i++) order[i] = i;
        for (int i = k - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var points = new double[k + 1][];
        var steps = new double[k];
        points[0] = index.Select(l => l / (p - 1.0)).ToArray();
        for (int j = 0; j < k; j++)
        {
            int i = order[j];
            index[i] += direction[i] * half;
            points[j + 1] = (double[])points[j].Clone();
            points[j + 1][i] = index[i] / (p - 1.0);
            steps[j] = direction[i] * delta;
        }
        return (points, order, steps);
    }

    private static int[] MostSpread(double[][][] candidates, int r)
    {
        int m = candidates.Length;
        var d2 = new double[m, m];
        (int A, int B) farthest = (0, 1);
        for (int a = 0; a < m; a++)
            for (int b = a + 1; b < m; b++)
            {
                double d = Distance(candidates[a], candidates[b]);
                d2[a, b] = d2[b, a] = d * d;
                if (d2[a, b] > d2[farthest.A, farthest.B]) farthest = (a, b);
            }

        var kept = new List<int> { farthest.A, farthest.B };
        var nearest = new double[m]; // min over kept s of d_cs²
        var score = new double[m]; // Σ over kept s of d_cs²
        var taken = new bool[m];
        Array.Fill(nearest, double.PositiveInfinity);
        foreach (int s in kept) Keep(s);
        while (kept.Count < r)
        {
            int best = -1;
            for (int c = 0; c < m; c++)
                if (!taken[c] && (best < 0 || nearest[c] > nearest[best] || (nearest[c] == nearest[best] && score[c] > score[best]))) best = c;
            kept.Add(best);
            Keep(best);
        }
        kept.Sort();
        return kept.ToArray();

        void Keep(int s)
        {
            taken[s] = true;
            for (int c = 0; c < m; c++)
            {
                nearest[c] = Math.Min(nearest[c], d2[c, s]);
                score[c] += d2[c, s];
            }
        }
    }

    private static double Distance(ReadOnlySpan<double[]> a, ReadOnlySpan<double[]> b)
    {
        double sum = 0;
        foreach (var x in a)
            foreach (var y in b)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += (x[i] - y[i]) * (x[i] - y[i]);
                sum += Math.Sqrt(s);
            }
        return sum;
    }
}
