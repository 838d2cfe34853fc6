namespace ClusterGpu.Tests.Cli;

/// <summary><c>--refine</c> on the command line: bad input refused before any work, the refined file's layout.</summary>
public sealed class RefineCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("refine-cli").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("--refine", "0")]
    [InlineData("--refine", "2", "--refine-guard", "-1")]
    [InlineData("--refine", "2", "--refine-on", "orderr")]
    [InlineData("--refine", "2", "--refine-threshold", "0")]
    [InlineData("--refine", "2", "--shard", "0/2")]
    [InlineData("--refine-guard", "2")]
    [InlineData("--compare-boundaries")]
    [InlineData("--refine", "30")]
    public void BadRefinement_ExitsTwo_WithOneLine_AndNoFile(params string[] refine)
    {
        string output = Path.Combine(directory, "r.h5");
        var (code, _, error) = CliRunner.Run(["sweep", "--model", "innovation-cluster", "--grid", "e0=0.1:5:4", "--grid", "eta=0.5:12:4", "--t-end", "10", "--out", output, .. refine]);
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFileSystemEntries(directory));
    }

    [Fact]
    public void RefineOnOneAxis_ExitsTwo()
    {
        string output = Path.Combine(directory, "r.h5");
        var (code, _, error) = CliRunner.Run("sweep", "--model", "innovation-cluster", "--grid", "e0=0.1:5:4", "--t-end", "10", "--refine", "2", "--out", output);
        Assert.Equal(2, code);
        Assert.Contains("two --grid axes", error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void RefinedSweep_WritesTheFineGrid_WithResolvedLevelsAndBoundaries()
    {
        string output = Path.Combine(directory, "r.h5");
        var (code, stdout, error) = CliRunner.Run("sweep", "--model", "innovation-cluster", "--grid", "e0=0.1:5:5", "--grid", "eta=0.5:12:5", "--set", "kappa=3",
            "--t-end", "100", "--refine", "2", "--compare-boundaries", "--out", output, "--quiet");
        Assert.True(code == 0, error);
        using var file = ClusterGpu.Storage.Hdf5Reader.Open(output);
        Assert.Equal([17, 17], file.Read("regime").Shape);
        Assert.Equal(17, file.Read("e0").Values.Length);
        Assert.Equal(2, Convert.ToInt32(file.Attributes["refine_levels"]));
        long computed = Convert.ToInt64(file.Attributes["computed_points"]);
        Assert.Equal(computed, (long)file.Read("integrated").Values.Sum());
        Assert.InRange(computed, 25, 17 * 17 - 1);
        Assert.Equal(2, file.Read("resolved_level").Values.Max());
        Assert.Equal(file.Read("boundary_e0").Values.Length, file.Read("boundary_eta").Values.Length);
        Assert.Contains("boundary 'ordering threshold", stdout);
        Assert.False(Directory.Exists(output + ".level0.parts"));
    }
}
