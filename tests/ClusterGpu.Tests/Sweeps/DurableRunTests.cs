using System.Diagnostics;
using ClusterGpu.Storage;
using ClusterGpu.Tests.Cli;
using static ClusterGpu.Tests.Sweeps.RunProcess;

namespace ClusterGpu.Tests.Sweeps;

/// <summary>Runs that survive kill -9, Ctrl-C, SIGTERM and a full disk, and shards that merge into the unsharded file.</summary>
public sealed class DurableRunTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-durable-").FullName;

    public void Dispose()
    {
        Process.Start("umount", [Path.Combine(directory, "small")])?.WaitForExit();
        Directory.Delete(directory, recursive: true);
    }

    private string PathOf(string name) => Path.Combine(directory, name);

    [Fact]
    public void KilledWithSigkill_ResumesToTheSameFileAsAnUninterruptedRun()
    {
        string killed = PathOf("killed.h5"), reference = PathOf("reference.h5");
        using (var run = Start([.. Sweep, "--out", killed]))
        {
            WaitForBatches(killed + ".parts", 3, run);
            run.Kill(entireProcessTree: true); // SIGKILL
            run.WaitForExit();
        }
        Assert.False(File.Exists(killed));
        int saved = Directory.GetFiles(killed + ".parts", "batch-*.bin").Length;
        Assert.InRange(saved, 3, 39);

        var (code, _, error) = CliRunner.Run([.. Sweep, "--out", killed]);
        Assert.Equal(2, code);
        Assert.Contains("--resume", error);

        var resumed = CliRunner.Run([.. Sweep, "--out", killed, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.False(Directory.Exists(killed + ".parts"));
        Assert.Equal(0, CliRunner.Run([.. Sweep, "--out", reference]).ExitCode);
        AssertSameValues(killed, reference);
    }

    [Theory]
    [InlineData("INT")] // Ctrl-C
    [InlineData("TERM")] // kill, a scheduler's preemption
    public void CtrlCOrSigterm_StopsCleanly_WithExitCode130_AndResumes(string signal)
    {
        string file = PathOf("interrupted.h5");
        // A longer span than Sweep's, so that the signal lands while batches remain on any machine (a fast run once ended first).
        string[] sweep = [.. Sweep.Select(a => a == "400" ? "2000" : a)];
        using (var run = Start([.. sweep, "--out", file]))
        {
            WaitForBatches(file + ".parts", 2, run);
            Process.Start("kill", [$"-{signal}", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            Assert.True(run.WaitForExit(60_000));
            Assert.Equal(130, run.ExitCode);
            Assert.Contains("--resume", run.StandardError.ReadToEnd());
        }
        Assert.False(File.Exists(file));
        Assert.False(File.Exists(file + ".lock"), "a run that stops cleanly removes its lock file");
        Assert.True(Directory.GetFiles(file + ".parts", "batch-*.bin").Length >= 2);
        Assert.Equal(0, CliRunner.Run([.. sweep, "--out", file, "--resume"]).ExitCode);
        using var reader = Hdf5Reader.Open(file);
        Assert.Equal(200 * 200, reader.Read("regime").Values.Length);
    }

    [Fact]
    public void Resume_WithOtherSettings_IsRefused()
    {
        string file = PathOf("other.h5");
        using (var run = Start([.. Sweep, "--out", file]))
        {
            WaitForBatches(file + ".parts", 1, run);
            run.Kill(entireProcessTree: true);
            run.WaitForExit();
        }
        var (code, _, error) = CliRunner.Run([.. Sweep.Select(a => a == "400" ? "500" : a), "--out", file, "--resume"]);
        Assert.Equal(2, code);
        Assert.Contains("different run", error);
    }

    [Fact]
    public void DiskFull_ClearMessage_NoOutputFile()
    {
        string small = PathOf("small");
        Directory.CreateDirectory(small);
        using (var mount = Process.Start("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", small])!)
        {
            mount.WaitForExit();
            Assert.True(mount.ExitCode == 0, "mounting a 256 KiB tmpfs needs root (as on the project's machines and CI)");
        }
        string file = Path.Combine(small, "full.h5");
        var (code, _, error) = CliRunner.Run([.. Sweep, "--out", file]);
        Assert.NotEqual(0, code);
        Assert.Contains("No space left on device", error);
        Assert.DoesNotContain("Unhandled", error);
        Assert.False(File.Exists(file));
        Assert.False(File.Exists(file + Hdf5Writer.PartialSuffix));
    }

    [Fact]
    public void Realisations_Sharded_MergeIntoTheUnshardedFile_WithTheKeptRealisations()
    {
        string[] run =
        [
            "sweep", "--model", "ginzburg-landau", "--grid", "sigma=0.1:0.5:6", "--grid", "h=-0.2:0.2:3", "--method", "euler-maruyama",
            "--dt", "0.01", "--t-end", "20", "--realizations", "16", "--keep-realizations", "final_q,regime", "--batch-size", "40", "--quiet",
        ];
        Assert.Equal(0, CliRunner.Run([.. run, "--out", PathOf("whole.h5")]).ExitCode);
        for (int i = 0; i < 2; i++)
            Assert.Equal(0, CliRunner.Run([.. run, "--shard", $"{i}/2", "--out", PathOf($"half{i}.h5")]).ExitCode);
        var merged = CliRunner.Run(["merge", PathOf("half1.h5"), PathOf("half0.h5"), "--out", PathOf("merged.h5")]);
        Assert.True(merged.ExitCode == 0, merged.Error);
        Assert.Contains("288 trajectories", merged.Out);
        AssertSameValues(PathOf("merged.h5"), PathOf("whole.h5"));
        using var reader = Hdf5Reader.Open(PathOf("whole.h5"));
        var kept = reader.Read("final_q_realizations");
        Assert.Equal([6, 3, 16], kept.Shape);
        Assert.Equal(["sigma", "h", "realization"], kept.Dimensions);
        var mean = reader.Read("final_q").Values;
        for (int row = 0; row < 18; row++) // the row statistic is the mean of the kept realisations (all succeed here)
            Assert.Equal(mean[row], kept.Values.Skip(16 * row).Take(16).Average(), 12);
    }

    [Fact]
    public void FourShards_MergeIntoTheUnshardedFile()
    {
        string[] run =
        [
            "sweep", "--model", "innovation-cluster", "--grid", "e0=0.3:1.5:13", "--grid", "chi=0:6:11", "--ic", "x=0.005,1", "--ic", "y=0,1",
            "--ic", "s=1,0", "--ic", "e=1,4", "--t-end", "300", "--batch-size", "40", "--quiet",
        ];
        var parts = Enumerable.Range(0, 4).Select(i => PathOf($"part{i}.h5")).ToArray();
        for (int i = 0; i < 4; i++)
            Assert.Equal(0, CliRunner.Run([.. run, "--shard", $"{i}/4", "--out", parts[i]]).ExitCode);
        Assert.Equal(0, CliRunner.Run(["merge", parts[2], parts[0], parts[3], parts[1], "--out", PathOf("merged.h5")]).ExitCode);
        Assert.Equal(0, CliRunner.Run([.. run, "--out", PathOf("whole.h5")]).ExitCode);
        AssertSameValues(PathOf("merged.h5"), PathOf("whole.h5"));

        Assert.Contains("missing", CliRunner.Run(["merge", parts[0], parts[1], parts[2], "--out", PathOf("x.h5")]).Error);
        Assert.Contains("twice", CliRunner.Run(["merge", parts[0], parts[1], parts[2], parts[2], "--out", PathOf("x.h5")]).Error);
        Assert.Equal(0, CliRunner.Run([.. run.Select(a => a == "300" ? "200" : a), "--shard", "3/4", "--out", PathOf("other3.h5")]).ExitCode);
        Assert.Contains("another run", CliRunner.Run(["merge", parts[0], parts[1], parts[2], PathOf("other3.h5"), "--out", PathOf("x.h5")]).Error);
        Assert.False(File.Exists(PathOf("x.h5")));
    }

    /// <summary>
    /// For real: a one-node Slurm cluster on localhost (scripts/slurm/local-cluster.sh, Debian's slurm-wlm and munge),
    /// the README's submit script (array job + dependent merge), and the merged file equals the unsharded run.
    /// </summary>
    [Fact]
    public void Slurm_ArrayJobAndDependentMerge_OnALocalCluster_EqualsUnshardedRun()
    {
        string root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var (startCode, conf, startError) = Shell(directory, [], Path.Combine(root, "scripts/slurm/local-cluster.sh"));
        Assert.True(startCode == 0, $"could not start a local Slurm cluster: {startError}");
        conf = conf.Trim();
        const string args = "--model brusselator --grid a=0.5:2:9 --grid b=0.5:6:7 --t-end 100 --backend cpu";
        var environment = new Dictionary<string, string>
        {
            ["SLURM_CONF"] = conf,
            ["SHARDS"] = "3",
            ["OUT_PREFIX"] = PathOf("array"),
            ["MERGED"] = PathOf("array-merged.h5"),
            ["CLUSTERGPU"] = $"dotnet {typeof(ClusterGpu.Cli.Program).Assembly.Location}",
            ["SWEEP_ARGS"] = args,
        };
        var (code, output, error) = Shell(directory, environment, Path.Combine(root, "scripts/slurm/submit.sh"));
        Assert.True(code == 0, error);
        string mergeJob = output.Trim().Split('\n')[^1].Trim();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            var (_, queue, _) = Shell(directory, new() { ["SLURM_CONF"] = conf }, "squeue", "-h", "-j", mergeJob);
            if (queue.Trim().Length == 0 && File.Exists(PathOf("array-merged.h5"))) break;
            Thread.Sleep(500);
        }
        Assert.True(File.Exists(PathOf("array-merged.h5")), $"the merge job {mergeJob} did not produce its file in time");
        Assert.Equal(0, CliRunner.Run(["sweep", .. args.Split(' '), "--out", PathOf("array-plain.h5"), "--quiet"]).ExitCode);
        AssertSameValues(PathOf("array-merged.h5"), PathOf("array-plain.h5"));
    }

    private static (int Code, string Output, string Error) Shell(string workingDirectory, Dictionary<string, string> environment, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program.EndsWith(".sh", StringComparison.Ordinal) ? "bash" : program)
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        if (program.EndsWith(".sh", StringComparison.Ordinal)) start.ArgumentList.Add(program);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
