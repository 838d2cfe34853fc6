using CsvHelper;

namespace ClusterGpu.Exports;

/// <summary>
/// Writes a <see cref="FlatTable"/> as CSV for spreadsheets, pandas and polars: a header of the column names, then one
/// line per row; numbers in their shortest round-trip form, text as it is.
/// </summary>
public static class CsvExport
{
    /// <summary>Writes <paramref name="table"/> to <paramref name="path"/> (through a partial file renamed when complete).</summary>
    public static void Write(FlatTable table, string path) => FlatTable.WriteAtomically(path, stream =>
    {
        using var csv = CsvWriter.Create(stream, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true);
        var columns = table.Columns;
        csv.WriteHeader(columns.Select(c => c.Name).ToArray());
        for (long row = 0; row < table.Rows; row++)
        {
            for (int c = 0; c < columns.Count; c++)
            {
                long at = table.Position(c, row);
                if (columns[c].Numbers is { } numbers) csv.WriteField(numbers[at], ReadOnlySpan<char>.Empty);
                else csv.WriteField(columns[c].Text![at]);
            }
            csv.EndRecord();
        }
    });
}
