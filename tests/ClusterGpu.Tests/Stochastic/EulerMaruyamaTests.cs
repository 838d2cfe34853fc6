using ClusterGpu.Backends;
using ClusterGpu.Kernels.EntryPoints;
using ClusterGpu.Kernels.Random;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using Xunit.Abstractions;
using static ClusterGpu.Tests.Analysis.AnalysisSupport;

namespace ClusterGpu.Tests.Stochastic;

/// <summary>
/// Euler–Maruyama through the real backends: Ornstein–Uhlenbeck moments, strong order 1/2 on geometric Brownian motion
/// against the exact solution driven by the same Brownian path, and reproducibility across backends, batch sizes and seeds.
/// </summary>
public sealed class EulerMaruyamaTests(ITestOutputHelper output)
{
    private static IntegrationSettings EulerMaruyama(double tEnd, double dt, ulong seed) =>
        new() { Method = MethodKind.EulerMaruyama, TEnd = tEnd, Dt = dt, Seed = seed };

    /// <summary>
    /// Final states (component-major, [c·count + i]) of <paramref name="count"/> copies of one trajectory on the cpu backend,
    /// straight through <see cref="EnsembleBackend.Run"/>: the oracles need parameters outside the CLI's ranges (g = 0, e0 = 0).
    /// </summary>
    internal static double[] FinalStates(string modelName, IntegrationSettings settings, double[] parameters, double[] state, int count)
    {
        var model = ModelRegistry.Find(modelName);
        var layout = new EnsembleLayout(count, parameters.Length, state.Length, settings.T0, settings.TEnd, 0, settings.Seed);
        var p = new double[(long)parameters.Length * count];
        var y = new double[(long)state.Length * count];
        for (int k = 0; k < parameters.Length; k++) p.AsSpan(k * count, count).Fill(parameters[k]);
        for (int k = 0; k < state.Length; k++) y.AsSpan(k * count, count).Fill(state[k]);
        var outputs = new double[(long)layout.FixedColumns * count];
        using var backend = new CpuBackend();
        backend.Run(model, settings, null, layout, p, y, outputs);
        return outputs[..(state.Length * count)];
    }

    [Fact]
    public void OrnsteinUhlenbeck_MeanAndVariance_MatchTheExactMoments()
    {
        // ginzburg-landau with h = 0, ε = −1, g = 0: dq = −q dt + σ dW, q(0) = 1.
        const int count = 20_000;
        const double sigma = 0.5, t = 2, dt = 1e-3;
        var q = FinalStates("ginzburg-landau", EulerMaruyama(t, dt, 2024), [0, -1, 0, sigma], [1], count);
        double mean = q.Average(), variance = q.Sum(v => (v - mean) * (v - mean)) / (count - 1);
        double exactMean = Math.Exp(-t), exactVariance = sigma * sigma * (1 - Math.Exp(-2 * t)) / 2;
        // Euler–Maruyama's own moments: mean (1 − dt)^N, variance σ² dt Σ (1 − dt)^{2k}; their distance to the exact ones is its O(dt) bias.
        long n = (long)Math.Round(t / dt);
        double emMean = Math.Pow(1 - dt, n), decay = (1 - dt) * (1 - dt);
        double emVariance = sigma * sigma * dt * (1 - Math.Pow(decay, n)) / (1 - decay);
        double seMean = Math.Sqrt(exactVariance / count), seVariance = exactVariance * Math.Sqrt(2.0 / (count - 1));
        output.WriteLine($"mean {mean:F5} (exact {exactMean:F5}, EM {emMean:F5}, s.e. {seMean:E2}); variance {variance:F5} (exact {exactVariance:F5}, EM {emVariance:F5}, s.e. {seVariance:E2})");
        Assert.InRange(mean, exactMean - 4 * seMean - Math.Abs(emMean - exactMean), exactMean + 4 * seMean + Math.Abs(emMean - exactMean));
        Assert.InRange(variance, exactVariance - 4 * seVariance - Math.Abs(emVariance - exactVariance), exactVariance + 4 * seVariance + Math.Abs(emVariance - exactVariance));
    }

    [Fact]
    public void GeometricBrownianMotion_StrongOrderIsOneHalf()
    {
        // innovation-cluster with x = 0 (it stays 0), e0 = 0, ρ = 1, σE = 1: de = −e dt + e dW2 (Itô), so
        // e(T) = e(0) exp(−1.5 T + W2(T)) with W2(T) = Σ √dt Z_n, Z_n = normal n·4 + 3 of the trajectory's stream.
        const int count = 2000, stateCount = 4;
        const double tEnd = 1;
        const ulong seed = 99;
        double[] parameters = [1, 1, 1, 1, 1, 1, 0.5, 0, 0, 1, 0, 1];
        var logDt = new List<double>();
        var logError = new List<double>();
        for (int level = 5; level <= 10; level++)
        {
            double dt = Math.Pow(2, -level);
            var final = FinalStates("innovation-cluster", EulerMaruyama(tEnd, dt, seed), parameters, [0, 0, 1, 1], count);
            long steps = 1L << level;
            double error = 0;
            for (int j = 0; j < count; j++)
            {
                ulong key = CounterRandom.Key(seed, j);
                double w = 0;
                for (long n = 0; n < steps; n++) w += Math.Sqrt(dt) * CounterRandom.Normal(key, (ulong)(n * stateCount + 3));
                error += Math.Abs(final[3 * count + j] - Math.Exp(-1.5 * tEnd + w));
            }
            error /= count;
            output.WriteLine($"dt 2^-{level}: E|e_EM(T) − e(T)| = {error:E3}");
            logDt.Add(Math.Log(dt));
            logError.Add(Math.Log(error));
        }
        double order = Slope(logDt, logError);
        output.WriteLine($"strong order (least-squares slope) {order:F3}");
        Assert.InRange(order, 0.4, 0.65);
    }

    internal static double Slope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double mx = x.Average(), my = y.Average();
        return x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum() / x.Sum(a => (a - mx) * (a - mx));
    }

    /// <summary>
    /// 200 noisy trajectories of <paramref name="modelName"/>: ginzburg-landau (σ = 0.5) or innovation-cluster (σx = 0.1,
    /// and σE = 0.2 if <paramref name="multiplicative"/>, else 0).
    /// </summary>
    private static EnsembleProblem NoisyProblem(string modelName, bool multiplicative = true)
    {
        var model = ModelRegistry.Find(modelName);
        var overrides = modelName == "ginzburg-landau" ? new[] { ("sigma", 0.5) } : [("sigma_x", 0.1), ("sigma_e", multiplicative ? 0.2 : 0)];
        var p = Parameters(model, overrides);
        return EnsembleProblem.FromDefaults(model, 200, (i, parameters, y) => p.CopyTo(parameters));
    }

    /// <summary>
    /// Every operation is IEEE-754 round-to-nearest with MulAdd fused on every backend, and the normals are computed
    /// the same way everywhere: so cpu (SIMD lanes), scalar and ilgpu-cpu agree to the last bit, in any batch size.
    /// </summary>
    [Theory]
    [InlineData("ginzburg-landau", MethodKind.EulerMaruyama, Precision.Fp64)]
    [InlineData("innovation-cluster", MethodKind.EulerMaruyama, Precision.Fp64)]
    [InlineData("ginzburg-landau", MethodKind.StochasticHeun, Precision.Fp64)]
    [InlineData("innovation-cluster", MethodKind.StochasticHeun, Precision.Fp64)]
    [InlineData("ginzburg-landau", MethodKind.EulerMaruyama, Precision.Fp32)]
    [InlineData("innovation-cluster", MethodKind.EulerMaruyama, Precision.Fp32)]
    [InlineData("ginzburg-landau", MethodKind.StochasticHeun, Precision.Fp32)]
    [InlineData("innovation-cluster", MethodKind.StochasticHeun, Precision.Fp32)]
    public void SameSeed_SameBits_OnEveryBackendAndBatchSize(string modelName, MethodKind method, Precision precision)
    {
        var problem = NoisyProblem(modelName, multiplicative: method == MethodKind.EulerMaruyama);
        var settings = new IntegrationSettings { Method = method, TEnd = 5, Dt = 0.01, Seed = 7, Precision = precision };
        var reference = Solve("cpu", problem, settings);
        foreach (var backend in new[] { "cpu", "scalar", "ilgpu-cpu" })
            foreach (int? batchSize in new int?[] { null, 37 })
            {
                var result = Solve(backend, problem, settings, batchSize: batchSize);
                output.WriteLine($"{modelName} {method} {precision} {backend} batch {batchSize?.ToString() ?? "default"}: max relative difference to cpu {MaxRelative(reference, result):E2}");
                Assert.True(Bitwise(reference, result), $"{backend}, batch {batchSize?.ToString() ?? "default"}: not bitwise equal to cpu");
            }
    }

    [Fact]
    public void DifferentSeeds_GiveDifferentTrajectories_AndDifferentTrajectoriesDiffer()
    {
        var problem = NoisyProblem("ginzburg-landau");
        var a = Solve("cpu", problem, EulerMaruyama(1, 0.01, 1));
        var b = Solve("cpu", problem, EulerMaruyama(1, 0.01, 2));
        Assert.All(Enumerable.Range(0, problem.Count), i => Assert.NotEqual(a.FinalState(i, 0), b.FinalState(i, 0)));
        Assert.Equal(problem.Count, Enumerable.Range(0, problem.Count).Select(i => a.FinalState(i, 0)).Distinct().Count());
    }

    private static bool Bitwise(EnsembleResult a, EnsembleResult b) => a.Columns.AsSpan().SequenceEqual(b.Columns);

    private static double MaxRelative(EnsembleResult a, EnsembleResult b)
    {
        double worst = 0;
        for (int i = 0; i < a.Count; i++)
            for (int c = 0; c < a.StateCount; c++)
                worst = Math.Max(worst, Math.Abs(a.FinalState(i, c) - b.FinalState(i, c)) / Math.Max(1, Math.Abs(a.FinalState(i, c))));
        return worst;
    }
}
