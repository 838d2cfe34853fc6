using ClusterGpu.Errors;

namespace ClusterGpu.Outputs;

/// <summary>
/// One run's claim on an output file and its <c>.parts</c>: an OS advisory lock on <c>&lt;out&gt;.lock</c>, held from
/// before the first file is touched until the run ends. .NET takes it as <c>flock(LOCK_EX | LOCK_NB)</c> for a
/// <see cref="FileStream"/> opened with <see cref="FileShare.None"/>, per open file, so a second run is refused whether
/// it is another process or the same one. The kernel drops the lock when its process ends in any way: after
/// <c>kill -9</c> or a power cut the lock file may remain, unlocked, and the next run simply takes it over.
/// The holder's PID and command line go to <c>&lt;out&gt;.lock.owner</c>: a refused run cannot read the locked file
/// itself, because .NET locks (shared) every file it opens and the holder's lock is exclusive.
/// </summary>
public sealed class OutputLock : IDisposable
{
    private readonly FileStream held;

    private OutputLock(string path, FileStream held)
    {
        Path = path;
        this.held = held;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>The lock file of <paramref name="output"/>.</summary>
    public static string PathFor(string output) => System.IO.Path.GetFullPath(output) + ".lock";

    /// <summary>
    /// Takes the lock on <paramref name="output"/>, recording <paramref name="commandLine"/>; a
    /// <see cref="UsageException"/> naming the holder when another run has it.
    /// </summary>
    public static OutputLock Acquire(string output, string commandLine)
    {
        string path = PathFor(output);
        FileStream held;
        try
        {
            // Read access is enough for flock, and a file held open for writing would keep its file system from being
            // remounted read-only.
            held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new UsageException($"'{output}' is being written by another run ({Holder(path)}); wait until it ends or stop it, then run this command again.");
        }
        File.WriteAllText(OwnerPath(path), $"{Environment.ProcessId} {commandLine}");
        return new OutputLock(path, held);
    }

    /// <summary>Removes the lock file, then releases the lock.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(OwnerPath(Path));
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The directory vanished or turned read-only under the run (its error is reported already); an unlocked
            // lock file left behind is taken over by the next run.
        }
        held.Dispose();
    }

    private static string OwnerPath(string path) => path + ".owner";

    /// <summary>"PID n: command line" of the holder, as far as it is known.</summary>
    private static string Holder(string path)
    {
        try
        {
            var text = File.ReadAllText(OwnerPath(path)).Trim();
            int space = text.IndexOf(' ');
            return space > 0 ? $"PID {text[..space]}: {text[(space + 1)..]}" : "another process";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "another process; it has not recorded itself yet";
        }
    }
}
