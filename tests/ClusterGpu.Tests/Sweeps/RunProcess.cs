using System.Diagnostics;
using ClusterGpu.Storage;

namespace ClusterGpu.Tests.Sweeps;

/// <summary>What the tests of interrupted, failing and concurrent runs share: the CLI as a child process, waiting for its batches, comparing files.</summary>
internal static class RunProcess
{
    /// <summary>A sweep of 40 000 trajectories in 40 batches: long enough (seconds) to be interrupted mid-run.</summary>
    public static readonly string[] Sweep =
    [
        "sweep", "--model", "innovation-cluster", "--grid", "e0=0.1:5:200", "--grid", "eta=0.5:12:200", "--set", "kappa=3",
        "--t-end", "400", "--batch-size", "1024", "--backend", "cpu", "--quiet",
    ];

    /// <summary>The CLI as a separate process, so it can be killed.</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(ClusterGpu.Cli.Program).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    /// <summary>The CLI as a separate process, to its end: exit code, standard output and standard error.</summary>
    public static (int ExitCode, string Out, string Error) RunToEnd(params string[] args)
    {
        using var run = Start(args);
        var error = run.StandardError.ReadToEndAsync();
        string output = run.StandardOutput.ReadToEnd();
        Assert.True(run.WaitForExit(120_000));
        return (run.ExitCode, output, error.Result);
    }

    public static void WaitForBatches(string parts, int count, Process process)
    {
        var clock = Stopwatch.StartNew();
        while ((!Directory.Exists(parts) || Directory.GetFiles(parts, "batch-*.bin").Length < count) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(process.HasExited, "the run ended before it could be interrupted");
            Thread.Sleep(20);
        }
    }

    /// <summary>Every variable of <paramref name="a"/> and <paramref name="b"/> equal (NaN = NaN), wall time and provenance aside.</summary>
    public static void AssertSameValues(string a, string b)
    {
        using var ra = Hdf5Reader.Open(a);
        using var rb = Hdf5Reader.Open(b);
        Assert.Equal(rb.Names.Order(), ra.Names.Order());
        foreach (var name in rb.Names.Where(n => n is not ("provenance" or "wall_time_s")))
        {
            if (rb.IsText(name))
            {
                Assert.Equal(rb.ReadText(name), ra.ReadText(name));
                continue;
            }
            var (x, y) = (ra.Read(name), rb.Read(name));
            Assert.Equal(y.Shape, x.Shape);
            Assert.Equal(y.Values, x.Values);
        }
    }
}
