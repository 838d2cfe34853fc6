using System.Runtime.InteropServices;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using ClusterGpu.Verification;
using Xunit.Abstractions;
using static ClusterGpu.Tests.Analysis.AnalysisSupport;

namespace ClusterGpu.Tests.Analysis;

/// <summary>
/// The SIMD-lanes CPU backend and ILGPU's CPU accelerator run the same kernel code on different number types
/// (SIMD registers vs <c>F64</c>) with the same IEEE-754 operations (MulAdd fused on both): for every model their
/// outputs must be the same bits.
/// </summary>
public sealed class BackendAgreementTests(ITestOutputHelper output)
{
    private const int Count = 200;
    private const double TEnd = 5.0;

    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        foreach (var model in ModelRegistry.All) data.Add(model.Info.Name);
        return data;
    }

    /// <summary>200 spread trajectories (<see cref="BackendAgreement.SpreadProblem"/>).</summary>
    private static EnsembleProblem SpreadProblem(ModelHandle model) => BackendAgreement.SpreadProblem(model, Count, BackendAgreement.Seed(model));

    /// <summary>Every output column (states, statuses, steps, times) of cpu and ilgpu-cpu is the same bits.</summary>
    private void AssertBitwise(string modelName, IntegrationSettings settings)
    {
        var problem = SpreadProblem(ModelRegistry.Find(modelName));
        var cpu = Solve("cpu", problem, settings);
        var ilgpu = Solve("ilgpu-cpu", problem, settings);
        var cpuBits = MemoryMarshal.Cast<double, long>(cpu.Columns.AsSpan());
        var ilgpuBits = MemoryMarshal.Cast<double, long>(ilgpu.Columns.AsSpan());
        int first = cpuBits.CommonPrefixLength(ilgpuBits);
        output.WriteLine($"{modelName} {settings.MethodName}: statuses {string.Join(",", Enumerable.Range(0, Count).Select(cpu.Status).Distinct())}");
        Assert.Equal(cpuBits.Length, ilgpuBits.Length);
        if (first < cpuBits.Length)
            Assert.Fail($"{modelName} {settings.MethodName}: column entry {first}: cpu {cpu.Columns[first]:R} vs ilgpu-cpu {ilgpu.Columns[first]:R}");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void CpuAndIlgpuCpu_Rk4_AgreeBitwise(string model) => AssertBitwise(model, Rk4(TEnd, 0.01));

    /// <summary>
    /// The models with noise (the others reduce to explicit Euler, which diverges on van der Pol): the lanes' normals are
    /// the scalar generator's.
    /// </summary>
    [Theory]
    [InlineData("ginzburg-landau")]
    [InlineData("innovation-cluster")]
    public void CpuAndIlgpuCpu_EulerMaruyama_AgreeBitwise(string model) =>
        AssertBitwise(model, new IntegrationSettings { Method = MethodKind.EulerMaruyama, TEnd = TEnd, Dt = 0.01, Seed = 11 });

    /// <summary>Adaptive: the same bits also mean the same accepted and rejected steps.</summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void CpuAndIlgpuCpu_Dopri5_AgreeBitwise(string model) => AssertBitwise(model, Dopri5(TEnd, 1e-8, 1e-10));

    [Theory]
    [InlineData("innovation-cluster")]
    [InlineData("lotka-volterra")]
    public void EnsembleSolver_SmallBatches_GiveIdenticalColumns(string modelName)
    {
        // 200 trajectories in batches of 37 (last batch 15, not a multiple of the SIMD width) vs one launch.
        var problem = SpreadProblem(ModelRegistry.Find(modelName));
        using var backend = new ClusterGpu.Backends.CpuBackend();
        var settings = Dopri5(TEnd, 1e-8, 1e-10);
        var whole = new EnsembleSolver(backend).Solve(problem, settings);
        var batched = new EnsembleSolver(backend, batchSize: 37).Solve(problem, settings);
        Assert.Equal(whole.Columns, batched.Columns);
        // With the window observer (dense output): no lane's statistics may depend on its register's other lanes.
        var window = new Observation(WindowFraction: 0.8);
        Assert.Equal(new EnsembleSolver(backend).Solve(problem, settings, window).Columns,
            new EnsembleSolver(backend, batchSize: 37).Solve(problem, settings, window).Columns);
    }
}
