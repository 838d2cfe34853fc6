using ClusterGpu.Benchmarking;
using ClusterGpu.Models;
using ClusterGpu.Solving;

namespace ClusterGpu.Tests.Benchmarking;

/// <summary>Static PTX profiles: instruction kinds, the step loop and its FLOPs against counts derived by hand.</summary>
public sealed class PtxProfileBenchTests
{
    [Theory]
    [InlineData(Precision.Fp64)]
    [InlineData(Precision.Fp32)]
    public void LorenzRk4_HasArithmeticInItsStepLoop_NoLocalMemory_NoGlobalTrafficPerStep(Precision precision)
    {
        var profile = PtxProfiler.Profile(ModelRegistry.Find("lorenz"), MethodKind.Rk4, precision);
        // MulAdd is one fma.rn; the other products and sums stay mul.rn and add.rn (ptxas contracts none of them).
        Assert.True(profile.PerStep["fma"] > 0 && profile.PerStep["mul"] > 0 && profile.PerStep["add"] > 0);
        Assert.False(profile.UsesLocalMemory);
        Assert.Equal(0, profile.PerStep["ld.global"] + profile.PerStep["st.global"]);
        Assert.True(profile.Total["ld.global"] > 0 && profile.Total["st.global"] > 0); // inputs and outputs, outside the loop
        Assert.True(profile.Total["mul"] >= profile.PerStep["mul"]);
    }

    [Theory]
    [InlineData(MethodKind.Rk4)]
    [InlineData(MethodKind.Dopri5)]
    public void PersistentThreads_TakeTrajectoriesByAtomicAdds_OffTheStepLoopsSteadyPath(MethodKind method)
    {
        // The hand-over (store the outputs, take the next trajectory, load and start it) is an atomic add on the counter and
        // the global loads and stores; none of it runs on the path every step takes. Dopri5's steady path is the bigger: an
        // attempt is seven evaluations of the right-hand side, RK4's four.
        var settings = new IntegrationSettings { Method = method };
        string ptx = Gpu.PtxCompiler.Compile(ModelRegistry.Find("lorenz"), settings.CreateMethod().GetType(), typeof(ClusterGpu.Kernels.Numbers.F64),
            typeof(ClusterGpu.Kernels.Observers.NoObserver<,>));
        // Two atomic adds: a thread's first trajectory before the loop, each next one inside it.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(ptx, @"\batom\.add\.global\.u32\b").Count);
        var (total, perStep) = PtxProfiler.Analyse(ptx);
        Assert.Equal(0, perStep["ld.global"] + perStep["st.global"]);
        Assert.True(total["st.global"] > 0 && total["ld.global"] > 0);
        Assert.True(PtxProfiler.Flops(perStep) > (method == MethodKind.Dopri5 ? 150 : 70), $"{PtxProfiler.Flops(perStep)} FLOP on the steady path");
    }

    [Fact]
    public void LogisticRk4_StepLoopFlops_MatchHandCount()
    {
        // RHS r·x·(1 − x/k): 2 mul + 1 div + 1 sub = 4 FLOP, 4 evaluations per step = 16.
        // Stages y + (h/2)k1, y + (h/2)k2, y + h k3 and the accumulation y + (h/6)k1 + (h/3)k2 + (h/3)k3 + (h/6)k4:
        // 7 multiply-adds (fma.rn in PTX) = 14.
        // h/2, h/6, h/3: 3 mul. Last-step length t_end − (t0 + (S−1)dt): 1 mul + 1 add + 1 sub (not hoisted).
        // Finite check y − y == 0: 1 sub on each of its two paths = 2. Next time t0 + i·dt + dt: 1 mul + 2 add.
        // Total 16 + 14 + 3 + 3 + 2 + 3 = 41.
        var profile = PtxProfiler.Profile(ModelRegistry.Find("logistic"), MethodKind.Rk4, Precision.Fp64);
        Assert.Equal(4, profile.PerStep["div"]);
        Assert.Equal(7, profile.PerStep["fma"]);
        Assert.Equal(41, profile.FlopsPerStep);
    }

    [Fact]
    public void Flops_WeighFmaTwice()
    {
        var counts = PtxProfiler.Kinds.ToDictionary(k => k, _ => 1);
        Assert.Equal(2 + 1 + 1 + 1 + 1, PtxProfiler.Flops(counts));
    }

    [Theory]
    [InlineData("fma.rn.f64\t%fd1, %fd2, %fd3, %fd4;", "fma")]
    [InlineData("@%p1 bra.uni\tL_1;", "branch")]
    [InlineData("sub.f32\t%f1, %f2, %f3;", "add")]
    [InlineData("sub.s64\t%rd1, %rd2, 1;", "other")]
    [InlineData("ld.global.f64\t%fd1, [%rd2];", "ld.global")]
    [InlineData("st.local.f64\t[%rd2], %fd1;", "local")]
    [InlineData("selp.b64\t%fd1, %fd2, %fd3, %p1;", "cmp/sel")]
    [InlineData(".reg .f64\t%fd<91>;", null)]
    public void Classify_KnowsTheKinds(string line, string? kind) => Assert.Equal(kind, PtxProfiler.Classify(line));
}
