using System.Diagnostics;
using ClusterGpu.Backends;
using ClusterGpu.Models;
using ClusterGpu.Solving;

namespace ClusterGpu.Benchmarking;

/// <summary>
/// The standard throughput measurement: N trajectories of a model with one parameter spread linearly over a
/// range (Lorenz: rho over [0, 28], from (1, 0, 0)), integrated for a given number of steps; reports
/// trajectory-steps per second = Σ accepted steps / wall time (after a warm-up run that compiles the kernel).
/// </summary>
public static class ThroughputBenchmark
{
    /// <summary>The problem: <paramref name="trajectories"/> copies of the model at defaults, the first parameter named <paramref name="spreadParameter"/> spread linearly over [lo, hi].</summary>
    public static EnsembleProblem Problem(ModelHandle model, int trajectories, string spreadParameter, double lo, double hi)
    {
        int k = model.Info.ParameterIndex(spreadParameter);
        if (k < 0) throw new ArgumentException($"Model {model} has no parameter {spreadParameter}.");
        return EnsembleProblem.FromDefaults(model, trajectories, (i, p, _) =>
            p[k] = trajectories == 1 ? lo : lo + (hi - lo) * i / (trajectories - 1));
    }

    /// <summary>
    /// The standard problem of <paramref name="model"/>: Lorenz with rho spread over [0, 28]; any other model at its
    /// defaults (its first parameter "spread" over [default, default]). Returns the spread for run headers too.
    /// </summary>
    public static (EnsembleProblem Problem, string Spread, double Lo, double Hi) StandardProblem(ModelHandle model, int trajectories)
    {
        var first = model.Info.Parameters[0];
        var (spread, lo, hi) = model.Info.Name == "lorenz" ? ("rho", 0.0, 28.0) : (first.Name, first.Default, first.Default);
        return (Problem(model, trajectories, spread, lo, hi), spread, lo, hi);
    }

    /// <summary>One timed run after a warm-up; returns the measurement.</summary>
    public static Measurement Measure(EnsembleBackend backend, EnsembleProblem problem, IntegrationSettings settings)
    {
        var solver = new EnsembleSolver(backend);
        var warmUp = EnsembleProblem.FromDefaults(problem.Model, Math.Min(problem.Count, 64));
        solver.Solve(warmUp, settings with { TEnd = settings.T0 + (settings.TEnd - settings.T0) / 100 });
        var clock = Stopwatch.StartNew();
        var result = solver.Solve(problem, settings);
        double seconds = clock.Elapsed.TotalSeconds;
        double steps = 0;
        for (int i = 0; i < result.Count; i++) steps += result.Steps(i);
        return new Measurement(result.Count, steps, seconds, steps / seconds, result);
    }

    /// <summary>Result of <see cref="Measure"/>.</summary>
    public sealed record Measurement(int Trajectories, double TrajectorySteps, double Seconds, double TrajectoryStepsPerSecond, EnsembleResult Result);
}
