using ClusterGpu.Storage;
using Xunit.Abstractions;

namespace ClusterGpu.Tests.Cli;

/// <summary><c>clustergpu stability</c> against the closed-form stability boundaries of MODELS.md.</summary>
public sealed class StabilityCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-stability-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string PathOf(string name) => Path.Combine(directory, name);

    private Hdf5Reader Run(params string[] args)
    {
        string file = PathOf("stability.h5");
        var (code, stdout, error) = CliRunner.Run(["stability", .. args, "--out", file, "--quiet", "--force"]);
        output.WriteLine(stdout);
        Assert.True(code == 0, error);
        Assert.Contains("# stability (Newton from the", stdout);
        Assert.Contains($"wrote {file}", stdout);
        return Hdf5Reader.Open(file);
    }

    [Fact]
    public void Stability_BrusselatorGrid_MaxRealEigenvalueChangesSignAcrossHopfLine_FileHasSweepCoordinates()
    {
        string picture = PathOf("bru.png");
        using var reader = Run("--model", "brusselator", "--grid", "a=0.5:2:7", "--grid", "b=1:6:9", "--t-end", "100", "--png", picture);
        Assert.True(new FileInfo(picture).Length > 0);
        double[] a = reader.Read("a").Values, b = reader.Read("b").Values;
        var maxReal = reader.Read("max_real_eigenvalue");
        Assert.Equal(["a", "b"], maxReal.Dimensions);
        Assert.Equal([7, 9], maxReal.Shape);
        Assert.All(reader.Read("converged").Values, v => Assert.Equal(1, v));
        Assert.Equal("not_converged stable_node stable_focus saddle unstable_node unstable_focus centre_like degenerate",
            reader.AttributesOf("stability")["flag_meanings"]);
        Assert.Equal(["a", "b"], reader.Read("regime").Dimensions);
        double[] x = reader.Read("fixed_x").Values, y = reader.Read("fixed_y").Values, stability = reader.Read("stability").Values;
        int judged = 0;
        for (int i = 0; i < a.Length; i++)
            for (int j = 0; j < b.Length; j++)
            {
                int cell = i * b.Length + j;
                double trace = b[j] - 1 - a[i] * a[i]; // tr J at (a, b/a); det J = a² > 0
                Assert.Equal(a[i], x[cell], 9);
                Assert.Equal(b[j] / a[i], y[cell], 9);
                if (Math.Abs(trace) < 0.05) continue; // on the Hopf line b = 1 + a²: not judged
                judged++;
                Assert.Equal(Math.Sign(trace), Math.Sign(maxReal.Values[cell]));
                if (trace * trace < 4 * a[i] * a[i])
                {
                    Assert.Equal(trace / 2, maxReal.Values[cell], 9);
                    Assert.Equal(trace < 0 ? 2 : 5, stability[cell]); // stable / unstable focus
                }
            }
        output.WriteLine($"{judged} of {a.Length * b.Length} cells judged");
        Assert.True(judged >= 55);
    }

    [Fact]
    public void Stability_InnovationClusterPlaneA_UnstableExactlyAboveTheHopfCurve_AndOscillatoryCellsAreUnstable()
    {
        using var reader = Run("--model", "innovation-cluster", "--grid", "e0=0.1:5:10", "--grid", "eta=0.5:12:10", "--set", "kappa=3", "--t-end", "600");
        double[] e0 = reader.Read("e0").Values, eta = reader.Read("eta").Values;
        double[] maxReal = reader.Read("max_real_eigenvalue").Values, regime = reader.Read("regime").Values, frequency = reader.Read("eigen_frequency").Values;
        int judged = 0;
        for (int i = 0; i < e0.Length; i++)
            for (int j = 0; j < eta.Length; j++)
            {
                int cell = i * eta.Length + j;
                double e = e0[i], margin = 2 * (3 * e - 1) - e * (e + 1);
                // MODELS.md plane A: the ordered state loses stability above eta_H(e0) where 2Δ0 > E0(E0 + λ).
                double etaH = margin > 0 ? (2 * (3 * e - 1) + e * e * (e + 1)) / margin : double.PositiveInfinity;
                if (Math.Abs(e - 1.0 / 3) < 0.1 || Math.Abs(eta[j] / etaH - 1) < 0.08) continue;
                judged++;
                bool unstable = eta[j] > etaH;
                Assert.True(unstable == maxReal[cell] > 0, $"e0 {e:G4}, eta {eta[j]:G4}: max Re {maxReal[cell]:G4}, eta_H {etaH:G4}");
                if (regime[cell] == 3) Assert.True(maxReal[cell] > 0, $"oscillatory at e0 {e:G4}, eta {eta[j]:G4} but max Re {maxReal[cell]:G4}");
                if (unstable) Assert.True(frequency[cell] > 0.5, "the ordered state loses stability through a complex pair (Hopf)");
            }
        output.WriteLine($"{judged} of {e0.Length * eta.Length} cells judged");
        Assert.True(judged >= 70);
    }

    [Fact]
    public void Stability_Sampled_HasSampleDimension_StartFinalRecorded()
    {
        using var reader = Run("--model", "brusselator", "--sample", "a=0.5:2", "--sample", "b=1:5", "--samples", "16", "--t-end", "50", "--start", "final");
        Assert.Equal(["sample"], reader.Read("stability").Dimensions);
        Assert.Equal(16, reader.Read("a").Values.Length);
        Assert.All(reader.Read("a").Values.Zip(reader.Read("fixed_x").Values), pair => Assert.Equal(pair.First, pair.Second, 9)); // x* = a
        Assert.Equal("final", reader.Attributes["newton_start"]);
    }

    [Theory]
    [InlineData("unknown model", "--model", "bruselator", "Did you mean 'brusselator'?")]
    [InlineData("unknown parameter", "--grid", "aa=0.5:2:3", "Did you mean 'a'?")]
    [InlineData("bad start", "--start", "fnal", "Did you mean 'final'?")]
    [InlineData("png with one axis", "--png", "x.png", "two --grid axes")]
    [InlineData("t-end <= 0", "--t-end", "-1", "t-end must be greater")]
    public void Stability_BadInput_ExitsWith2_NamesTheProblem_WritesNothing(string what, string option, string value, string message)
    {
        var args = new List<string> { "stability", "--model", "brusselator", "--grid", "b=1:5:3", "--t-end", "10", "--out", PathOf("bad.h5"), "--quiet" };
        int at = args.IndexOf(option);
        if (at >= 0 && option != "--grid") args[at + 1] = value;
        else args.AddRange([option, option == "--png" ? PathOf(value) : value]);
        var (code, _, error) = CliRunner.Run(args.ToArray());
        Assert.True(code == 2, $"{what}: exit {code}, {error}");
        Assert.Contains(message, error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Empty(Directory.GetFiles(directory));
    }
}
