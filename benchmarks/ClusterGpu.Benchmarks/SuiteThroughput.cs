using BenchmarkDotNet.Attributes;
using ClusterGpu.Backends;
using ClusterGpu.Benchmarking;
using ClusterGpu.Models;
using ClusterGpu.Solving;

namespace ClusterGpu.Benchmarks;

/// <summary>
/// The grid of <c>clustergpu bench --suite</c> at one size: every backend (scalar baseline included) × model
/// (1, 3, 4 states) × method (rk4, dopri5) × precision, on the suite's standard problem (<see cref="ThroughputBenchmark.StandardProblem"/>).
/// One operation = one trajectory-step of rk4 (dopri5 takes fewer, larger steps over the same span).
/// </summary>
[ShortRunJob]
public class SuiteThroughput
{
    private const int Trajectories = 4096;
    private const int Steps = 200;
    private const double Dt = 0.005;
    private EnsembleBackend backend = null!;
    private EnsembleSolver solver = null!;
    private EnsembleProblem problem = null!;
    private IntegrationSettings settings = null!;

    [Params("scalar", "cpu", "ilgpu-cpu")]
    public string Backend { get; set; } = "cpu";

    [Params("logistic", "lorenz", "innovation-cluster")]
    public string Model { get; set; } = "lorenz";

    [Params(MethodKind.Rk4, MethodKind.Dopri5)]
    public MethodKind Method { get; set; }

    [Params(Precision.Fp64, Precision.Fp32)]
    public Precision Precision { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        backend = BackendFactory.Create(Backend);
        solver = new EnsembleSolver(backend);
        problem = ThroughputBenchmark.StandardProblem(ModelRegistry.Find(Model), Trajectories).Problem;
        settings = new IntegrationSettings { Method = Method, Dt = Dt, TEnd = Steps * Dt, Precision = Precision };
        solver.Solve(problem, settings); // compile kernels before measuring
    }

    [Benchmark(OperationsPerInvoke = Trajectories * Steps)]
    public EnsembleResult Solve() => solver.Solve(problem, settings);

    [GlobalCleanup]
    public void Cleanup() => backend.Dispose();
}

/// <summary>The machine's FMA peak kernel of the suite (<see cref="FmaPeak"/>), per precision; returns GFLOP/s.</summary>
[ShortRunJob]
public class FmaPeakBenchmark
{
    [Params(Precision.Fp64, Precision.Fp32)]
    public Precision Precision { get; set; }

    [Benchmark]
    public double Peak() => FmaPeak.Measure(Precision, seconds: 0.05);
}
