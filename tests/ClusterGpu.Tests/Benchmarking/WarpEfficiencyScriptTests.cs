using System.Diagnostics;
using ClusterGpu.Tests.Storage;

namespace ClusterGpu.Tests.Benchmarking;

/// <summary>
/// benchmarks/warp-efficiency.py, the simulation behind the README's persistent-thread figures, against a launch worked out
/// by hand.
/// </summary>
public sealed class WarpEfficiencyScriptTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-warp-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void TwoWarpsWithOneSlowThreadEach_OnOneResidentWarp_MatchTheHandCount()
    {
        // 64 trajectories; in each warp of 32 the first takes 100 attempts (steps + rejected), the others 10. Useful: 820.
        // One per thread: two warps of 100 iterations each, one after the other on the one resident warp: issued 6400
        // lane-attempts (0.128 useful), span 200. Persistent, 32 threads: at t = 10 the 31 fast threads take trajectories
        // 32..62 (32 is a slow one: it ends at 110), at t = 20 one of them takes 63: the warp issues 110 iterations, 3520
        // lane-attempts (0.233 useful), span 110.
        string csv = Path.Combine(directory, "launch.csv");
        File.WriteAllLines(csv, ["steps,rejected", .. Enumerable.Range(0, 64).Select(i => i % 32 == 0 ? "100,0" : "7,3")]);
        string root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var start = new ProcessStartInfo(PythonReaders.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(root, "benchmarks/warp-efficiency.py"), csv, "--resident", "32" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("64 trajectories, attempts 10..100", output);
        Assert.Contains("resident 32: useful/issued one per thread 0.128, persistent 0.233; span 200 against 110 (1.82x shorter)", output);
    }
}
