namespace ClusterGpu.Tests.Cli;

/// <summary>Runs <c>clustergpu</c> in-process and captures its exit code and output.</summary>
internal static class CliRunner
{
    private static readonly object consoleLock = new();

    public static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        lock (consoleLock)
        {
            var (oldOut, oldError) = (Console.Out, Console.Error);
            var (stdout, stderr) = (new StringWriter(), new StringWriter());
            Console.SetOut(stdout);
            Console.SetError(stderr);
            try
            {
                int code = ClusterGpu.Cli.Program.Main(args);
                return (code, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldError);
            }
        }
    }
}
