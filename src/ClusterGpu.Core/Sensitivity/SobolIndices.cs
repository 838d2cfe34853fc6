using ClusterGpu.Sweeps;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace ClusterGpu.Sensitivity;

/// <summary>Settings of the bootstrap confidence intervals of <see cref="SobolIndices"/>.</summary>
public sealed record SobolAnalysisOptions
{
    /// <summary>Bootstrap resamples R (SALib's <c>num_resamples</c>); at least 2.</summary>
    public int Resamples { get; init; } = 100;

    /// <summary>Confidence level of the intervals, in (0, 1).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Seed of the <see cref="SplitMix64"/> stream that draws the resampled base rows.</summary>
    public ulong Seed { get; init; }
}

/// <summary>
/// Sobol' sensitivity indices of one output from a <see cref="SaltelliDesign"/>, with bootstrap confidence
/// half-widths — the estimators of SALib's <c>analyze.sobol</c>.
/// </summary>
/// <remarks>
/// <para>Outputs are first centred on the mean of all design outputs (SALib standardises them; scaling cancels
/// in every ratio below). With means over the N base rows j, V = population variance of the 2N values
/// [f(A), f(B)]:</para>
/// <list type="bullet">
/// <item>first order (Saltelli et al. 2010, Comput. Phys. Commun. 181, 259–270):
/// S_i = mean(f(B) (f(A_B^i) − f(A))) / V;</item>
/// <item>total order (Jansen 1999, Comput. Phys. Commun. 117, 35–43):
/// S_Ti = ½ mean((f(A) − f(A_B^i))²) / V;</item>
/// <item>second order (Saltelli 2002, Comput. Phys. Commun. 145, 280–297, as SALib's <c>second_order</c>):
/// V_ij = mean(f(B_A^i) f(A_B^j) − f(A) f(B)) / V, S_ij = V_ij − S_i − S_j (i &lt; j).</item>
/// </list>
/// <para>Confidence: R bootstrap resamples of the base rows (N draws with replacement, the same draws for every
/// index and output), each index re-estimated on each resample (V included); the half-width is
/// z · s, s the sample standard deviation (n − 1) of the R estimates and z = Φ⁻¹(½ + level/2) — SALib's
/// <c>S1_conf</c>, <c>ST_conf</c>, <c>S2_conf</c>. Deterministic for a given seed.</para>
/// </remarks>
public sealed class SobolIndices
{
    private SobolIndices(double variance, double[] s1, double[] s1Conf, double[] st, double[] stConf, double[,]? s2, double[,]? s2Conf)
    {
        Variance = variance;
        S1 = s1;
        S1Conf = s1Conf;
        ST = st;
        STConf = stConf;
        S2 = s2;
        S2Conf = s2Conf;
    }

    /// <summary>V, the population variance of [f(A), f(B)].</summary>
    public double Variance { get; }

    /// <summary>First-order indices S_i, one per input.</summary>
    public IReadOnlyList<double> S1 { get; }

    /// <summary>Confidence half-widths of <see cref="S1"/>.</summary>
    public IReadOnlyList<double> S1Conf { get; }

    /// <summary>Total-order indices S_Ti, one per input.</summary>
    public IReadOnlyList<double> ST { get; }

    /// <summary>Confidence half-widths of <see cref="ST"/>.</summary>
    public IReadOnlyList<double> STConf { get; }

    /// <summary>Second-order indices S_ij in the upper triangle (i &lt; j), NaN elsewhere (as SALib); null without second order.</summary>
    public double[,]? S2 { get; }

    /// <summary>Confidence half-widths of <see cref="S2"/>, same layout.</summary>
    public double[,]? S2Conf { get; }

    /// <summary>Indices of a single output (one value per design row).</summary>
    public static SobolIndices Analyze(SaltelliDesign design, ReadOnlySpan<double> outputs, SobolAnalysisOptions? options = null) =>
        Analyze(design, outputs, 1, options)[0];

    /// <summary>
    /// Indices of <paramref name="outputCount"/> outputs at once; <paramref name="outputs"/> is row-major,
    /// <see cref="SaltelliDesign.Rows"/> × <paramref name="outputCount"/> (see <see cref="SaltelliDesign.Split"/>).
    /// </summary>
    public static SobolIndices[] Analyze(SaltelliDesign design, ReadOnlySpan<double> outputs, int outputCount, SobolAnalysisOptions? options = null)
    {
        options ??= new SobolAnalysisOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Resamples, 2);
        if (!(options.ConfidenceLevel is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(options), "The confidence level must lie in (0, 1).");
        int n = design.BaseSize;
        var identity = Enumerable.Range(0, n).ToArray();
        var resamples = new int[options.Resamples][];
        var rng = new SplitMix64(options.Seed);
        for (int r = 0; r < resamples.Length; r++)
        {
            resamples[r] = new int[n];
            for (int j = 0; j < n; j++) resamples[r][j] = rng.NextInt(n);
        }
        double z = Normal.InvCDF(0, 1, 0.5 + options.ConfidenceLevel / 2);

        var result = new SobolIndices[outputCount];
        for (int o = 0; o < outputCount; o++)
        {
            var f = Centred(design.Split(outputs, outputCount, o));
            var point = new Estimates(design.Inputs, design.SecondOrder);
            point.Compute(f, identity);
            var boot = new Estimates[resamples.Length];
            for (int r = 0; r < resamples.Length; r++)
            {
                boot[r] = new Estimates(design.Inputs, design.SecondOrder);
                boot[r].Compute(f, resamples[r]);
            }
            double[] Conf(Func<Estimates, double[]> pick) =>
                [.. Enumerable.Range(0, pick(point).Length).Select(i => z * boot.Select(e => pick(e)[i]).StandardDeviation())];
            result[o] = new SobolIndices(point.Variance, point.S1, Conf(e => e.S1), point.ST, Conf(e => e.ST),
                point.UpperTriangle(point.S2), point.UpperTriangle(Conf(e => e.S2)));
        }
        return result;
    }

    private static SaltelliOutputs Centred(SaltelliOutputs f)
    {
        var all = f.AB.Concat(f.BA ?? []).Append(f.A).Append(f.B).ToArray();
        double mean = all.Sum(x => x.Sum()) / all.Sum(x => x.Length);
        double[] Shift(double[] x) => [.. x.Select(v => v - mean)];
        return new SaltelliOutputs(Shift(f.A), Shift(f.B), [.. f.AB.Select(Shift)], f.BA is null ? null : [.. f.BA.Select(Shift)]);
    }

    /// <summary>All estimators on one selection of base rows (the identity, or a bootstrap resample).</summary>
    private sealed class Estimates(int inputs, bool secondOrder)
    {
        public double Variance;
        public readonly double[] S1 = new double[inputs];
        public readonly double[] ST = new double[inputs];
        public readonly double[] S2 = new double[secondOrder ? inputs * (inputs - 1) / 2 : 0]; // pairs (i, j), i < j, row-major

        public void Compute(SaltelliOutputs f, int[] rows)
        {
            int n = rows.Length;
            double mean = 0;
            foreach (int j in rows) mean += f.A[j] + f.B[j];
            mean /= 2 * n;
            double squares = 0;
            foreach (int j in rows) squares += (f.A[j] - mean) * (f.A[j] - mean) + (f.B[j] - mean) * (f.B[j] - mean);
            Variance = squares / (2 * n);

            for (int i = 0; i < inputs; i++)
            {
                double first = 0, total = 0;
                var ab = f.AB[i];
                foreach (int j in rows)
                {
                    double d = ab[j] - f.A[j];
                    first += f.B[j] * d;
                    total += d * d;
                }
                S1[i] = first / n / Variance;
                ST[i] = 0.5 * total / n / Variance;
            }

            if (f.BA is null) return;
            int p = 0;
            for (int i = 0; i < inputs; i++)
                for (int k = i + 1; k < inputs; k++, p++)
                {
                    double v = 0;
                    var ba = f.BA[i];
                    var ab = f.AB[k];
                    foreach (int j in rows) v += ba[j] * ab[j] - f.A[j] * f.B[j];
                    S2[p] = v / n / Variance - S1[i] - S1[k];
                }
        }

        /// <summary>The packed pair values as a k × k matrix, NaN off the upper triangle; null without second order.</summary>
        public double[,]? UpperTriangle(double[] pairs)
        {
            if (!secondOrder) return null;
            var m = new double[inputs, inputs];
            int p = 0;
            for (int i = 0; i < inputs; i++)
                for (int k = 0; k < inputs; k++)
                    m[i, k] = k > i ? pairs[p++] : double.NaN;
            return m;
        }
    }
}
