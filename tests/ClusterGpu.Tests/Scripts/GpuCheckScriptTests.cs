using System.Diagnostics;

namespace ClusterGpu.Tests.Scripts;

/// <summary>
/// scripts/gpu-check.sh cannot rot: its dry run (ilgpu-cpu standing in for cuda, tiny sizes) runs every stage of the real
/// GPU check here, with the CLI this test run built, and leaves exactly the files the real run leaves.
/// </summary>
public sealed class GpuCheckScriptTests : IDisposable
{
    /// <summary>The files the real run writes into its output directory (flat, at most eight: all come back from a lent machine).</summary>
    private static readonly string[] OutputFiles = ["summary.md", "run.log", "timings.csv", "verify.csv", "bench.csv", "bench.json", "bench.png", "phase-a.png"];

    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-gpucheck-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task DryRun_PassesEveryStage_AndWritesEveryFileTheRealRunWrites()
    {
        string root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        string outDir = Path.Combine(directory, "out");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(root, "scripts/gpu-check.sh"), outDir, "--dry-run" }) start.ArgumentList.Add(a);
        // The CLI this test run built (no second build of the solution from inside the test host).
        start.Environment["CLUSTERGPU"] = $"dotnet {typeof(ClusterGpu.Cli.Program).Assembly.Location}";
        using var process = Process.Start(start)!;
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var (outputTask, errorTask) = (process.StandardOutput.ReadToEndAsync(limit.Token), process.StandardError.ReadToEndAsync(limit.Token));
        await process.WaitForExitAsync(limit.Token); // throws when the dry run takes more than 5 minutes
        string output = await outputTask, error = await errorTask;
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}\n{output}\n{error}");
        Assert.Equal("gpu_check=pass", output.TrimEnd().Split('\n')[^1]);

        Assert.Equal(OutputFiles.Order(), Directory.EnumerateFileSystemEntries(outDir).Select(Path.GetFileName).Order());
        foreach (var file in OutputFiles) Assert.True(new FileInfo(Path.Combine(outDir, file)).Length > 0, $"{file} is empty");
        foreach (var png in OutputFiles.Where(f => f.EndsWith(".png", StringComparison.Ordinal)))
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(outDir, png))[..4]);

        string summary = File.ReadAllText(Path.Combine(outDir, "summary.md"));
        Assert.Contains("result: PASS", summary);
        Assert.Contains("verify_mismatches=0", summary);
        var timings = File.ReadAllLines(Path.Combine(outDir, "timings.csv"));
        string[] stages = ["device", "verify", "bench-suite", "sweep", "phase-default", "phase-default-cpu", "plane-a", "plane-a-cpu", "design", "design-per-thread", "design-cpu"];
        Assert.Equal(stages, timings.Skip(1).Select(l => l.Split(',')[0]));
        // Every run of the CLI's sweep or phase reports its rate in its summary row.
        foreach (var stage in stages.Skip(3))
            Assert.Matches($@"\| {stage} \|.*[;|] [0-9]+ trajectories: integration [^|]*trajectories/s into the file\)(;| \|)", summary);
        Assert.Matches(@"persistent threads' gain: [0-9]+\.[0-9]{2}x", summary);
        Assert.All(timings.Skip(1), l => Assert.EndsWith(",0,ok", l));
        var verify = File.ReadAllLines(Path.Combine(outDir, "verify.csv"));
        // At least rk4, dopri5 and rosenbrock23 in fp64 and fp32 for every built-in model and each of the three example files.
        int models = ClusterGpu.Models.ModelRegistry.All.Count + Directory.GetFiles(Path.Combine(root, "models"), "*.toml").Length;
        Assert.True(verify.Length - 1 >= 2 * 3 * models, $"verify.csv has {verify.Length - 1} comparisons for {models} models");
        Assert.All(verify.Skip(1), l => Assert.Contains(",cpu,ilgpu-cpu,", l));
        Assert.All(ClusterGpu.Models.ModelRegistry.All, m => Assert.Contains(verify, l => l.StartsWith($"{m.Info.Name},built-in,", StringComparison.Ordinal)));
    }
}
