using ClusterGpu.Backends;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using ClusterGpu.Storage;
using ClusterGpu.Tests.Cli;
using ClusterGpu.Trajectories;
using Xunit.Abstractions;

namespace ClusterGpu.Tests.Trajectories;

/// <summary>
/// Saved trajectories against an independent dense solution (classical RK4 written here, step 1e-4, far below the
/// tolerance tested), the same bits on every backend, the fixed-step grid, a sweep's own noisy trajectory through
/// <c>--from</c>, and bad input (exit 2, one line, no file).
/// </summary>
public sealed class TrajectoryTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-trajectory-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string PathOf(string name) => Path.Combine(directory, name);

    /// <summary>Lorenz (σ = 10, ρ = 28, β = 8/3) from (1, 1, 1) by classical RK4 with step h, the state at every multiple of <paramref name="every"/> steps.</summary>
    private static List<double[]> LorenzRk4(double h, int steps, int every)
    {
        static double[] F(double[] u) => [10 * (u[1] - u[0]), u[0] * (28 - u[2]) - u[1], u[0] * u[1] - 8.0 / 3 * u[2]];
        static double[] Add(double[] u, double c, double[] k) => [u[0] + c * k[0], u[1] + c * k[1], u[2] + c * k[2]];
        var y = new double[] { 1, 1, 1 };
        var saved = new List<double[]> { y };
        for (int i = 1; i <= steps; i++)
        {
            var k1 = F(y);
            var k2 = F(Add(y, h / 2, k1));
            var k3 = F(Add(y, h / 2, k2));
            var k4 = F(Add(y, h, k3));
            y = [.. Enumerable.Range(0, 3).Select(c => y[c] + h / 6 * (k1[c] + 2 * k2[c] + 2 * k3[c] + k4[c]))];
            if (i % every == 0) saved.Add(y);
        }
        return saved;
    }

    [Fact]
    public void Lorenz_SavedEvery0p01ToT5_MatchesAnIndependentDenseSolutionTo1e6()
    {
        string file = PathOf("lorenz.h5");
        var (code, _, error) = CliRunner.Run("trajectory", "--model", "lorenz", "--ic", "x=1", "--ic", "y=1", "--ic", "z=1", "--t-end", "5", "--saveat", "0.01",
            "--rtol", "1e-10", "--atol", "1e-12", "--backend", "cpu", "--out", file);
        Assert.True(code == 0, error);
        using var reader = Hdf5Reader.Open(file);
        var time = reader.Read("time").Values;
        Assert.Equal(501, time.Length);
        var reference = LorenzRk4(1e-4, 50_000, 100);
        double worst = 0;
        foreach (var (name, c) in new[] { ("x", 0), ("y", 1), ("z", 2) })
        {
            var values = reader.Read(name);
            Assert.Equal(["time"], values.Dimensions);
            for (int k = 0; k < time.Length; k++)
            {
                Assert.Equal(k * 0.01, time[k], 12);
                worst = Math.Max(worst, Math.Abs(values.Values[k] - reference[k][c]));
            }
        }
        output.WriteLine($"max |saved − RK4(h = 1e-4)| over 501 samples × 3 states = {worst:E2}");
        Assert.True(worst < 1e-6, $"max error {worst:E2}");
    }

    [Fact]
    public void Recording_IsBitIdentical_OnCpuScalarAndIlgpuCpu_AtEveryStepAndOnAGrid()
    {
        var model = ModelRegistry.Find("lorenz");
        var settings = new IntegrationSettings { Method = MethodKind.Dopri5, TEnd = 2, RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10 };
        double[] parameters = [.. model.Info.DefaultParameters().SelectMany(p => new[] { p, p, p })];
        double[] states = [1, 2, -3, 1, 0.5, 4, 1, 10, 20];
        foreach (var saveAt in new[] { new SaveAt(0.037), new SaveAt((double?)null) })
        {
            Recording? first = null;
            foreach (var name in new[] { "cpu", "scalar", "ilgpu-cpu" })
            {
                using var backend = BackendFactory.Create(name);
                var recording = TrajectoryRecorder.Record(backend, model, settings, saveAt, parameters, states);
                Assert.All(recording.Status, s => Assert.Equal(0, s));
                first ??= recording;
                Assert.Equal(first.Values, recording.Values);
                Assert.Equal(first.Times, recording.Times);
            }
            output.WriteLine($"saveat {saveAt}: {first!.Samples} samples, steps {string.Join(", ", first.Steps)}");
            if (saveAt.Interval is not null) continue;
            // Saving every step ends with the integrator's own final state at t_end.
            var solved = Analysis.AnalysisSupport.Solve("scalar", new EnsembleProblem(model, 3, parameters, states), settings);
            for (int i = 0; i < 3; i++)
            {
                int last = (int)first.Steps[i];
                Assert.Equal(2.0, first.Time(i, last));
                for (int c = 0; c < 3; c++) Assert.Equal(solved.FinalState(i, c), first.Value(i, last, c));
            }
        }
    }

    [Fact]
    public void FixedStep_SavesEveryMthStepExactly_OnTheDtGrid()
    {
        var model = ModelRegistry.Find("logistic");
        var settings = new IntegrationSettings { Method = MethodKind.Rk4, TEnd = 3.05, Dt = 0.01 };
        using var backend = BackendFactory.Create("cpu");
        var saveAt = SaveAt.Parse("0.5", settings);
        var recording = TrajectoryRecorder.Record(backend, model, settings, saveAt, model.Info.DefaultParameters(), [0.1]);
        double[] expected = [0, 0.5, 1, 1.5, 2, 2.5, 3];
        Assert.Equal(expected.Length, recording.Samples);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], saveAt.Times(settings)![k], 12);
            Assert.Equal(expected[k], recording.Time(0, k), 12);
        }
        var u = recording.Values;
        double r = model.Info.DefaultParameters()[0], capacity = model.Info.DefaultParameters()[1];
        for (int k = 0; k < expected.Length; k++)
            Assert.Equal(capacity / (1 + (capacity / 0.1 - 1) * Math.Exp(-r * expected[k])), u[k], 7);
        Assert.Throws<Errors.UsageException>(() => SaveAt.Parse("0.015", settings));
    }

    [Fact]
    public void From_ANoisySweepPoint_ReproducesTheSweepsOwnPath()
    {
        string sweep = PathOf("noisy.h5"), file = PathOf("one.h5");
        var (code, _, error) = CliRunner.Run("sweep", "--model", "innovation-cluster", "--grid", "e0=0.5:2:3", "--grid", "eta=1:8:3", "--set", "sigma_x=0.05",
            "--method", "euler-maruyama", "--dt", "0.01", "--t-end", "5", "--seed", "7", "--ic", "x=0.1,0.5", "--backend", "cpu", "--quiet", "--out", sweep);
        Assert.True(code == 0, error);
        (code, _, error) = CliRunner.Run("trajectory", "--from", sweep, "--at", "e0=1.25,eta=8", "--saveat", "0.5", "--backend", "scalar", "--out", file);
        Assert.True(code == 0, error);
        using var full = Hdf5Reader.Open(sweep);
        using var one = Hdf5Reader.Open(file);
        var finalX = full.Read("final_x").Values; // e0 × eta × ic
        var x = one.Read("x");
        Assert.Equal(["point", "time"], x.Dimensions);
        int samples = x.Shape[1];
        for (int ic = 0; ic < 2; ic++)
            Assert.Equal(finalX[(1 * 3 + 2) * 2 + ic], x.Values[ic * samples + samples - 1]);
        Assert.NotEqual(x.Values[samples - 1], x.Values[2 * samples - 1]);
    }

    [Theory]
    [InlineData("--from {sweep} --at e0=1.3,eta=8", "not on the grid")]
    [InlineData("--from {sweep} --at e0=9,eta=8", "not on the grid")]
    [InlineData("--from {sweep} --at e0=1.25", "does not give 'eta'")]
    [InlineData("--model lorenz --portrait x,w", "'w' is not a state")]
    [InlineData("--model lorenz --saveat 0", "must be positive")]
    [InlineData("--model lorenz --saveat -1", "must be positive")]
    [InlineData("--model lorenz --t-end 5 --saveat 6", "longer than the time span")]
    [InlineData("--model lorenz --method rk4 --dt 0.01 --saveat 0.015", "not a whole multiple")]
    public void BadInput_ExitsWith2_OneLine_NoFile(string arguments, string message)
    {
        string sweep = PathOf("grid.h5");
        var (code, _, error) = CliRunner.Run("sweep", "--model", "innovation-cluster", "--grid", "e0=0.5:2:3", "--grid", "eta=1:8:3", "--t-end", "2", "--quiet", "--out", sweep);
        Assert.True(code == 0, error);
        string file = PathOf("bad.h5");
        (code, _, error) = CliRunner.Run(["trajectory", .. arguments.Replace("{sweep}", sweep).Split(' '), "--out", file]);
        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(file));
        Assert.False(File.Exists(Path.ChangeExtension(file, ".png")));
    }
}
