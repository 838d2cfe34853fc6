using System.Diagnostics;
using System.Text;

namespace ClusterGpu.Tests.Cli;

/// <summary>
/// Thousands of seeded random mutations of valid command lines, TOML config files and model files: each must end with
/// exit code 0, 1, 2 or 130, only "error:" and "warning:" lines on standard error (one per parse error, else one), and — unless it succeeded
/// — no output file, no partial file and no lock file. Grids are tiny and spans short, so most inputs fail in parsing
/// and the ones that run take milliseconds.
/// </summary>
public sealed class FuzzTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-fuzz-").FullName;
    private readonly string input;

    public FuzzTests()
    {
        input = Path.Combine(directory, "input.h5");
        var (code, _, error) = CliRunner.Run([.. Tiny, "--out", input]);
        Assert.True(code == 0, error);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static readonly string[] Tiny =
        ["sweep", "--model", "brusselator", "--grid", "a=0.5:2:3", "--grid", "b=1:3:2", "--t-end", "2", "--method", "rk4", "--dt", "0.1", "--quiet"];

    /// <summary>Valid command lines to mutate, each with the outputs it writes (appended after mutation, so they stay inside the test's directory).</summary>
    private string[][] Commands() =>
    [
        Tiny,
        ["sweep", "--model", "innovation-cluster", "--sample", "e0=0.1:5", "--sample", "eta=0.5:12:log", "--samples", "8", "--seed", "3", "--t-end", "2",
            "--ic", "x=0.005,1", "--ic", "e=1,4", "--quiet"],
        ["sweep", "--model", "ginzburg-landau", "--grid", "sigma=0.1:0.5:2", "--method", "euler-maruyama", "--dt", "0.05", "--t-end", "1",
            "--realizations", "4", "--keep-realizations", "final_q", "--quiet"],
        ["phase", "--model", "lorenz", "--grid", "rho=1:30:3", "--grid", "sigma=5:15:2", "--t-end", "1", "--lyapunov", "--quiet"],
        ["stability", "--model", "brusselator", "--grid", "a=0.5:2:3", "--t-end", "5", "--start", "final", "--quiet"],
        ["sensitivity", "--model", "ishigami", "--method", "morris", "--samples", "4", "--vary", "x1", "--vary", "x2", "--vary", "x3",
            "--observable", "y", "--bootstrap", "10", "--quiet"],
        ["inspect", input],
        ["models"],
    ];

    private static readonly string[] Values =
    [
        "0", "1", "-1", "3", "0.5", "1e-300", "1e308", "-1e308", "NaN", "inf", "-inf", "", " ", "abc", "=", ":", ",", "a=1:2:3", "a=0.5:2:0",
        "e0=1:1:1", "b=3:1:2:log", "x=1,2", "q=0.5", "1/2", "0/0", "--", "-", "é", "\u0000", "a=normal:0:1", "x1=0:1:log", "x1=normal:0:1:-1:1",
        "rk4", "dopri5", "euler-maruyama", "stochastic-heun", "rosenbrock23", "fp32", "fp64", "cpu", "scalar", "ilgpu-cpu", "cuda", "opencl", "auto",
        "lorenz", "logistic", "ishigami", "sobol-g", "sobol", "morris", "random", "lhs", "final", "mean", "order", "final_q,regime", "period",
    ];

    /// <summary>Every option the mutations may add: all but those naming files (outputs are fixed, inputs exist).</summary>
    private static readonly string[] Options =
    [
        "--model", "--grid", "--sample", "--samples", "--sampler", "--set", "--ic", "--ic-grid", "--first-passage", "--t-end", "--method", "--dt",
        "--rtol", "--atol", "--max-steps", "--window", "--diverge-bound", "--disorder-threshold", "--oscillation-threshold", "--decay-ratio",
        "--chaos-threshold", "--lyapunov", "--backend", "--precision", "--seed", "--realizations", "--keep-realizations", "--batch-size", "--force",
        "--quiet", "--resume", "--shard", "--color-by", "--start", "--method", "--vary", "--observable", "--second-order", "--bootstrap",
        "--confidence", "--levels", "--spread", "--integrator", "--help", "--version", "-h",
    ];

    private const string Characters = "=:,.-+e0129aqxz \"'[]{}#\n\t\\/é_";

    [Fact]
    public void MutatedCommandLines_EndWithADocumentedExitCode_OneLineErrors_AndNoStrayFiles()
    {
        var random = new Random(14);
        var commands = Commands();
        var outcomes = Fuzz(3000, random, _ =>
        {
            var command = commands[random.Next(commands.Length)];
            var args = command.ToList();
            for (int m = random.Next(1, 4); m > 0; m--) Mutate(args, random);
            return Outputs(command[0], args);
        });
        Assert.True(outcomes[0] >= 50 && outcomes[2] >= 1000, Summary(outcomes)); // both valid and refused inputs were exercised
    }

    [Fact]
    public void MutatedConfigFiles_EndWithADocumentedExitCode_OneLineErrors_AndNoStrayFiles()
    {
        const string config = """
            # a tiny run
            model = "brusselator"
            grid = ["a=0.5:2:3", "b=1:3:2"]
            t-end = 2
            method = "rk4"
            dt = 0.1
            quiet = true
            ic-grid = false
            seed = 7
            """;
        string path = Path.Combine(directory, "run.toml");
        var random = new Random(1414);
        var outcomes = Fuzz(1500, random, _ =>
        {
            File.WriteAllText(path, MutateText(config, random));
            return ["sweep", "--config", path, "--out", Path.Combine(directory, "out.h5")];
        });
        Assert.True(outcomes[0] > 50 && outcomes[2] > 500, Summary(outcomes));
    }

    [Fact]
    public void MutatedModelFiles_EndWithADocumentedExitCode_OneLineErrors_AndNoStrayFiles()
    {
        string root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        (string Text, string Grid)[] models =
        [
            (File.ReadAllText(Path.Combine(root, "models/two-clusters.toml")), "D=0:1:2"),
            (File.ReadAllText(Path.Combine(root, "models/noisy-adoption.toml")), "r=1:3:2"),
        ];
        string path = Path.Combine(directory, "model.toml");
        var random = new Random(141414);
        var outcomes = Fuzz(300, random, _ =>
        {
            var (text, grid) = models[random.Next(models.Length)];
            File.WriteAllText(path, MutateText(text, random));
            return ["sweep", "--model-file", path, "--grid", grid, "--t-end", "0.5", "--method", "rk4", "--dt", "0.05", "--quiet",
                "--out", Path.Combine(directory, "out.h5")];
        });
        Assert.True(outcomes[0] >= 20 && outcomes[2] >= 100, Summary(outcomes));
    }

    /// <summary>Runs <paramref name="cases"/> generated command lines; checks each; returns the count per exit code (0, 1, 2, 130).</summary>
    private Dictionary<int, int> Fuzz(int cases, Random random, Func<int, string[]> generate)
    {
        var outcomes = new Dictionary<int, int> { [0] = 0, [1] = 0, [2] = 0, [130] = 0 };
        var slowest = (Seconds: 0.0, Args: "");
        for (int i = 0; i < cases; i++)
        {
            var args = generate(i);
            string shown = string.Join(" ", args.Select(a => $"'{a}'"))
                + string.Concat(args.Where(a => a.EndsWith(".toml", StringComparison.Ordinal) && File.Exists(a)).Select(a => $"\n{a}:\n{File.ReadAllText(a)}"));
            var clock = Stopwatch.StartNew();
            var run = Task.Run(() => CliRunner.Run(args));
            // Generous: the time includes waiting for other tests' in-process runs, which share the console (CliRunner).
            Assert.True(run.Wait(TimeSpan.FromSeconds(180)), $"case {i} did not end within 180 s: {shown}");
            var (code, _, error) = run.Result;
            if (clock.Elapsed.TotalSeconds > slowest.Seconds) slowest = (clock.Elapsed.TotalSeconds, shown);
            Assert.True(outcomes.ContainsKey(code), $"case {i}: exit code {code}: {shown}\n{error}");
            outcomes[code]++;
            Assert.False(error.Contains("   at ", StringComparison.Ordinal) || error.Contains("internal error", StringComparison.Ordinal),
                $"case {i}: a stack trace or an internal error: {shown}\n{error}");
            Assert.True(error.Split('\n', StringSplitOptions.RemoveEmptyEntries).All(l => l.StartsWith("error: ", StringComparison.Ordinal)
                    || l.StartsWith("warning: ", StringComparison.Ordinal) || l.StartsWith("Run 'clustergpu --help'", StringComparison.Ordinal)),
                $"case {i}: standard error holds more than error and warning lines: {shown}\n{error}");
            var left = Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).Where(n => n is not ("input.h5" or "run.toml" or "model.toml")).ToArray();
            Assert.False(left.Any(n => n!.Contains(".lock", StringComparison.Ordinal) || n!.Contains(".partial", StringComparison.Ordinal)),
                $"case {i}: exit {code} left {string.Join(", ", left)}: {shown}\n{error}");
            if (code != 0) // only a run-time failure or an interruption keeps its batches, for --resume
                Assert.True(left.All(n => n!.EndsWith(".parts", StringComparison.Ordinal) && code is 1 or 130), $"case {i}: exit {code} left {string.Join(", ", left)}: {shown}\n{error}");
            foreach (var entry in left)
            {
                string full = Path.Combine(directory, entry!);
                if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
                else File.Delete(full);
            }
        }
        Console.WriteLine($"fuzz: {Summary(outcomes)}; slowest case {slowest.Seconds:F2} s: {slowest.Args}");
        return outcomes;
    }

    private static string Summary(Dictionary<int, int> outcomes) => string.Join(", ", outcomes.Select(o => $"exit {o.Key}: {o.Value}"));

    /// <summary>The mutated command with its outputs appended, inside the test's directory.</summary>
    private string[] Outputs(string verb, List<string> args) => verb switch
    {
        "phase" or "stability" or "sensitivity" => [.. args, "--out", Path.Combine(directory, "out.h5"), "--png", Path.Combine(directory, "out.png")],
        "sweep" => [.. args, "--out", Path.Combine(directory, "out.h5")],
        _ => [.. args],
    };

    /// <summary>One random edit of the argument list; the verb is never replaced by another verb (whose default outputs lie elsewhere).</summary>
    private static void Mutate(List<string> args, Random random)
    {
        int at = random.Next(1, Math.Max(args.Count, 2));
        switch (random.Next(7))
        {
            case 0 when args.Count > 1: args.RemoveAt(Math.Min(at, args.Count - 1)); break;
            case 1 when args.Count > 1: args.Insert(at, args[Math.Min(at, args.Count - 1)]); break;
            case 2 when args.Count > 2:
                int other = random.Next(1, args.Count);
                (args[Math.Min(at, args.Count - 1)], args[other]) = (args[other], args[Math.Min(at, args.Count - 1)]);
                break;
            case 3 when args.Count > 1: args[Math.Min(at, args.Count - 1)] = Values[random.Next(Values.Length)]; break;
            case 4: args.Insert(Math.Min(at, args.Count), Options[random.Next(Options.Length)]); break;
            case 5: args.InsertRange(Math.Min(at, args.Count), [Options[random.Next(Options.Length)], Values[random.Next(Values.Length)]]); break;
            default:
                int index = random.Next(args.Count);
                args[index] = MutateText(args[index], random, edits: 1);
                break;
        }
    }

    /// <summary>Random character, value and line edits of <paramref name="text"/>.</summary>
    private static string MutateText(string text, Random random, int edits = 0)
    {
        var builder = new StringBuilder(text);
        for (int m = edits > 0 ? edits : random.Next(1, 4); m > 0; m--)
        {
            int at = random.Next(builder.Length + 1);
            switch (random.Next(edits > 0 ? 3 : 6))
            {
                case 0 when builder.Length > 0: builder.Remove(Math.Min(at, builder.Length - 1), 1); break;
                case 1: builder.Insert(at, Characters[random.Next(Characters.Length)]); break;
                case 2 when builder.Length > 0: builder[Math.Min(at, builder.Length - 1)] = Characters[random.Next(Characters.Length)]; break;
                case 3: builder.Insert(at, Values[random.Next(Values.Length)]); break;
                default:
                    var lines = builder.ToString().Split('\n').ToList();
                    int line = random.Next(lines.Count);
                    if (random.Next(2) == 0) lines.RemoveAt(line);
                    else lines.Insert(random.Next(lines.Count + 1), lines[line]);
                    builder.Clear().Append(string.Join('\n', lines));
                    break;
            }
        }
        return builder.ToString();
    }
}
