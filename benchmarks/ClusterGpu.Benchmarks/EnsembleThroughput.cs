using BenchmarkDotNet.Attributes;
using ClusterGpu.Backends;
using ClusterGpu.Benchmarking;
using ClusterGpu.Models;
using ClusterGpu.Solving;

namespace ClusterGpu.Benchmarks;

/// <summary>
/// Lorenz RK4, dt = 0.001, 1000 steps, rho spread over [0, 28], per backend and precision: the same problem as
/// <c>clustergpu bench</c>. One operation = one trajectory-step, so "Mean" reads as seconds per trajectory-step.
/// </summary>
[MemoryDiagnoser]
public class EnsembleThroughput
{
    private const int Trajectories = 1 << 16;
    private const int Steps = 1000;
    private EnsembleBackend backend = null!;
    private EnsembleSolver solver = null!;
    private EnsembleProblem problem = null!;
    private IntegrationSettings settings = null!;

    [Params("cpu", "ilgpu-cpu")]
    public string Backend { get; set; } = "cpu";

    [Params(Precision.Fp64, Precision.Fp32)]
    public Precision Precision { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        backend = BackendFactory.Create(Backend);
        solver = new EnsembleSolver(backend);
        problem = ThroughputBenchmark.Problem(ModelRegistry.Find("lorenz"), Trajectories, "rho", 0, 28);
        settings = new IntegrationSettings { Method = MethodKind.Rk4, Dt = 0.001, TEnd = Steps * 0.001, Precision = Precision };
        solver.Solve(problem, settings); // compile kernels before measuring
    }

    [Benchmark(OperationsPerInvoke = Trajectories * Steps)]
    public EnsembleResult LorenzRk4() => solver.Solve(problem, settings);

    [GlobalCleanup]
    public void Cleanup() => backend.Dispose();
}
