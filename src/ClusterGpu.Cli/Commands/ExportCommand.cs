using System.CommandLine;
using ClusterGpu.Errors;
using ClusterGpu.Exports;
using ClusterGpu.Outputs;
using ClusterGpu.Storage;

namespace ClusterGpu.Cli.Commands;

/// <summary>
/// <c>clustergpu export FILE --csv OUT --parquet OUT</c>: a result file flattened to one row per point, coordinates as
/// columns (<see cref="FlatTable"/>), written as CSV and/or Parquet with the same columns and values.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A ClusterGpu HDF5 result file (sweep, phase, stability, sensitivity, merge)" };
        var csv = new Option<string>("--csv") { Description = "Output CSV: one row per point, the coordinates and variables as columns" };
        var parquet = new Option<string>("--parquet") { Description = "Output Apache Parquet file: the same table as --csv, typed (integers int64, numbers double, labels strings)" };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing output file" };
        var command = new Command("export", "Flatten a result file into a table for spreadsheets, pandas, polars and Arrow") { file, csv, parquet, force };
        command.SetAction(parse => Program.Guard(() =>
        {
            string path = parse.GetValue(file)!;
            var outputs = new (string? Path, string Option, Action<FlatTable, string> Write)[]
                { (parse.GetValue(csv), "--csv", CsvExport.Write), (parse.GetValue(parquet), "--parquet", ParquetExport.Write) }
                .Where(o => o.Path is not null).ToArray();
            if (outputs.Length == 0) throw new UsageException("Give --csv out.csv and/or --parquet out.parquet for the table.");
            if (outputs.Length == 2 && Path.GetFullPath(outputs[0].Path!) == Path.GetFullPath(outputs[1].Path!))
                throw new UsageException($"--csv and --parquet both name '{outputs[0].Path}'; give two files.");
            foreach (var (output, option, _) in outputs) SweepOptions.CheckWritable(output!, parse.GetValue(force), option);
            using var reader = Hdf5Reader.Open(path);
            var table = FlatTable.Of(reader);
            if (table.LeftOut.Count > 0) Console.WriteLine($"# left out (over other dimensions): {string.Join(", ", table.LeftOut)}");
            foreach (var (output, _, write) in outputs)
            {
                using var claim = OutputLock.Acquire(output!, Program.CommandLine);
                write(table, output!);
                Console.WriteLine($"wrote {output} ({table.Rows} rows, {table.Columns.Count} columns)");
            }
            return 0;
        }));
        return command;
    }
}
