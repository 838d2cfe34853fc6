using System.Globalization;
using ClusterGpu.Backends;
using ClusterGpu.Benchmarking;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using ClusterGpu.Storage;
using ClusterGpu.Tests.Cli;
using ClusterGpu.Tests.Sweeps;

namespace ClusterGpu.Tests.Benchmarking;

/// <summary>The end-to-end measurement: its file is the one <c>clustergpu sweep</c> writes, and its numbers add up.</summary>
public sealed class EndToEndBenchmarkTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("bench-end-to-end").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void EndToEnd_FileHoldsEveryTrajectory_AndEqualsTheSweepOfItsCommand()
    {
        const int n = 700;
        string measured = Path.Combine(directory, "bench.h5"), swept = Path.Combine(directory, "sweep.h5");
        using var backend = BackendFactory.Create("cpu");
        var settings = new IntegrationSettings { Method = MethodKind.Dopri5, TEnd = 2, Precision = Precision.Fp64 };
        var e = EndToEndBenchmark.Measure(backend, ModelRegistry.Find("innovation-cluster"), n, settings, measured);

        var (code, _, error) = CliRunner.Run([.. e.Command.Split(' ').Skip(1), "--out", swept, "--quiet"]);
        Assert.True(code == 0, error);
        RunProcess.AssertSameValues(measured, swept);
        using (var file = Hdf5Reader.Open(measured))
        using (var sweep = Hdf5Reader.Open(swept))
        {
            Assert.Equal([n], file.Read("regime").Shape);
            Assert.Equal(["sample"], file.Read("regime").Dimensions);
            Assert.Equal(sweep.Attributes["run_fingerprint"], file.Attributes["run_fingerprint"]);
        }
        Assert.False(Directory.Exists(measured + ".parts"));

        Assert.Equal(n, e.Trajectories);
        Assert.Equal(new FileInfo(measured).Length, e.BytesWritten);
        Assert.True(e.WallSeconds >= e.IntegrationSeconds && e.IntegrationSeconds > 0);
        Assert.Equal(e.WallSeconds - e.IntegrationSeconds, e.OutputOnlySeconds);
        Assert.Equal(n / e.WallSeconds, e.TrajectoriesPerSecondIntoFile);
        Assert.Equal(e.WallSeconds / e.IntegrationSeconds, e.WallOverIntegration);
    }

    [Fact]
    public void Bench_EndToEnd_LastLineIsTrajectoriesPerSecondIntoFile()
    {
        var (code, output, error) = CliRunner.Run("bench", "--end-to-end", "--model", "logistic", "--trajectories", "500", "--steps", "20", "--backend", "cpu");
        Assert.True(code == 0, error);
        var last = output.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("trajectories_per_second_into_file=", last);
        double rate = double.Parse(last.Split('=')[1], CultureInfo.InvariantCulture);
        Assert.True(rate > 0 && double.IsFinite(rate));
        Assert.Contains("# the same run: clustergpu sweep --model logistic", output);
    }

    [Fact]
    public void Bench_SuiteAndEndToEnd_ExitsWithCode2AndOneLineMessage()
    {
        var (code, _, error) = CliRunner.Run("bench", "--suite", "--end-to-end");
        Assert.Equal(2, code);
        Assert.StartsWith("error: --suite already has end-to-end rows", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
