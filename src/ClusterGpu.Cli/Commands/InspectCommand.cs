using System.CommandLine;
using System.Globalization;
using ClusterGpu.Errors;
using ClusterGpu.Storage;
using Spectre.Console;

namespace ClusterGpu.Cli.Commands;

/// <summary><c>clustergpu inspect file.h5</c>: dimensions, variables with their ranges, and run settings of a result file.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A ClusterGpu HDF5 result file" };
        var command = new Command("inspect", "Summarise a result file: dimensions, variables and provenance") { file };
        command.SetAction(parse => Program.Guard(() =>
        {
            string path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new UsageException($"File '{path}' does not exist.");
            using var reader = Hdf5Reader.Open(path);
            var console = Program.Out();
            console.MarkupLine($"[bold]{path.EscapeMarkup()}[/]");
            foreach (var (key, value) in reader.Attributes.OrderBy(a => a.Key))
                console.WriteLine($"  {key} = {Format(value)}");
            if (reader.Provenance is { } provenance) console.WriteLine($"  provenance: {provenance.Length} characters of JSON (dataset '{LabelledDataset.ProvenanceName}')");
            var dims = new Table().AddColumns("dimension", "size", "first", "last");
            foreach (var name in reader.CoordinateNames)
            {
                object[] values = reader.IsText(name) ? reader.ReadText(name) : reader.Read(name).Values.Cast<object>().ToArray();
                dims.AddRow(name.EscapeMarkup(), values.Length.ToString(CultureInfo.InvariantCulture), Format(values[0]).EscapeMarkup(), Format(values[^1]).EscapeMarkup());
            }
            console.Write(dims);
            var table = new Table().AddColumns("variable", "dimensions", "min", "mean", "max", "NaN");
            foreach (var name in reader.Names.Where(n => !reader.CoordinateNames.Contains(n) && n != LabelledDataset.ProvenanceName))
            {
                if (reader.IsText(name))
                {
                    table.AddRow(name.EscapeMarkup(), string.Join(" x ", reader.DimensionsOf(name)).EscapeMarkup(), "text", "-", "-", "-");
                    continue;
                }
                var v = reader.Read(name);
                var finite = v.Values.Where(double.IsFinite).ToArray();
                table.AddRow(name.EscapeMarkup(), string.Join(" x ", v.Dimensions.Zip(v.Shape, (d, s) => $"{d}[{s}]")).EscapeMarkup(),
                    finite.Length > 0 ? Format(finite.Min()) : "-", finite.Length > 0 ? Format(finite.Average()) : "-",
                    finite.Length > 0 ? Format(finite.Max()) : "-", (v.Values.Length - finite.Length).ToString(CultureInfo.InvariantCulture));
            }
            console.Write(table);
            return 0;
        }));
        return command;
    }

    private static string Format(object value) => value switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        double[] a => "[" + string.Join(", ", a.Select(x => x.ToString("G6", CultureInfo.InvariantCulture))) + "]",
        int[] a => "[" + string.Join(", ", a) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
