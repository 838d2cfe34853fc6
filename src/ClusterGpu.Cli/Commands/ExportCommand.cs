using System.CommandLine;
using ClusterGpu.Errors;
using ClusterGpu.Exports;
using ClusterGpu.Outputs;
using ClusterGpu.Storage;

namespace ClusterGpu.Cli.Commands;

/// <summary><c>clustergpu export FILE --csv OUT</c>: a result file flattened to one row per point, coordinates as columns (<see cref="CsvExport"/>).</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A ClusterGpu HDF5 result file (sweep, phase, stability, sensitivity, merge)" };
        var csv = new Option<string>("--csv") { Description = "Output CSV: one row per point, the coordinates and variables as columns" };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing output file" };
        var command = new Command("export", "Flatten a result file into a table for spreadsheets, pandas and polars") { file, csv, force };
        command.SetAction(parse => Program.Guard(() =>
        {
            string path = parse.GetValue(file)!;
            string output = parse.GetValue(csv) ?? throw new UsageException("Give --csv out.csv for the table.");
            SweepOptions.CheckWritable(output, parse.GetValue(force), "--csv");
            using var claim = OutputLock.Acquire(output, Program.CommandLine);
            using var reader = Hdf5Reader.Open(path);
            var (rows, leftOut) = CsvExport.Write(reader, output);
            if (leftOut.Count > 0) Console.WriteLine($"# left out (over other dimensions): {string.Join(", ", leftOut)}");
            Console.WriteLine($"wrote {output} ({rows} rows)");
            return 0;
        }));
        return command;
    }
}
