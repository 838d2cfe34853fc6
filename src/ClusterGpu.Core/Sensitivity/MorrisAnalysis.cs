using ClusterGpu.Sweeps;
using MathNet.Numerics.Distributions;

namespace ClusterGpu.Sensitivity;

/// <summary>
/// Morris screening measures of one output over k inputs (Morris 1991; Campolongo, Cariboni &amp; Saltelli 2007),
/// from r elementary effects per input. Arrays are indexed by input.
/// </summary>
/// <param name="ElementaryEffects">EE[t][i], trajectory t, input i, per unit-cube step (see <see cref="MorrisAnalysis"/>).</param>
/// <param name="Mu">μ_i = (1/r) Σ_t EE_ti.</param>
/// <param name="MuStar">μ*_i = (1/r) Σ_t |EE_ti| (Campolongo et al. 2007).</param>
/// <param name="Sigma">σ_i = √(Σ_t (EE_ti − μ_i)² / (r − 1)), the sample standard deviation.</param>
/// <param name="MuStarConfidence">Half-width of the bootstrap confidence interval on μ*_i: z·s_B, z = Φ⁻¹(1/2 + level/2) and
/// s_B the standard deviation (ddof 1) of μ* over the bootstrap resamples, as SALib's <c>mu_star_conf</c>.</param>
public sealed record MorrisIndices(double[][] ElementaryEffects, double[] Mu, double[] MuStar, double[] Sigma, double[] MuStarConfidence);

/// <summary>
/// Elementary effects and the Morris measures μ, μ*, σ from the outputs of a <see cref="MorrisDesign"/>, as SALib's
/// <c>morris.analyze</c>.
/// </summary>
/// <remarks>
/// Convention (SALib's): EE_i = (f(x + Δe_i) − f(x))/Δ with Δ the unit-cube step, whichever way the trajectory moves —
/// a step down from x + Δe_i to x gives the same formula — so effects are in output units per unit-cube step, whatever
/// ranges the points were scaled to (<see cref="MorrisDesign.Scale"/>). For an input scaled linearly to [lo, hi] the
/// effect per input unit is EE_i/(hi − lo). The bootstrap resamples the r trajectories with replacement (B
/// resamples, indices from <see cref="SplitMix64"/>, shared by all outputs) and recomputes μ* each time.
/// </remarks>
public static class MorrisAnalysis
{
    /// <summary>
    /// Morris measures of one output: <paramref name="outputs"/>[row] is f at <see cref="MorrisDesign.Points"/>[row].
    /// <paramref name="resamples"/> B (default 1000) and <paramref name="confidenceLevel"/> in (0, 1) (default 0.95)
    /// set the bootstrap interval on μ*; <paramref name="seed"/> fixes it.
    /// </summary>
    public static MorrisIndices Analyze(MorrisDesign design, IReadOnlyList<double> outputs, ulong seed = 0, int resamples = 1000, double confidenceLevel = 0.95) =>
        Analyze(design, [outputs], seed, resamples, confidenceLevel)[0];

    /// <summary>
    /// Morris measures of several outputs at once: <paramref name="outputs"/>[o][row] is output o at
    /// <see cref="MorrisDesign.Points"/>[row]. Bootstrap settings as for the one-output overload.
    /// </summary>
    public static MorrisIndices[] Analyze(MorrisDesign design, IReadOnlyList<IReadOnlyList<double>> outputs, ulong seed = 0, int resamples = 1000, double confidenceLevel = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 2);
        if (!(confidenceLevel is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(confidenceLevel), confidenceLevel, "The confidence level must lie in (0, 1).");
        int rows = design.Points.Length;
        foreach (var y in outputs)
            if (y.Count != rows) throw new ArgumentException($"Each output needs one value per design point ({rows}), got {y.Count}.", nameof(outputs));

        int r = design.Trajectories;
        var rng = new SplitMix64(seed);
        var draws = new int[resamples * r];
        for (int n = 0; n < draws.Length; n++) draws[n] = rng.NextInt(r);
        double z = Normal.InvCDF(0, 1, 0.5 + confidenceLevel / 2);
        return outputs.Select(y => Measures(ElementaryEffects(design, y), draws, resamples, z)).ToArray();
    }

    private static double[][] ElementaryEffects(MorrisDesign design, IReadOnlyList<double> y)
    {
        int k = design.Inputs, r = design.Trajectories;
        var ee = new double[r][];
        for (int t = 0; t < r; t++)
        {
            ee[t] = new double[k];
            int first = t * design.PointsPerTrajectory;
            for (int j = 0; j < k; j++)
                ee[t][design.ChangedInput(t, j)] = (y[first + j + 1] - y[first + j]) / design.SignedStep(t, j);
        }
        return ee;
    }

    private static MorrisIndices Measures(double[][] ee, int[] draws, int resamples, double z)
    {
        int r = ee.Length, k = ee[0].Length;
        var mu = new double[k];
        var muStar = new double[k];
        var sigma = new double[k];
        var conf = new double[k];
        var boot = new double[resamples];
        for (int i = 0; i < k; i++)
        {
            for (int t = 0; t < r; t++)
            {
                mu[i] += ee[t][i];
                muStar[i] += Math.Abs(ee[t][i]);
            }
            mu[i] /= r;
            muStar[i] /= r;
            double ss = 0;
            for (int t = 0; t < r; t++) ss += (ee[t][i] - mu[i]) * (ee[t][i] - mu[i]);
            sigma[i] = Math.Sqrt(ss / (r - 1));

            for (int b = 0; b < resamples; b++)
            {
                double sum = 0;
                for (int n = 0; n < r; n++) sum += Math.Abs(ee[draws[b * r + n]][i]);
                boot[b] = sum / r;
            }
            conf[i] = z * StandardDeviation(boot);
        }
        return new MorrisIndices(ee, mu, muStar, sigma, conf);
    }

    private static double StandardDeviation(double[] x)
    {
        double mean = x.Average(), ss = 0;
        foreach (double v in x) ss += (v - mean) * (v - mean);
        return Math.Sqrt(ss / (x.Length - 1));
    }
}
