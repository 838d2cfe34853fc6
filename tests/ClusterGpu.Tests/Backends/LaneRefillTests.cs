using ClusterGpu.Backends;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Tests.Backends;

/// <summary>
/// The cpu backend refills the lanes of a register whose trajectories ended with pending ones, so one trajectory runs beside
/// different neighbours, in different lanes, started at different times than on the scalar backend (one trajectory per call,
/// no lanes). The ILGPU kernel's persistent threads (16 on ILGPU's CPU accelerator) each run trajectory after trajectory,
/// taken from a shared counter in whatever order the threads get there. Each trajectory's results must depend on neither:
/// the scalar backend is the oracle, bit for bit.
/// </summary>
public sealed class LaneRefillTests
{
    private const string PerTrajectory = "ilgpu-cpu per-trajectory";

    private static SweepResult Run(string backendName, ParameterSpace space, IntegrationSettings settings, Observation observation)
    {
        // "ilgpu-cpu per-trajectory": the kernel launched with one thread per trajectory, as before persistent threads.
        using var backend = backendName == PerTrajectory ? BackendFactory.Create("ilgpu-cpu", GpuThreads.PerTrajectory) : BackendFactory.Create(backendName);
        if (backend is IlgpuBackend gpu)
            Assert.True(backendName == PerTrajectory ? gpu.Threads(1000) == 1000 : gpu.Threads(1000) <= 100,
                $"{gpu.Threads(1000)} threads for 1000 trajectories under {gpu.ThreadPolicy}");
        return new SweepRunner(backend, batchSize: 1000).Run(space, settings, observation, new RegimeRules());
    }

    private static void AssertSameBits(SweepResult expected, SweepResult actual)
    {
        foreach (var variable in expected.Variables)
        {
            var want = variable.Values;
            var got = actual[variable.Name].Values;
            Assert.Equal(want.Length, got.Length);
            for (int i = 0; i < want.Length; i++)
            {
                var (a, b) = (Convert.ToDouble(want.GetValue(i)), Convert.ToDouble(got.GetValue(i)));
                Assert.True(BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b), $"{variable.Name}[{i}]: scalar {a:R}, refilled {b:R}");
            }
        }
    }

    [Theory]
    [InlineData("cpu", false, 1_000_000)]
    [InlineData("cpu", true, 1_000_000)]
    [InlineData("cpu", false, 400)] // some trajectories stop at the attempt limit, each after its own 400 attempts
    [InlineData("ilgpu-cpu", false, 1_000_000)]
    [InlineData("ilgpu-cpu", false, 400)]
    [InlineData(PerTrajectory, false, 400)]
    public void SampledDesign_WithStepCountsTenfoldApart_GivesEveryTrajectoryItsScalarResult(string backend, bool lyapunov, long maxSteps)
    {
        // A Sobol design over wide ranges: neighbouring points sit in different regimes (steady, oscillating, slowly
        // converging), so the lanes of one register end hundreds of attempts apart and are refilled many times; 2503
        // points leave a partial last batch and a partial last register.
        var model = ModelRegistry.Find("innovation-cluster");
        var space = ParameterSpace.Sampled(model,
            [new SampleRange("e0", 0.1, 5, false), new SampleRange("eta", 0.5, 12, false), new SampleRange("kappa", 0.5, 4, false)],
            2503, SamplerKind.Sobol, 7, new Dictionary<string, double>(), InitialConditions.Default(model.Info));
        var settings = new IntegrationSettings { Method = MethodKind.Dopri5, TEnd = 60, MaxSteps = maxSteps };
        var observation = new Observation(0.5, Lyapunov: lyapunov);

        var scalar = Run("scalar", space, settings, observation);
        var refilled = Run(backend, space, settings, observation);

        var steps = ((int[])scalar["steps"].Values).Zip((int[])scalar["rejected"].Values, (a, r) => a + r).ToArray();
        Assert.True(steps.Max() >= 5 * steps.Min(), $"the design should spread the attempt counts: {steps.Min()}..{steps.Max()}");
        if (maxSteps < 1000) Assert.Contains((byte)TrajectoryStatus.MaxStepsReached, (byte[])scalar["status"].Values);
        AssertSameBits(scalar, refilled);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("ilgpu-cpu")]
    public void FixedStepRegisters_RefilledWhole_KeepTheirRandomStreams(string backend)
    {
        // Euler-Maruyama draws each trajectory's noise from (seed, trajectory index): registers refilled with the next
        // consecutive trajectories must draw what the scalar backend draws.
        var model = ModelRegistry.Find("innovation-cluster");
        var space = ParameterSpace.Sampled(model, [new SampleRange("e0", 0.1, 5, false)], 203, SamplerKind.Random, 3,
            new Dictionary<string, double> { ["sigma_x"] = 0.05 }, InitialConditions.Default(model.Info));
        var settings = new IntegrationSettings { Method = MethodKind.EulerMaruyama, Dt = 0.01, TEnd = 20, Seed = 11 };
        AssertSameBits(Run("scalar", space, settings, new Observation(0.5)), Run(backend, space, settings, new Observation(0.5)));
    }

    [Theory]
    [InlineData(null, GpuThreads.Persistent)]
    [InlineData("", GpuThreads.Persistent)]
    [InlineData("persistent", GpuThreads.Persistent)]
    [InlineData("per-trajectory", GpuThreads.PerTrajectory)]
    public void GpuThreadsVariable_NamesThePolicy(string? value, GpuThreads expected) => Assert.Equal(expected, BackendFactory.ParseThreads(value));

    [Fact]
    public void GpuThreadsVariable_WithAnUnknownValue_SaysWhatItAccepts()
    {
        var e = Assert.Throws<ClusterGpu.Errors.UsageException>(() => BackendFactory.ParseThreads("all"));
        Assert.Contains("CLUSTERGPU_GPU_THREADS='all'", e.Message);
        Assert.Contains("per-trajectory", e.Message);
    }
}
