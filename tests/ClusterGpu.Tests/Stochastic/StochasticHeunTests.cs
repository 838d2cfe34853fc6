using ClusterGpu.Errors;
using ClusterGpu.Kernels.Random;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using Xunit.Abstractions;
using static ClusterGpu.Tests.Analysis.AnalysisSupport;
using static ClusterGpu.Tests.Stochastic.EulerMaruyamaTests;

namespace ClusterGpu.Tests.Stochastic;

/// <summary>
/// Stochastic Heun through the cpu backend on the Ornstein–Uhlenbeck process dq = −q dt + σ dW (ginzburg-landau with
/// h = 0, ε = −1, g = 0): strong order 1 against a 64 times finer reference driven by the same Brownian path, the
/// moments at t = 2, and the refusal of multiplicative noise.
/// </summary>
public sealed class StochasticHeunTests(ITestOutputHelper output)
{
    private const double Sigma = 0.5;
    private static readonly double[] OrnsteinUhlenbeck = [0, -1, 0, Sigma];

    private static IntegrationSettings Settings(MethodKind method, double tEnd, double dt, ulong seed) =>
        new() { Method = method, TEnd = tEnd, Dt = dt, Seed = seed };

    [Fact]
    public void OrnsteinUhlenbeck_StrongOrderIsOne()
    {
        // Reference: Heun with step dt/64 on a refinement of the coarse run's own path: coarse increment n, ΔW_n = √dt Z_n
        // (normal n of the trajectory's stream), is split by the Brownian bridge d_k = ξ_k − mean(ξ) + ΔW_n/64,
        // ξ_k ~ N(0, dt/64) iid from another stream, so Σ_k d_k = ΔW_n and the d_k are the path's fine increments.
        const int count = 500, refinement = 64;
        const double tEnd = 1;
        const ulong seed = 5;
        var logDt = new List<double>();
        var heunLogError = new List<double>();
        var eulerLogError = new List<double>();
        for (int level = 3; level <= 8; level++)
        {
            double dt = Math.Pow(2, -level);
            var heun = FinalStates("ginzburg-landau", Settings(MethodKind.StochasticHeun, tEnd, dt, seed), OrnsteinUhlenbeck, [1], count);
            var euler = FinalStates("ginzburg-landau", Settings(MethodKind.EulerMaruyama, tEnd, dt, seed), OrnsteinUhlenbeck, [1], count);
            double heunError = 0, eulerError = 0;
            for (int j = 0; j < count; j++)
            {
                double reference = Reference(seed, j, 1L << level, dt, refinement);
                heunError += Math.Abs(heun[j] - reference);
                eulerError += Math.Abs(euler[j] - reference);
            }
            heunError /= count;
            eulerError /= count;
            output.WriteLine($"dt 2^-{level}: E|q_Heun(T) − q(T)| = {heunError:E3}, E|q_EM(T) − q(T)| = {eulerError:E3}");
            logDt.Add(Math.Log(dt));
            heunLogError.Add(Math.Log(heunError));
            eulerLogError.Add(Math.Log(eulerError));
        }
        double heunOrder = Slope(logDt, heunLogError), eulerOrder = Slope(logDt, eulerLogError);
        // Euler–Maruyama is Milstein's scheme for additive noise, so its strong order here is 1 as well (Kloeden & Platen §10.3).
        output.WriteLine($"strong order (least-squares slope): stochastic Heun {heunOrder:F3}, Euler–Maruyama {eulerOrder:F3}");
        Assert.InRange(heunOrder, 0.85, 1.15);
    }

    /// <summary>Trajectory <paramref name="j"/>'s q(T) by Heun with step dt/<paramref name="refinement"/> on the bridged path.</summary>
    private static double Reference(ulong seed, int j, long steps, double dt, int refinement)
    {
        ulong key = CounterRandom.Key(seed, j), bridgeKey = CounterRandom.Key(~seed, j);
        double delta = dt / refinement, q = 1;
        var xi = new double[refinement];
        for (long n = 0; n < steps; n++)
        {
            double increment = Math.Sqrt(dt) * CounterRandom.Normal(key, (ulong)n);
            for (int k = 0; k < refinement; k++) xi[k] = Math.Sqrt(delta) * CounterRandom.Normal(bridgeKey, (ulong)(n * refinement + k));
            double shift = increment / refinement - xi.Average();
            foreach (double x in xi)
            {
                double d = x + shift;
                double predictor = q - q * delta + Sigma * d;
                q += -(q + predictor) * delta / 2 + Sigma * d;
            }
        }
        return q;
    }

    [Fact]
    public void OrnsteinUhlenbeck_MeanAndVariance_MatchTheExactMoments()
    {
        const int count = 20_000;
        const double t = 2, dt = 1e-2;
        var q = FinalStates("ginzburg-landau", Settings(MethodKind.StochasticHeun, t, dt, 2025), OrnsteinUhlenbeck, [1], count);
        double mean = q.Average(), variance = q.Sum(v => (v - mean) * (v - mean)) / (count - 1);
        double exactMean = Math.Exp(-t), exactVariance = Sigma * Sigma * (1 - Math.Exp(-2 * t)) / 2;
        // Heun's own moments: q_{n+1} = a q_n + b ΔW_n, a = 1 − dt + dt²/2, b = σ(1 − dt/2); their distance to the exact ones is its bias.
        long n = (long)Math.Round(t / dt);
        double a = 1 - dt + dt * dt / 2, b = Sigma * (1 - dt / 2);
        double heunMean = Math.Pow(a, n), heunVariance = b * b * dt * (1 - Math.Pow(a * a, n)) / (1 - a * a);
        double seMean = Math.Sqrt(exactVariance / count), seVariance = exactVariance * Math.Sqrt(2.0 / (count - 1));
        output.WriteLine($"mean {mean:F5} (exact {exactMean:F5}, Heun {heunMean:F5}, s.e. {seMean:E2}); variance {variance:F5} (exact {exactVariance:F5}, Heun {heunVariance:F5}, s.e. {seVariance:E2})");
        Assert.InRange(mean, exactMean - 4 * seMean - Math.Abs(heunMean - exactMean), exactMean + 4 * seMean + Math.Abs(heunMean - exactMean));
        Assert.InRange(variance, exactVariance - 4 * seVariance - Math.Abs(heunVariance - exactVariance), exactVariance + 4 * seVariance + Math.Abs(heunVariance - exactVariance));
    }

    [Fact]
    public void MultiplicativeNoise_IsRefused_AdditiveNoiseIsNot()
    {
        var model = ModelRegistry.Find("innovation-cluster");
        var settings = Settings(MethodKind.StochasticHeun, 1, 0.01, 3);
        // Additive σx everywhere; σE only on the last trajectory, as a sweep over sigma_e ending at a nonzero value would give.
        var p = Parameters(model, ("sigma_x", 0.1), ("sigma_e", 0));
        EnsembleProblem Problem(double lastSigmaE) => EnsembleProblem.FromDefaults(model, 50, (i, parameters, y) =>
        {
            p.CopyTo(parameters);
            if (i == 49) parameters[model.Info.ParameterIndex("sigma_e")] = lastSigmaE;
        });
        var error = Assert.Throws<UsageException>(() => Solve("cpu", Problem(0.2), settings));
        output.WriteLine(error.Message);
        Assert.Contains("sigma_e", error.Message);
        Assert.Equal(50, Solve("cpu", Problem(0), settings).Count);
    }
}
