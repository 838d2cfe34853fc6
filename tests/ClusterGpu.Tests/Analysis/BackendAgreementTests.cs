using ClusterGpu.Models;
using ClusterGpu.Solving;
using Xunit.Abstractions;
using static ClusterGpu.Tests.Analysis.AnalysisSupport;

namespace ClusterGpu.Tests.Analysis;

/// <summary>
/// The SIMD-lanes CPU backend and ILGPU's CPU accelerator run the same kernel code on different number types
/// (SIMD registers vs <c>F64</c>): for every model their final states and statuses must agree.
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

    /// <summary>200 trajectories with every parameter within ±10 % (of its default, or of 10 % of its range when the default is 0), clamped to the valid range.</summary>
    private static EnsembleProblem SpreadProblem(ModelHandle model)
    {
        var random = new Random(model.Info.Name.Length * 7919 + 17);
        return EnsembleProblem.FromDefaults(model, Count, (i, p, y) =>
        {
            for (int k = 0; k < p.Length; k++)
            {
                var info = model.Info.Parameters[k];
                double scale = info.Default != 0 ? Math.Abs(info.Default) : 0.1 * (info.Max - info.Min);
                double v = info.Default + 0.1 * scale * (2 * random.NextDouble() - 1);
                p[k] = Math.Clamp(v, info.Min, info.Max);
            }
            for (int k = 0; k < y.Length; k++) y[k] *= 1 + 0.05 * (2 * random.NextDouble() - 1);
        });
    }

    private void AssertAgreement(string modelName, IntegrationSettings settings, double relative)
    {
        var model = ModelRegistry.Find(modelName);
        var problem = SpreadProblem(model);
        var cpu = Solve("cpu", problem, settings);
        var ilgpu = Solve("ilgpu-cpu", problem, settings);
        double worst = 0;
        for (int i = 0; i < Count; i++)
        {
            Assert.Equal(cpu.Status(i), ilgpu.Status(i));
            Assert.Equal(cpu.FinalTime(i), ilgpu.FinalTime(i));
            Assert.Equal(cpu.Steps(i), ilgpu.Steps(i));
            Assert.Equal(cpu.Rejected(i), ilgpu.Rejected(i));
            for (int c = 0; c < cpu.StateCount; c++)
            {
                double a = cpu.FinalState(i, c), b = ilgpu.FinalState(i, c);
                // Equal values agree, including the same ±∞ where an explicit method diverges on a stiff model.
                double scaled = a.Equals(b) ? 0 : Math.Abs(a - b) / Math.Max(1, Math.Abs(a));
                worst = Math.Max(worst, scaled);
                Assert.True(scaled <= relative,
                    $"{modelName} {settings.MethodName} trajectory {i} component {c}: cpu {a:R} vs ilgpu-cpu {b:R}");
            }
        }
        output.WriteLine($"{modelName} {settings.MethodName}: max |a − b| / max(1, |a|) = {worst:E2}; statuses {string.Join(",", Enumerable.Range(0, Count).Select(cpu.Status).Distinct())}");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void CpuAndIlgpuCpu_Rk4_AgreeToRoundOff(string model) =>
        AssertAgreement(model, Rk4(TEnd, 0.01), 1e-12);

    /// <summary>
    /// The models with noise (the others reduce to explicit Euler, which diverges on van der Pol and amplifies round-off
    /// on Lorenz at this step): the lanes' normals are the scalar generator's, so only fused vs unfused multiply-adds differ.
    /// </summary>
    [Theory]
    [InlineData("ginzburg-landau")]
    [InlineData("innovation-cluster")]
    public void CpuAndIlgpuCpu_EulerMaruyama_AgreeToRoundOff(string model) =>
        AssertAgreement(model, new IntegrationSettings { Method = MethodKind.EulerMaruyama, TEnd = TEnd, Dt = 0.01, Seed = 11 }, 1e-12);

    [Theory]
    [MemberData(nameof(Models))]
    public void CpuAndIlgpuCpu_Dopri5_AgreeWithinTolerance(string model)
    {
        const double rtol = 1e-8;
        AssertAgreement(model, Dopri5(TEnd, rtol, 1e-10), 10 * rtol);
    }

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
    }
}
