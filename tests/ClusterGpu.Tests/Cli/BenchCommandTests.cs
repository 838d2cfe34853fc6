using System.Globalization;

namespace ClusterGpu.Tests.Cli;

public sealed class BenchCommandTests
{
    [Theory]
    [InlineData("cpu", "fp64")]
    [InlineData("cpu", "fp32")]
    [InlineData("ilgpu-cpu", "fp64")]
    public void Bench_LastLine_IsTrajectoryStepsPerSecond(string backend, string precision)
    {
        var (code, output, error) = CliRunner.Run("bench", "--trajectories", "1000", "--steps", "200", "--backend", backend, "--precision", precision);
        Assert.True(code == 0, error);
        var last = output.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("trajectory_steps_per_second=", last);
        double rate = double.Parse(last.Split('=')[1], CultureInfo.InvariantCulture);
        Assert.True(rate > 0 && double.IsFinite(rate));
        Assert.Contains($"backend {backend}", output);
    }

    [Theory]
    [InlineData("--model", "lorenzz")]
    [InlineData("--backend", "cuda")]
    [InlineData("--backend", "gpu")]
    [InlineData("--trajectories", "0")]
    [InlineData("--precision", "fp16")]
    [InlineData("--method", "rk45")]
    public void Bench_BadInput_ExitsWithCode2AndOneLineMessage(string option, string value)
    {
        var (code, _, error) = CliRunner.Run("bench", option, value, "--trajectories", option == "--trajectories" ? value : "10", "--steps", "10");
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error);
    }

    [Fact]
    public void UnknownModel_SuggestsNearestName()
    {
        var (_, _, error) = CliRunner.Run("bench", "--model", "brusselatr", "--trajectories", "10", "--steps", "10");
        Assert.Contains("Did you mean 'brusselator'?", error);
    }

    [Fact]
    public void MissingCuda_ListsAvailableBackends()
    {
        var (_, _, error) = CliRunner.Run("bench", "--backend", "cuda", "--trajectories", "10", "--steps", "10");
        Assert.Contains("Available: ", error);
        Assert.Contains("cpu", error);
    }

    [Fact]
    public void Models_ListsEveryModelWithParameters()
    {
        var (code, output, _) = CliRunner.Run("models");
        Assert.Equal(0, code);
        foreach (var name in new[] { "innovation-cluster", "haken", "brusselator", "lotka-volterra", "logistic", "stuart-landau", "ginzburg-landau", "lorenz" })
            Assert.Contains(name, output);
        Assert.Contains("e0", output);
        Assert.Contains("[0.05, 6]", output);
    }
}
