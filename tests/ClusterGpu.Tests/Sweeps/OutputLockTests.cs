using System.Diagnostics;
using ClusterGpu.Errors;
using ClusterGpu.Outputs;
using ClusterGpu.Tests.Cli;
using static ClusterGpu.Tests.Sweeps.RunProcess;

namespace ClusterGpu.Tests.Sweeps;

/// <summary>One run per output: a second run, resume or merge is refused while the first holds the lock, and a killed run's lock goes with it.</summary>
public sealed class OutputLockTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-lock-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void SecondRunResumeAndMerge_OnAnOutputInUse_AreRefusedAtOnce_NamingTheFirstProcess()
    {
        string file = Path.Combine(directory, "busy.h5");
        string[] slow = [.. Sweep.Select(a => a == "400" ? "2000" : a), "--out", file]; // long enough for three refusals
        using var run = Start(slow);
        WaitForBatches(file + ".parts", 1, run);

        // Separate processes, as a second terminal, a retry script or a Slurm requeue would be.
        var attempts = new[]
        {
            RunToEnd([.. slow, "--resume"]),
            RunToEnd(["merge", Path.Combine(directory, "part0.h5"), "--out", file]),
            RunToEnd(["stability", "--model", "brusselator", "--grid", "a=0.5:2:3", "--t-end", "1", "--out", file]),
        };
        Assert.False(run.HasExited, "the first run ended before the others were refused");
        foreach (var (code, _, error) in attempts)
        {
            Assert.Equal(2, code);
            Assert.StartsWith($"error: '{file}' is being written by another run (PID {run.Id}: clustergpu sweep ", error);
            Assert.Single(error.Trim().Split('\n'));
        }

        Process.Start("kill", ["-TERM", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        Assert.True(run.WaitForExit(60_000));
        Assert.Equal(130, run.ExitCode);
        Assert.Empty(Directory.GetFiles(directory, "*.lock*"));
    }

    [Fact]
    public void LockOfAKilledRun_IsReleasedByTheKernel_AndResumeTakesItOver()
    {
        string file = Path.Combine(directory, "killed.h5");
        using (var run = Start([.. Sweep, "--out", file]))
        {
            WaitForBatches(file + ".parts", 2, run);
            var refused = Assert.Throws<UsageException>(() => OutputLock.Acquire(file, "test"));
            Assert.Contains($"PID {run.Id}", refused.Message);
            run.Kill(entireProcessTree: true); // SIGKILL: no clean-up code runs
            run.WaitForExit();
        }
        Assert.True(File.Exists(OutputLock.PathFor(file)), "the killed run's lock file stays behind");
        using (OutputLock.Acquire(file, "test"))
        {
            // taken over: the kernel released the dead process's lock
        }
        var resumed = CliRunner.Run([.. Sweep, "--out", file, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Empty(Directory.GetFiles(directory, "*.lock*"));
    }
}
