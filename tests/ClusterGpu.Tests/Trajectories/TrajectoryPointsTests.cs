using System.Globalization;
using ClusterGpu.Storage;
using ClusterGpu.Tests.Cli;

namespace ClusterGpu.Tests.Trajectories;

/// <summary><c>trajectory --points FILE</c>: one time series per row, checked against <c>sweep --points</c> on the same file as oracle.</summary>
public sealed class TrajectoryPointsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-trajectory-points-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string PathOf(string name) => Path.Combine(directory, name);

    private static readonly string[] States = ["x", "y", "s", "e"];

    [Theory]
    [InlineData("--method euler-maruyama --dt 0.01 --set sigma_x=0.05 --seed 7 --t-end 5", "0.5")] // noise: row i draws the sweep's stream i
    [InlineData("--t-end 50", "auto")] // adaptive (dopri5), dense output on the automatic grid
    public void EachRowsTrajectory_EndsAtTheSweepsFinalState_BitForBit_WithItsLabels(string settings, string saveat)
    {
        string csv = PathOf("p.csv");
        File.WriteAllText(csv, "e0,site,eta,x\n0.5,north,2,0.1\n1.5,south,4,0.2\n2.5,east,6,0.3\n4,west,11,0.05\n0.2,centre,1,0.5\n");
        string[] common = ["--model", "innovation-cluster", "--points", csv, .. settings.Split(' '), "--backend", "cpu"];
        var (code, output, error) = CliRunner.Run(["trajectory", .. common, "--saveat", saveat, "--out", PathOf("t.h5")]);
        Assert.True(code == 0, error);
        Assert.Contains("5 points from", output);
        (code, _, error) = CliRunner.Run(["sweep", .. common, "--out", PathOf("s.h5"), "--quiet"]);
        Assert.True(code == 0, error);

        using var trajectory = Hdf5Reader.Open(PathOf("t.h5"));
        using var sweep = Hdf5Reader.Open(PathOf("s.h5"));
        Assert.Equal(["north", "south", "east", "west", "centre"], trajectory.ReadText("site"));
        Assert.Equal([0.5, 1.5, 2.5, 4, 0.2], trajectory.Read("e0").Values);
        Assert.Equal([0.1, 0.2, 0.3, 0.05, 0.5], trajectory.Read("ic_x").Values);
        Assert.Equal(sweep.Read("steps").Values, trajectory.Read("steps").Values);
        foreach (var state in States)
        {
            var series = trajectory.Read(state);
            Assert.Equal(["sample", "time"], series.Dimensions);
            int samples = series.Shape[1];
            var final = sweep.Read($"final_{state}").Values;
            for (int row = 0; row < 5; row++)
                Assert.True(BitConverter.DoubleToInt64Bits(final[row]) == BitConverter.DoubleToInt64Bits(series.Values[row * samples + samples - 1]),
                    $"{state} of row {row}: trajectory ends at {series.Values[row * samples + samples - 1]:R}, the sweep at {final[row]:R}");
        }
        var x = trajectory.Read("x");
        Assert.Equal(0.1, x.Values[0]); // the state column is the initial value
        Assert.Equal(0.2, x.Values[x.Shape[1]]);
    }

    [Theory]
    [InlineData("e0,eta\n0.5,2\n", "--ic x=0.1,0.2", "give one initial condition with --ic")]
    [InlineData("e0,x\n0.5,2\n", "--ic x=0.1", "drop --ic, or the state columns")]
    [InlineData("e0,eta\n0.5,NaN\n", "", "row 1, column 'eta'")]
    [InlineData("e0,eta\n0.5,2\n9,2\n", "", "row 2, column 'e0': e0 = 9 is outside its valid range")]
    [InlineData("e0,time\n0.5,2\n", "", "column 'time' would be carried into the output")]
    [InlineData("e0,eta\n0.5,2\n", "--from {file}", "--from and --points both name the points")]
    public void BadPoints_ExitWith2OnOneLine_AndWriteNothing(string content, string extra, string message)
    {
        File.WriteAllText(PathOf("bad.csv"), content);
        string[] more = extra.Length == 0 ? [] : extra.Replace("{file}", PathOf("bad.csv")).Split(' ');
        string[] model = extra.StartsWith("--from", StringComparison.Ordinal) ? [] : ["--model", "innovation-cluster"];
        var (code, _, error) = CliRunner.Run(["trajectory", .. model, "--points", PathOf("bad.csv"), .. more, "--t-end", "1", "--out", PathOf("out.h5")]);
        Assert.True(code == 2, error);
        Assert.Contains(message, error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Equal(["bad.csv"], Directory.GetFiles(directory).Select(Path.GetFileName));
    }

    [Fact]
    public void OneRowFile_StillHasASampleDimension_AndItsParametersAsVariables()
    {
        File.WriteAllText(PathOf("one.csv"), "eta,e0\n3,1.25\n");
        var (code, _, error) = CliRunner.Run("trajectory", "--model", "innovation-cluster", "--points", PathOf("one.csv"), "--t-end", "2", "--out", PathOf("one.h5"));
        Assert.True(code == 0, error);
        using var reader = Hdf5Reader.Open(PathOf("one.h5"));
        Assert.Equal(["sample", "time"], reader.DimensionsOf("x"));
        Assert.Equal([1.25], reader.Read("e0").Values);
        Assert.False(reader.Attributes.ContainsKey("param_e0"));
        Assert.Equal(1.0, Convert.ToDouble(reader.Attributes["param_kappa"], CultureInfo.InvariantCulture));
    }
}
