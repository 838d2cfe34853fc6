using ClusterGpu.Tests.Cli;
using static ClusterGpu.Tests.Sweeps.RunProcess;

namespace ClusterGpu.Tests.Refinement;

/// <summary>A refined phase diagram killed with SIGKILL in the middle of a level resumes to the file an uninterrupted run writes.</summary>
public sealed class RefinedRunResumeTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-refine-resume-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string PathOf(string name) => Path.Combine(directory, name);

    private static readonly string[] Refined =
    [
        "phase", "--model", "innovation-cluster", "--grid", "e0=0.1:5:32", "--grid", "eta=0.5:12:32", "--set", "kappa=3",
        "--t-end", "1000", "--refine", "4", "--batch-size", "256", "--backend", "cpu", "--quiet",
    ];

    [Fact]
    public void KilledDuringALevel_ResumesToTheUninterruptedFile()
    {
        string killed = PathOf("killed.h5"), reference = PathOf("reference.h5");
        using (var run = Start([.. Refined, "--out", killed, "--png", PathOf("killed.png")]))
        {
            WaitForBatches(killed + ".level2.parts", 1, run); // levels 0 and 1 complete, level 2 under way
            run.Kill(entireProcessTree: true); // SIGKILL
            run.WaitForExit();
        }
        Assert.False(File.Exists(killed));

        var resumed = CliRunner.Run([.. Refined, "--out", killed, "--png", PathOf("killed.png"), "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(0, CliRunner.Run([.. Refined, "--out", reference, "--png", PathOf("reference.png")]).ExitCode);
        AssertSameValues(killed, reference);
    }
}
