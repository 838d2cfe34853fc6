using ClusterGpu.Backends;
using ClusterGpu.Benchmarking;
using ClusterGpu.Models;
using ClusterGpu.Solving;

namespace ClusterGpu.Tests.Benchmarking;

/// <summary>The scalar baseline runs the same kernel code as the SIMD cpu path: same final states and step counts.</summary>
public sealed class ScalarBackendBenchTests
{
    [Theory]
    [InlineData("lorenz", MethodKind.Rk4, 1e-12)]
    [InlineData("innovation-cluster", MethodKind.Rk4, 1e-12)]
    [InlineData("logistic", MethodKind.Dopri5, 1e-9)]
    public void Scalar_AgreesWithCpu(string modelName, MethodKind method, double tolerance)
    {
        var model = ModelRegistry.Find(modelName);
        var problem = ThroughputBenchmark.StandardProblem(model, 37).Problem; // not a multiple of the SIMD width
        var settings = new IntegrationSettings { Method = method, Dt = 0.005, TEnd = 2 };
        using var scalar = BackendFactory.Create("scalar");
        using var cpu = BackendFactory.Create("cpu");
        var a = new EnsembleSolver(scalar).Solve(problem, settings);
        var b = new EnsembleSolver(cpu).Solve(problem, settings);
        Assert.Equal("scalar", a.Backend);
        for (int i = 0; i < problem.Count; i++)
        {
            Assert.Equal(b.Steps(i), a.Steps(i));
            for (int k = 0; k < model.Info.States.Count; k++)
            {
                double x = a.FinalState(i, k), y = b.FinalState(i, k);
                Assert.True(Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(y)), $"trajectory {i}, state {k}: {x} vs {y}");
            }
        }
    }

    [Fact]
    public void Auto_NeverPicksScalar()
    {
        using var auto = BackendFactory.Create("auto");
        Assert.NotEqual("scalar", auto.Name);
        Assert.Contains("scalar", BackendFactory.Names);
    }
}
