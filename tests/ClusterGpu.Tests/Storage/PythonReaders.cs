using System.Diagnostics;

namespace ClusterGpu.Tests.Storage;

/// <summary>
/// Runs Debian's python3 with xarray, h5netcdf and h5py: the independent readers our HDF5 files must satisfy.
/// A pyenv python3 earlier on PATH does not see Debian's dist-packages, so the interpreter is named explicitly.
/// </summary>
internal static class PythonReaders
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Fails (never skips) with the install command when the readers are missing.</summary>
    public static void Require()
    {
        const string install = "Install the Debian packages python3-xarray python3-h5netcdf python3-h5py (scripts/install-test-dependencies.sh, "
            + "or apt-get install -y python3-xarray python3-h5netcdf python3-h5py) to run this interoperability test.";
        if (!File.Exists(Python))
            Assert.Fail($"{Python} not found. {install}");
        var (exitCode, _, stderr) = Run("-c", "import xarray, h5netcdf, h5py");
        Assert.True(exitCode == 0, $"{Python} cannot import xarray, h5netcdf and h5py ({stderr.Trim()}). {install}");
    }

    /// <summary>Runs the interpreter with <paramref name="arguments"/>.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }
}
