using ClusterGpu.Models;
using ClusterGpu.Solving;
using ClusterGpu.Tests.Cli;
using ClusterGpu.Verification;

namespace ClusterGpu.Tests.Verification;

/// <summary>The bit-for-bit comparison behind <c>clustergpu verify</c> and the verb itself.</summary>
public sealed class VerifyTests
{
    [Fact]
    public void Differences_CountEveryEntryWhoseBitsDiffer_NegativeZeroAndNaNPayloadsIncluded()
    {
        double otherNaN = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(double.NaN) ^ 1);
        double[] a = [1.0, 0.0, double.NaN, 2.0, 3.0];
        double[] b = [1.0, -0.0, otherNaN, 2.0, 3.0 + 1e-15];
        var (differing, first, max) = BackendAgreement.Differences(a, b);
        Assert.Equal(3, differing);
        Assert.Equal(1, first);
        Assert.True(double.IsNaN(max) || max > 0);
    }

    [Fact]
    public void Differences_OfIdenticalColumns_AreNone()
    {
        double[] a = [1.0, -0.0, double.NaN, double.PositiveInfinity];
        Assert.Equal((0L, -1L, 0.0), BackendAgreement.Differences(a, (double[])a.Clone()));
    }

    [Fact]
    public void StochasticMethods_AreCheckedOnlyOnModelsWithNoise()
    {
        MethodKind[] all = [MethodKind.Rk4, MethodKind.Dopri5, MethodKind.Rosenbrock23, MethodKind.EulerMaruyama];
        Assert.Equal(all, BackendAgreement.MethodsFor(ModelRegistry.Find("innovation-cluster"), all));
        Assert.Equal(all[..3], BackendAgreement.MethodsFor(ModelRegistry.Find("lorenz"), all));
    }

    [Fact]
    public void Verify_CpuAgainstScalar_AgreesAndEndsWithVerifyMismatchesZero()
    {
        string csv = Path.Combine(Directory.CreateTempSubdirectory("clustergpu-verify-").FullName, "verify.csv");
        var (code, output, error) = CliRunner.Run("verify", "--backends", "cpu,scalar", "--models", "lorenz,ginzburg-landau",
            "--trajectories", "24", "--t-end", "0.3", "--out-csv", csv);
        Assert.True(code == 0, output + error);
        Assert.Equal("verify_mismatches=0", output.TrimEnd().Split('\n')[^1]);
        var rows = File.ReadAllLines(csv);
        Assert.Equal(BackendAgreement.CsvHeader, rows[0]);
        // lorenz: rk4, dopri5, rosenbrock23; ginzburg-landau (noise) also euler-maruyama; each in fp64 and fp32.
        Assert.Equal(2 * (3 + 4), rows.Length - 1);
        Assert.All(rows.Skip(1), r => Assert.Contains(",cpu,scalar,24,", r));
        Directory.Delete(Path.GetDirectoryName(csv)!, recursive: true);
    }

    [Theory]
    [InlineData("--backends", "cpu")]
    [InlineData("--backends", "cpu,gpu")]
    [InlineData("--models", "lorenzz")]
    [InlineData("--methods", "rk45")]
    [InlineData("--trajectories", "0")]
    public void Verify_BadInput_ExitsWithCode2AndOneLineMessage(string option, string value)
    {
        var (code, _, error) = CliRunner.Run(option == "--models" ? ["verify", option, value] : ["verify", "--models", "logistic", option, value]);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error);
    }
}
