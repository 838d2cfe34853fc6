using System.CommandLine;
using ClusterGpu.Cli.Commands;
using ClusterGpu.Errors;

namespace ClusterGpu.Cli;

/// <summary>The <c>clustergpu</c> command line.</summary>
public static class Program
{
    /// <summary>Exit code for bad input.</summary>
    public const int UsageError = 2;

    /// <summary>The command line of this invocation, as recorded in provenance.</summary>
    internal static string CommandLine { get; private set; } = "";

    /// <summary>The arguments after expanding any --config file: enough to rebuild the run (see 'merge').</summary>
    internal static IReadOnlyList<string> Arguments { get; private set; } = [];

    public static int Main(string[] args)
    {
        var root = new RootCommand("ClusterGpu: GPU-accelerated ensemble solver for self-organisation models of innovation clusters")
        {
            BenchCommand.Create(),
            ModelsCommand.Create(),
            SweepCommand.Create(),
            PhaseCommand.Create(),
            StabilityCommand.Create(),
            InspectCommand.Create(),
            SensitivityCommand.Create(),
            MergeCommand.Create(),
            ExportCommand.Create(),
            VerifyCommand.Create(),
            TrajectoryCommand.Create(),
            BifurcationCommand.Create(),
        };
        CommandLine = "clustergpu " + string.Join(" ", args);
        try
        {
            args = ConfigFile.Expand(args, root.Subcommands.SelectMany(c => c.Options).Select(o => o.Name).ToHashSet());
            Arguments = args;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return UsageError;
        }
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine("Run 'clustergpu --help' for usage.");
            return UsageError;
        }
        return parse.Invoke();
    }

    /// <summary>A console for tables on the current standard output (not cached: output may be redirected between calls).</summary>
    internal static Spectre.Console.IAnsiConsole Out() =>
        Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(Console.Out) });

    /// <summary>Runs a verb; bad input becomes a one-line message and exit code 2.</summary>
    internal static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return UsageError;
        }
        catch (IOException e) when (e.HResult == 28 || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"error: the disk is full ({e.Message}). No output file was written; completed batches are kept: "
                + "free some space (or choose another --out location) and run the same command with --resume.");
            return 1;
        }
    }
}
