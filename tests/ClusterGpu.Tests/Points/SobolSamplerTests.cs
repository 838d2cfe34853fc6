using ClusterGpu.Storage;
using ClusterGpu.Tests.Cli;

namespace ClusterGpu.Tests.Points;

public sealed class SobolSamplerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-sobol-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>
    /// Points in the unit square, from the sweep's stored values on two linear ranges, counted per elementary interval
    /// [i/2^a, (i+1)/2^a) × [j/2^b, (j+1)/2^b) with a + b = m: a (0, m, 2)-net puts exactly one of 2^m points in each.
    /// </summary>
    private static bool IsZeroNet(double[] u, double[] v, int m)
    {
        int n = 1 << m;
        for (int a = 0; a <= m; a++)
        {
            var seen = new HashSet<(int, int)>();
            for (int i = 0; i < n; i++)
                if (!seen.Add(((int)Math.Floor(u[i] * (1 << a)), (int)Math.Floor(v[i] * (1 << (m - a)))))) return false;
        }
        return true;
    }

    private (double[] U, double[] V) Sample(string sampler, string name)
    {
        string file = Path.Combine(directory, name);
        var (code, output, error) = CliRunner.Run("sweep", "--model", "brusselator", "--sample", "a=1:3", "--sample", "b=1:5", "--samples", "256",
            "--sampler", sampler, "--seed", "9", "--t-end", "1", "--backend", "cpu", "--out", file, "--quiet");
        Assert.True(code == 0, error);
        if (sampler == "sobol") Assert.Contains("256 scrambled-sobol samples", output);
        using var reader = Hdf5Reader.Open(file);
        return (reader.Read("a").Values.Select(x => (x - 1) / 2).ToArray(), reader.Read("b").Values.Select(x => (x - 1) / 4).ToArray());
    }

    [Fact]
    public void SobolSampler_PointsFormAZeroNet_WhereLatinHypercubeAndRandomDoNot()
    {
        var (u, v) = Sample("sobol", "sobol.h5");
        Assert.True(IsZeroNet(u, v, 8));
        var (lu, lv) = Sample("lhs", "lhs.h5");
        Assert.False(IsZeroNet(lu, lv, 8));
        var (ru, rv) = Sample("random", "random.h5");
        Assert.False(IsZeroNet(ru, rv, 8));
    }

    [Fact]
    public void UnknownSampler_SuggestsSobol()
    {
        var (code, _, error) = CliRunner.Run("sweep", "--model", "brusselator", "--sample", "a=0:2", "--sampler", "sobl", "--out", Path.Combine(directory, "x.h5"));
        Assert.Equal(2, code);
        Assert.Contains("Did you mean 'sobol'?", error);
    }
}
