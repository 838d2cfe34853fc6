using System.Globalization;
using System.Text.Json;
using ClusterGpu.Benchmarking;
using ClusterGpu.Tests.Cli;

namespace ClusterGpu.Tests.Benchmarking;

/// <summary><c>clustergpu bench --suite</c> at a tiny size: every configuration in CSV and JSON, the end-to-end row, a PNG, the last line.</summary>
public sealed class BenchSuiteCliTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("bench-suite").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Suite_WritesEveryConfiguration_AndAPng()
    {
        string csv = Path.Combine(directory, "b.csv"), json = Path.Combine(directory, "b.json"), png = Path.Combine(directory, "b.png");
        var (code, output, error) = CliRunner.Run("bench", "--suite", "--max-trajectories", "100", "--steps", "10",
            "--models", "logistic,lorenz", "--out-csv", csv, "--out-json", json, "--png", png);
        Assert.True(code == 0, error);
        Assert.StartsWith("trajectory_steps_per_second=", output.TrimEnd().Split('\n')[^1]);
        Assert.Contains("no CUDA device: GPU throughput not measured; static PTX profile instead", output);

        var lines = File.ReadAllLines(csv);
        Assert.Equal(string.Join(",", SuiteReport.CsvColumns), lines[0]);
        var all = lines[1..].Select(l => l.Split(',')).ToList();
        int kind = SuiteReport.CsvColumns.ToList().IndexOf("kind");
        var rows = all.Where(r => r[kind] == "integration").ToList();
        var backends = new[] { "ilgpu-cpu", "cpu", "scalar" };
        Assert.Equal(backends.Length * 2 * 2 * 2, rows.Count); // backends × models × methods × precisions, one N
        foreach (var b in backends)
            foreach (var m in new[] { "logistic", "lorenz" })
                foreach (var method in new[] { "rk4", "dopri5" })
                    foreach (var p in new[] { "fp64", "fp32" })
                        Assert.Single(rows, r => r[2] == b && r[0] == m && r[3] == method && r[4] == p);
        foreach (var r in rows)
        {
            Assert.Equal("100", r[5]);
            double rate = double.Parse(r[8], CultureInfo.InvariantCulture);
            Assert.True(rate > 0 && double.IsFinite(rate));
            if (r[3] == "rk4") Assert.Equal(100 * 10.0, double.Parse(r[6], CultureInfo.InvariantCulture)); // N × S accepted steps
            if (r[2] == "scalar") Assert.Equal(1.0, double.Parse(r[9], CultureInfo.InvariantCulture));
        }

        // End to end: the first model (no innovation-cluster here), dopri5 fp64, on the one fast backend, at the one N.
        var endToEnd = Assert.Single(all, r => r[kind] == "end-to-end");
        Assert.Equal(all.Count, rows.Count + 1);
        Assert.Equal(["logistic", "1", "cpu", "dopri5", "fp64", "100"], endToEnd[..6]);
        double Column(string name) => double.Parse(endToEnd[SuiteReport.CsvColumns.ToList().IndexOf(name)], CultureInfo.InvariantCulture);
        Assert.Equal(100 / Column("wall_seconds"), Column("trajectories_per_second_into_file"));
        Assert.Equal(Column("wall_seconds"), Column("seconds"));
        Assert.True(Column("wall_seconds") >= Column("integration_seconds") && Column("bytes_written") > 0);
        Assert.Contains("end to end: the sweep pipeline into an HDF5 file", output);

        using var report = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(1, report.RootElement.GetProperty("end_to_end").GetArrayLength());
        Assert.Equal(rows.Count, report.RootElement.GetProperty("rows").GetArrayLength());
        Assert.Equal(2 * 2 * 2, report.RootElement.GetProperty("kernels").GetArrayLength());
        Assert.True(report.RootElement.GetProperty("peak_gflops_fp64").GetDouble() > 0);

        var bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.False(File.Exists(png + ".partial"));
    }

    [Fact]
    public void Decades_RunFromAThousandToTheMaximum()
    {
        Assert.Equal([1000, 10_000, 100_000, 1_000_000, 10_000_000], SuiteOptions.Decades(10_000_000));
        Assert.Equal([1000, 5000], SuiteOptions.Decades(5000));
    }
}
