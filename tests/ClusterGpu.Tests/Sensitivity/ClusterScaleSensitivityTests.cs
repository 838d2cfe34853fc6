using ClusterGpu.Storage;
using ClusterGpu.Tests.Cli;

namespace ClusterGpu.Tests.Sensitivity;

/// <summary>
/// Sensitivity at cluster scale: <c>sensitivity --design-out</c> → sharded <c>sweep --points</c> → <c>merge</c> →
/// <c>sensitivity --from</c> gives the indices of the one-process run, bit for bit; and its refusals.
/// </summary>
public sealed class ClusterScaleSensitivityTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-sa-cluster-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string PathOf(string name) => Path.Combine(directory, name);

    private static readonly string[] Integration = ["--t-end", "20", "--backend", "cpu", "--quiet"];

    private static readonly string[] Analysis =
    [
        "sensitivity", "--model", "innovation-cluster", "--vary", "e0=0.5:4", "--vary", "eta=0:2", "--vary", "kappa=1:4:log",
        "--set", "gamma=1.5", "--observable", "order,entropy", "--seed", "7", "--bootstrap", "50", .. Integration,
    ];

    private static readonly string[] Sobol = [.. Analysis, "--samples", "64"];

    private static void Succeeds((int ExitCode, string Out, string Error) run) => Assert.True(run.ExitCode == 0, run.Out + run.Error);

    private static void AssertSameBits(string expected, string actual, IEnumerable<string> names)
    {
        using var a = Hdf5Reader.Open(expected);
        using var b = Hdf5Reader.Open(actual);
        foreach (var name in names)
        {
            var (x, y) = (a.Read(name).Values, b.Read(name).Values);
            Assert.Equal(x.Length, y.Length);
            Assert.Contains(x, double.IsFinite);
            for (int i = 0; i < x.Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(x[i]) == BitConverter.DoubleToInt64Bits(y[i]), $"{name}[{i}]: {x[i]:R} != {y[i]:R}");
        }
    }

    private static void RefusedInOneLine((int ExitCode, string Out, string Error) run, string expected)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.DoesNotContain('\n', run.Error.Trim());
    }

    [Fact]
    public void SobolDesign_SweptInFourShardsAndMerged_GivesTheOneProcessIndicesBitForBit()
    {
        string single = PathOf("single.h5"), design = PathOf("design.h5"), merged = PathOf("results.h5"), fromMerged = PathOf("from.h5");
        Succeeds(CliRunner.Run([.. Sobol, "--out", single]));
        Succeeds(CliRunner.Run([.. Sobol, "--design-out", design]));
        var parts = Enumerable.Range(0, 4).Select(i => PathOf($"part{i}.h5")).ToArray();
        for (int i = 0; i < 4; i++)
            Succeeds(CliRunner.Run(["sweep", "--model", "innovation-cluster", "--points", design, .. Integration, "--shard", $"{i}/4", "--out", parts[i]]));
        File.Delete(design); // merge and --from need only what the shards recorded
        Succeeds(CliRunner.Run(["merge", .. parts, "--out", merged]));
        var run = CliRunner.Run(["sensitivity", "--from", merged, "--out", fromMerged, "--png", PathOf("sa.png")]);
        Succeeds(run);
        Assert.Contains("320 evaluations", run.Out); // N (k + 2) = 64 · 5

        AssertSameBits(single, fromMerged, ["S1", "S1_conf", "ST", "ST_conf"]);
        using var file = Hdf5Reader.Open(fromMerged);
        Assert.Equal(["e0", "eta", "kappa"], file.ReadText("parameter"));
        Assert.Equal(7L, Convert.ToInt64(file.Attributes["seed"]));
        Assert.True(File.Exists(PathOf("sa.png")));
    }

    [Fact]
    public void MorrisDesign_AsCsv_SweptUnsharded_GivesTheOneProcessEffectsBitForBit()
    {
        string[] morris = ["--method", "morris", "--samples", "12", "--levels", "6"];
        string single = PathOf("single.h5"), design = PathOf("design.csv"), results = PathOf("results.h5"), fromResults = PathOf("from.h5");
        Succeeds(CliRunner.Run([.. Analysis, .. morris, "--out", single]));
        Succeeds(CliRunner.Run([.. Analysis, .. morris, "--design-out", design]));
        Assert.StartsWith("# {", File.ReadLines(design).First());
        Assert.Equal("design_row,e0,eta,kappa,gamma", File.ReadLines(design).Skip(1).First());
        Succeeds(CliRunner.Run(["sweep", "--model", "innovation-cluster", "--points", design, .. Integration, "--out", results]));
        Succeeds(CliRunner.Run(["sensitivity", "--from", results, "--out", fromResults]));
        AssertSameBits(single, fromResults, ["mu", "mu_star", "mu_star_conf", "sigma"]);
    }

    [Fact]
    public void From_AFileThatIsNoEvaluatedDesign_ExitsTwoInOneLine_AndWritesNothing()
    {
        string sweep = PathOf("sweep.h5"), output = PathOf("sa.h5");
        Succeeds(CliRunner.Run(["sweep", "--model", "innovation-cluster", "--grid", "e0=0.5:4:3", .. Integration, "--out", sweep]));
        RefusedInOneLine(CliRunner.Run(["sensitivity", "--from", sweep, "--out", output]), "is not an evaluated sensitivity design");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void From_ASweepThatLacksAnObservable_OrOneShard_ExitsTwoInOneLine_AndWritesNothing()
    {
        string design = PathOf("design.h5"), results = PathOf("results.h5"), shard = PathOf("part0.h5"), output = PathOf("sa.h5");
        Succeeds(CliRunner.Run([.. Sobol, "--design-out", design]));
        Succeeds(CliRunner.Run(["sweep", "--model", "innovation-cluster", "--points", design, .. Integration, "--vars", "order", "--out", results]));
        RefusedInOneLine(CliRunner.Run(["sensitivity", "--from", results, "--out", output]), "has no variable 'entropy'");
        Succeeds(CliRunner.Run(["sweep", "--model", "innovation-cluster", "--points", design, .. Integration, "--shard", "0/2", "--out", shard]));
        RefusedInOneLine(CliRunner.Run(["sensitivity", "--from", shard, "--out", output]), "merge the shards first");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void DesignOut_OfAnAlgebraicTestFunction_ExitsTwoInOneLine_AndWritesNothing()
    {
        string design = PathOf("design.h5");
        RefusedInOneLine(CliRunner.Run(["sensitivity", "--model", "ishigami", "--vary", "x1", "--vary", "x2", "--observable", "y", "--design-out", design]),
            "algebraic test function");
        Assert.False(File.Exists(design));
    }
}
