using BenchmarkDotNet.Running;

namespace ClusterGpu.Benchmarks;

/// <summary>Runs the suites: <c>dotnet run -c Release --project benchmarks/ClusterGpu.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
