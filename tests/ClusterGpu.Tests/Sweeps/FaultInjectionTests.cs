using System.Diagnostics;
using ClusterGpu.Storage;
using ClusterGpu.Tests.Cli;
using static ClusterGpu.Tests.Sweeps.RunProcess;

namespace ClusterGpu.Tests.Sweeps;

/// <summary>
/// Faults in the middle of a run — its parts directory removed, its file system turned read-only, saved batches damaged
/// before a resume — end in one line naming what failed and what to do, exit code 1 (or 2 for a resume that cannot be
/// trusted), no output file, and the valid batches kept.
/// </summary>
public sealed class FaultInjectionTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-faults-").FullName;

    public void Dispose()
    {
        Umount(PathOf("readonly.h5.parts")); // when the test failed before it could
        Directory.Delete(directory, recursive: true);
    }

    private string PathOf(string name) => Path.Combine(directory, name);

    /// <summary>Standard error of a failed run: exactly one line, an "error:" with no stack trace.</summary>
    private static string OneLine(string error)
    {
        Assert.DoesNotContain("   at ", error);
        var lines = error.Trim().Split('\n');
        Assert.True(lines.Length == 1, $"expected one line on standard error, got:\n{error}");
        Assert.StartsWith("error: ", lines[0]);
        return lines[0];
    }

    private static (int Code, string Error) Finish(Process run)
    {
        var error = run.StandardError.ReadToEndAsync();
        Assert.True(run.WaitForExit(120_000));
        return (run.ExitCode, error.Result);
    }

    [Fact]
    public void PartsDirectoryRemovedMidRun_EndsWithOneLine_Exit1_AndNoOutputFile()
    {
        string file = PathOf("vanished.h5"), parts = file + ".parts";
        using var run = Start([.. Sweep, "--out", file]);
        WaitForBatches(parts, 2, run);
        while (Directory.Exists(parts))
        {
            try
            {
                Directory.Delete(parts, recursive: true);
            }
            catch (IOException)
            {
                // the run renamed a batch into it meanwhile: delete again
            }
        }
        var (code, error) = Finish(run);
        Assert.Equal(1, code);
        Assert.Contains($"'{parts}' disappeared during the run", OneLine(error));
        Assert.False(File.Exists(file));
        Assert.False(File.Exists(file + Hdf5Writer.PartialSuffix));
        Assert.False(File.Exists(file + ".lock"));
    }

    /// <summary>
    /// Tests run as root, whom permission bits do not stop, so "read-only" is made the way the kernel enforces it for
    /// everyone: the parts directory is bind-mounted read-only onto itself mid-run, and every later write there fails
    /// with EROFS (a whole file system remounted read-only would wait for the output file, open for writing all along).
    /// </summary>
    [Fact]
    public void PartsDirectoryTurnedReadOnlyMidRun_EndsWithOneLine_Exit1_KeepsTheBatches_AndResumes()
    {
        string file = PathOf("readonly.h5"), parts = file + ".parts";
        using var run = Start([.. Sweep, "--out", file]);
        WaitForBatches(parts, 2, run);
        Assert.True(Mount("--bind", parts, parts) == 0, "bind mounts need root (as on the project's machines and CI)");
        Assert.True(Mount("-o", "remount,bind,ro", parts) == 0);
        var (code, error) = Finish(run);
        Assert.True(Umount(parts) == 0);

        Assert.Equal(1, code);
        string line = OneLine(error);
        Assert.Contains("Read-only file system", line);
        Assert.Contains("--resume", line);
        Assert.False(File.Exists(file));
        Assert.False(File.Exists(file + Hdf5Writer.PartialSuffix));
        int kept = Directory.GetFiles(parts, "batch-*.bin").Length;
        Assert.InRange(kept, 2, 39);
        var resumed = CliRunner.Run([.. Sweep, "--out", file, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        using var reader = Hdf5Reader.Open(file);
        Assert.Equal(200 * 200, reader.Read("regime").Values.Length);
    }

    [Fact]
    public void DamagedBatches_AreFoundByTheirChecksum_AndRecomputedOnResume()
    {
        string file = PathOf("damaged.h5"), parts = file + ".parts", reference = PathOf("reference.h5");
        using (var run = Start([.. Sweep, "--out", file]))
        {
            WaitForBatches(parts, 4, run);
            run.Kill(entireProcessTree: true);
            run.WaitForExit();
        }
        var batches = Directory.GetFiles(parts, "batch-*.bin").Order().ToArray();
        var flipped = File.ReadAllBytes(batches[0]);
        flipped[flipped.Length / 2] ^= 0x10; // one bit of one value
        File.WriteAllBytes(batches[0], flipped);
        using (var truncated = new FileStream(batches[1], FileMode.Open))
            truncated.SetLength(truncated.Length / 2); // a torn write
        File.WriteAllBytes(batches[2], []);

        var resumed = CliRunner.Run([.. Sweep, "--out", file, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(0, CliRunner.Run([.. Sweep, "--out", reference]).ExitCode);
        AssertSameValues(file, reference);
    }

    [Fact]
    public void DamagedManifest_RefusesResume_WithOneLine_Exit2()
    {
        string file = PathOf("manifest.h5"), parts = file + ".parts";
        using (var run = Start([.. Sweep, "--out", file]))
        {
            WaitForBatches(parts, 1, run);
            run.Kill(entireProcessTree: true);
            run.WaitForExit();
        }
        File.WriteAllText(Path.Combine(parts, "manifest.json"), "{\"Fingerprint\": ");
        var (code, _, error) = CliRunner.Run([.. Sweep, "--out", file, "--resume"]);
        Assert.Equal(2, code);
        string line = OneLine(error);
        Assert.Contains("damaged", line);
        Assert.Contains("--force", line);
        Assert.False(File.Exists(file));
    }

    private static int Mount(params string[] args) => Tool("mount", args);

    private static int Umount(string path) => Tool("umount", path);

    private static int Tool(string name, params string[] args)
    {
        using var tool = Process.Start(new ProcessStartInfo(name, args) { RedirectStandardError = true })!;
        tool.WaitForExit();
        return tool.ExitCode;
    }
}
