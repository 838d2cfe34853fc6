using System.Text.Json;
using ClusterGpu.Storage;
using static ClusterGpu.Tests.ModelFiles.ModelFileTestSupport;

namespace ClusterGpu.Tests.Cli;

/// <summary>
/// <c>--model-file</c> on every verb as a user runs it: results, provenance and fingerprint carry the model text, merge
/// refuses shards of a changed model, and every broken model file gives exit 2, one line with file:line:col, no output file
/// and no stack trace.
/// </summary>
public sealed class ModelFileCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-modelfile-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string PathOf(string name) => Path.Combine(directory, name);

    private const string Valid = """
        name = "decay"
        description = "two decaying states"
        [states]
        u = { initial = 1.0, description = "first" }
        v = { initial = 0.5 }
        [parameters]
        k = { default = 1.0, min = 0.0, max = 10.0, description = "rate" }
        [equations]
        u = "-k*u + 0.1*v"
        v = "-v"
        [observables]
        total = "u + v"
        """;

    /// <summary>The valid file with one line replaced (the broken line is the one the error must point at).</summary>
    private string Broken(string replace, string with)
    {
        Assert.Contains(replace, Valid);
        string file = PathOf("broken.toml");
        File.WriteAllText(file, Valid.Replace(replace, with));
        return file;
    }

    public static TheoryData<string, string, string, string> BrokenFiles() => new()
    {
        { "TOML syntax error", "v = { initial = 0.5 }", "v = { initial = 0.5", "broken.toml:6:1: TOML syntax error" },
        { "expression syntax error", "v = \"-v\"", "v = \"-v +\"", "broken.toml:10:10: equation for v ends unexpectedly" },
        { "unknown name", "u = \"-k*u + 0.1*v\"", "u = \"-kk*u + 0.1*v\"", "did you mean 'k'" },
        { "missing equation", "v = \"-v\"", "", "missing equation for state 'v'" },
        { "extra equation", "v = \"-v\"", "v = \"-v\"\nw = \"1\"", "broken.toml:11:1: equation for 'w', which is not a state" },
        { "duplicate name", "k = { default", "u = { default", "broken.toml:7:1: duplicate name 'u'" },
        { "name clashes with a function", "k = { default = 1.0", "exp = { default = 1.0", "broken.toml:7:1: parameter name 'exp' clashes with the function" },
        { "bad range", "min = 0.0, max = 10.0", "min = 5.0, max = 1.0", "broken.toml:7:28: bad range of k" },
        { "outside the whitelist", "v = \"-v\"", "v = \"System.Math.Exp(v)\"", "broken.toml:10:12: member access" },
        { "unknown function", "v = \"-v\"", "v = \"-expp(v)\"", "did you mean 'exp'" },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void BrokenModelFile_ExitsWith2_OneLineWithFileLineColumn_NoOutput(string what, string replace, string with, string expected)
    {
        string model = Broken(replace, with);
        string out1 = PathOf("out.h5");
        var (code, stdout, error) = CliRunner.Run("sweep", "--model-file", model, "--grid", "k=0.5:2:3", "--t-end", "2", "--out", out1, "--quiet");
        Assert.True(code == 2, $"{what}: exit {code}: {error}");
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith($"error: {model}:", line);
        Assert.True(line.Contains(expected), $"{what}: {line}");
        Assert.DoesNotContain("   at ", error + stdout);
        Assert.Equal(["broken.toml"], Directory.GetFiles(directory).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("phase", "--grid", "k=0.5:2:3", "--grid", "k=0.5:2:3")]
    [InlineData("stability", "--grid", "k=0.5:2:3", "--t-end", "2")]
    [InlineData("sensitivity", "--vary", "k=0.5:2", "--observable", "total")]
    [InlineData("bench", "--trajectories", "64", "--steps", "10")]
    [InlineData("models")]
    public void EveryVerb_RefusesABrokenModelFile_WithExit2(string verb, params string[] rest)
    {
        string model = Broken("u = \"-k*u + 0.1*v\"", "u = \"-k*u + 0.1*w\"");
        string[] args = verb switch
        {
            "models" => ["models", "--check", model],
            "bench" => [verb, "--model-file", model, .. rest],
            _ => [verb, "--model-file", model, .. rest, "--out", PathOf("x.h5")],
        };
        var (code, _, error) = CliRunner.Run(args);
        Assert.True(code == 2, $"{verb}: exit {code}: {error}");
        Assert.Contains("unknown name 'w'", Assert.Single(error.Trim().Split('\n')));
        Assert.Equal(["broken.toml"], Directory.GetFiles(directory).Select(Path.GetFileName));
    }

    [Fact]
    public void ModelAndModelFileTogether_AreRefused()
    {
        var (code, _, error) = CliRunner.Run("sweep", "--model", "lorenz", "--model-file", ModelPath("builtin/lorenz.toml"), "--grid", "rho=1:2:2", "--out", PathOf("x.h5"));
        Assert.Equal(2, code);
        Assert.Contains("not both", error);
    }

    [Fact]
    public void Sweep_WithModelFile_WritesObservablesAndTheModelTextInProvenance()
    {
        string model = PathOf("decay.toml");
        File.WriteAllText(model, Valid);
        string file = PathOf("decay.h5");
        var (code, stdout, error) = CliRunner.Run("sweep", "--model-file", model, "--grid", "k=0.5:2.5:3", "--t-end", "3", "--out", file, "--quiet");
        Assert.True(code == 0, error);
        Assert.Contains($"# model file {model}", stdout);
        using var reader = Hdf5Reader.Open(file);
        // v = 0.5 e^(-t); u = e^(-kt) + 0.05 (e^(-t) - e^(-kt))/(k - 1): the final states in closed form.
        var k = reader.Read("k").Values;
        var u = reader.Read("final_u").Values;
        for (int i = 0; i < k.Length; i++)
        {
            double expected = Math.Exp(-k[i] * 3) + 0.05 * (Math.Exp(-3) - Math.Exp(-k[i] * 3)) / (k[i] - 1);
            Assert.Equal(expected, u[i], 1e-6);
        }
        Assert.Contains("total", reader.Names);
        using var provenance = JsonDocument.Parse(reader.Provenance!);
        Assert.Equal(Valid, provenance.RootElement.GetProperty("model").GetProperty("source").GetString());
        Assert.Equal(model, provenance.RootElement.GetProperty("model").GetProperty("file").GetString());
    }

    [Fact]
    public void Shards_OfAChangedModelFile_AreRefusedByMerge_ButAMovedFileStillMerges()
    {
        string model = PathOf("decay.toml");
        File.WriteAllText(model, Valid);
        string[] Shard(int i) => ["sweep", "--model-file", model, "--grid", "k=0.5:2:6", "--t-end", "2", "--shard", $"{i}/2", "--out", PathOf($"part{i}.h5"), "--quiet"];
        Assert.Equal(0, CliRunner.Run(Shard(0)).ExitCode);
        Assert.Equal(0, CliRunner.Run(Shard(1)).ExitCode);
        // The model file is moved away: merge compiles the text the shards recorded.
        File.Move(model, PathOf("moved.toml"));
        var merged = CliRunner.Run("merge", PathOf("part0.h5"), PathOf("part1.h5"), "--out", PathOf("merged.h5"));
        Assert.True(merged.ExitCode == 0, merged.Error);
        // A shard of an edited model belongs to another run.
        File.WriteAllText(model, Valid.Replace("u = \"-k*u + 0.1*v\"", "u = \"-k*u + 0.2*v\""));
        Assert.Equal(0, CliRunner.Run([.. Shard(1), "--force"]).ExitCode);
        var refused = CliRunner.Run("merge", PathOf("part0.h5"), PathOf("part1.h5"), "--out", PathOf("refused.h5"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("different run fingerprint", refused.Error);
        Assert.False(File.Exists(PathOf("refused.h5")));
    }

    [Fact]
    public void EveryVerb_RunsAModelFile()
    {
        string twoClusters = ModelPath("two-clusters.toml");
        var phase = CliRunner.Run("phase", "--model-file", twoClusters, "--grid", "e01=0.5:2:6", "--grid", "D=0:1:5", "--t-end", "100",
            "--color-by", "gap", "--out", PathOf("p.h5"), "--png", PathOf("p.png"), "--quiet");
        Assert.True(phase.ExitCode == 0, phase.Error);
        Assert.True(File.Exists(PathOf("p.png")));
        var stability = CliRunner.Run("stability", "--model-file", twoClusters, "--grid", "e01=0.5:2:4", "--t-end", "200", "--out", PathOf("s.h5"), "--quiet");
        Assert.True(stability.ExitCode == 0, stability.Error);
        var lyapunov = CliRunner.Run("sweep", "--model-file", ModelPath("builtin/lorenz.toml"), "--grid", "rho=28:28:1", "--t-end", "60", "--lyapunov",
            "--out", PathOf("l.h5"), "--quiet");
        Assert.True(lyapunov.ExitCode == 0, lyapunov.Error);
        using (var reader = Hdf5Reader.Open(PathOf("l.h5"))) Assert.InRange(reader.Read("lle").Values[0], 0.75, 1.05); // Lorenz: 0.906
        var noisy = CliRunner.Run("sweep", "--model-file", ModelPath("noisy-adoption.toml"), "--grid", "r=1:3:3", "--method", "euler-maruyama", "--dt", "0.01",
            "--t-end", "20", "--realizations", "8", "--seed", "3", "--out", PathOf("n.h5"), "--quiet");
        Assert.True(noisy.ExitCode == 0, noisy.Error);
        var sensitivity = CliRunner.Run("sensitivity", "--model-file", twoClusters, "--method", "morris", "--samples", "8", "--vary", "e01=0.5:3",
            "--vary", "D=0:1", "--observable", "gap", "--t-end", "100", "--out", PathOf("sa.h5"), "--quiet");
        Assert.True(sensitivity.ExitCode == 0, sensitivity.Error);
        var bench = CliRunner.Run("bench", "--model-file", ModelPath("builtin/lorenz.toml"), "--trajectories", "256", "--steps", "20");
        Assert.True(bench.ExitCode == 0, bench.Error);
        Assert.StartsWith("trajectory_steps_per_second=", bench.Out.Trim().Split('\n')[^1]);
        var check = CliRunner.Run("models", "--check", twoClusters);
        Assert.True(check.ExitCode == 0, check.Error);
        Assert.Equal("model_ok=two-clusters", check.Out.Trim().Split('\n')[^1]);
        Assert.Contains("same bits as cpu", check.Out);
        Assert.Contains("no .local memory", check.Out);
    }
}
