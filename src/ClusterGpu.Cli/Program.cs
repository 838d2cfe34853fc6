using System.CommandLine;
using ClusterGpu.Cli.Commands;
using ClusterGpu.Errors;

namespace ClusterGpu.Cli;

/// <summary>The <c>clustergpu</c> command line.</summary>
public static class Program
{
    /// <summary>Exit code of a run-time failure: I/O (a vanished or read-only directory, a full disk), a damaged saved batch.</summary>
    public const int RunFailure = 1;

    /// <summary>Exit code for bad input (including an output that another run is writing).</summary>
    public const int UsageError = 2;

    /// <summary>Exit code of a run stopped by Ctrl-C or SIGTERM (a sweep's completed batches are kept for --resume).</summary>
    public const int Interrupted = 130;

    /// <summary>The command line of this invocation, as recorded in provenance.</summary>
    internal static string CommandLine { get; private set; } = "";

    /// <summary>The arguments after expanding any --config file: enough to rebuild the run (see 'merge').</summary>
    internal static IReadOnlyList<string> Arguments { get; private set; } = [];

    /// <summary>Runs one command; every failure ends as one line on standard error and an exit code, never a stack trace.</summary>
    public static int Main(string[] args) => Guard(() => Run(args));

    private static int Run(string[] args)
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
        args = ConfigFile.Expand(args, root.Subcommands.SelectMany(c => c.Options).Select(o => o.Name).ToHashSet());
        Arguments = args;
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {OneLine(error.Message)}");
            Console.Error.WriteLine("Run 'clustergpu --help' for usage.");
            return UsageError;
        }
        return parse.Invoke();
    }

    /// <summary>A console for tables on the current standard output (not cached: output may be redirected between calls).</summary>
    internal static Spectre.Console.IAnsiConsole Out() =>
        Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(Console.Out) });

    /// <summary>
    /// Runs <paramref name="action"/>; any exception becomes one line on standard error, naming what failed and what to
    /// do, and its exit code: <see cref="UsageError"/> for bad input, <see cref="RunFailure"/> for everything else.
    /// </summary>
    internal static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e)
        {
            var (code, message) = Describe(e);
            Console.Error.WriteLine($"error: {OneLine(message)}");
            return code;
        }
    }

    /// <summary><paramref name="message"/> on one line: line breaks and other control characters (also inside quoted arguments) become spaces.</summary>
    private static string OneLine(string message) => new(message.Trim().Select(c => char.IsControl(c) ? ' ' : c).ToArray());

    private static (int Code, string Message) Describe(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException && e.InnerException is not null)
            e = e.InnerException!;
        if (e is UsageException) return (UsageError, e.Message);
        if (DiskFull(e) is { } full)
            return (RunFailure, $"the disk is full ({full.Message}). No output file was written; completed batches are kept: "
                + "free some space (or choose another --out location) and run the same command with --resume.");
        if (e is RunFailedException) return (RunFailure, e.Message);
        if (e is IOException or UnauthorizedAccessException)
            return (RunFailure, $"a file operation failed: {e.Message} Fix the cause (path, permissions, free space) and run the same command again.");
        return (RunFailure, $"internal error ({e.GetType().Name}: {e.Message}). Please report it with the command line; "
            + "a sweep or phase run keeps its completed batches for --resume.");
    }

    /// <summary>The "no space left on device" error in <paramref name="e"/>'s chain, if any (errno 28).</summary>
    private static IOException? DiskFull(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is IOException io && (io.HResult == 28 || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase))) return io;
        return null;
    }
}
