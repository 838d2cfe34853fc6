using System.CommandLine;
using System.Globalization;
using ClusterGpu.Backends;
using ClusterGpu.Benchmarking;
using ClusterGpu.Errors;
using ClusterGpu.Models;
using ClusterGpu.Solving;

namespace ClusterGpu.Cli.Commands;

/// <summary>
/// <c>clustergpu bench</c>: integrates N trajectories (Lorenz: rho spread over [0, 28], dt = 0.001, from
/// (1, 0, 0)) and prints <c>trajectory_steps_per_second=&lt;value&gt;</c> as its last line.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model to integrate", DefaultValueFactory = _ => "lorenz" };
        var method = CliOptions.Method("rk4");
        var trajectories = new Option<int>("--trajectories") { Description = "Number of trajectories N", DefaultValueFactory = _ => 1 << 20 };
        var steps = new Option<int>("--steps") { Description = "Steps per trajectory S (time span = S·dt)", DefaultValueFactory = _ => 1000 };
        var dt = new Option<double>("--dt") { Description = "Step size (rk4) and time unit of the span", DefaultValueFactory = _ => 0.001 };
        var backend = CliOptions.Backend();
        var precision = CliOptions.Precision();
        var command = new Command("bench", "Measure trajectory-steps per second on one backend")
        {
            model, method, trajectories, steps, dt, backend, precision,
        };
        command.SetAction(parse => Program.Guard(() =>
        {
            var handle = ModelRegistry.Find(parse.GetValue(model)!);
            int n = parse.GetValue(trajectories), s = parse.GetValue(steps);
            if (n <= 0) throw new UsageException("--trajectories must be a positive integer.");
            if (s <= 0) throw new UsageException("--steps must be a positive integer.");
            double step = parse.GetValue(dt);
            var settings = new IntegrationSettings
            {
                Method = CliOptions.ParseMethod(parse.GetValue(method)!),
                Dt = step,
                TEnd = s * step,
                Precision = CliOptions.ParsePrecision(parse.GetValue(precision)!),
            };
            settings.Validate();
            var (problem, spread, lo, hi) = ThroughputBenchmark.StandardProblem(handle, n);
            using var engine = BackendFactory.Create(parse.GetValue(backend)!);
            Console.WriteLine($"# clustergpu bench: model {handle}, {n} trajectories, {spread} spread over [{lo}, {hi}], {settings.Describe()}");
            Console.WriteLine($"# backend {engine.Name}: {engine.Device}");
            var m = ThroughputBenchmark.Measure(engine, problem, settings);
            Console.WriteLine(FormattableString.Invariant($"# {m.TrajectorySteps:G6} trajectory-steps in {m.Seconds:F3} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trajectory_steps_per_second={m.TrajectoryStepsPerSecond:E4}"));
            return 0;
        }));
        return command;
    }
}
