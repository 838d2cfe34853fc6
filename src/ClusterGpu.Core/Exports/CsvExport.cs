using ClusterGpu.Errors;
using ClusterGpu.Storage;
using CsvHelper;

namespace ClusterGpu.Exports;

/// <summary>
/// Flattens a result file into a CSV table for spreadsheets, pandas and polars: one row per element of the file's
/// largest dimension tuple (a sweep's points × initial conditions, a sensitivity file's parameter × observable), row-major;
/// first the coordinates of those dimensions, then every variable over some of them (repeated along the others), so
/// that <c>pandas.read_csv</c> gives what <c>xarray.Dataset.to_dataframe()</c> gives. Variables over other dimensions
/// (a realisation axis, the run's wall time) and the provenance are left out. Numbers are written in their shortest
/// round-trip form, text as it is.
/// </summary>
public static class CsvExport
{
    private sealed record Column(string Name, IReadOnlyList<string> Dimensions, double[]? Numbers, string[]? Text);

    /// <summary>Writes <paramref name="reader"/>'s file to <paramref name="path"/>; returns the number of rows and the columns left out.</summary>
    /// <exception cref="UsageException">The file has no variable over a dimension.</exception>
    public static (long Rows, IReadOnlyList<string> LeftOut) Write(Hdf5Reader reader, string path)
    {
        var lengths = reader.CoordinateNames.ToDictionary(name => name, name => Length(reader, name));
        var variables = reader.VariableNames.Where(n => n != LabelledDataset.ProvenanceName && reader.DimensionsOf(n).Count > 0).ToArray();
        if (variables.Length == 0) throw new UsageException("The file has no variable over a dimension to export.");
        var rowDimensions = variables.Select(reader.DimensionsOf).MaxBy(d => d.Aggregate(1L, (n, dim) => n * lengths[dim]))!;
        var columns = rowDimensions.Select(d => Read(reader, d)).ToList();
        var leftOut = new List<string>();
        foreach (var name in variables)
            if (reader.DimensionsOf(name).All(rowDimensions.Contains)) columns.Add(Read(reader, name));
            else leftOut.Add(name);
        long rows = rowDimensions.Aggregate(1L, (n, d) => n * lengths[d]);
        // Stride of each row dimension in each column's own row-major layout (0 where the column does not vary along it).
        var strides = columns.Select(c => rowDimensions.Select(d =>
        {
            int at = c.Dimensions.ToList().IndexOf(d);
            return at < 0 ? 0L : c.Dimensions.Skip(at + 1).Aggregate(1L, (n, dim) => n * lengths[dim]);
        }).ToArray()).ToArray();

        using var csv = CsvWriter.Create(File.Create(path), new CsvWriterOptions { NewLine = "\n" }, leaveOpen: false);
        csv.WriteHeader(columns.Select(c => c.Name).ToArray());
        var index = new long[rowDimensions.Count];
        for (long row = 0; row < rows; row++)
        {
            long rest = row;
            for (int d = rowDimensions.Count - 1; d >= 0; d--) (index[d], rest) = (rest % lengths[rowDimensions[d]], rest / lengths[rowDimensions[d]]);
            for (int c = 0; c < columns.Count; c++)
            {
                long at = 0;
                for (int d = 0; d < index.Length; d++) at += index[d] * strides[c][d];
                if (columns[c].Numbers is { } numbers) csv.WriteField(numbers[at], ReadOnlySpan<char>.Empty);
                else csv.WriteField(columns[c].Text![at]);
            }
            csv.EndRecord();
        }
        return (rows, leftOut);
    }

    private static long Length(Hdf5Reader reader, string coordinate) =>
        reader.IsText(coordinate) ? reader.ReadText(coordinate).Length : reader.Read(coordinate).Values.Length;

    private static Column Read(Hdf5Reader reader, string name) => reader.IsText(name)
        ? new Column(name, reader.DimensionsOf(name), null, reader.ReadText(name))
        : new Column(name, reader.DimensionsOf(name), reader.Read(name).Values, null);
}
