using Parquet;
using Parquet.Schema;

namespace ClusterGpu.Exports;

/// <summary>
/// Writes a <see cref="FlatTable"/> as an Apache Parquet file (Parquet.Net) for pandas, polars, Arrow and DuckDB: the
/// same columns and values as <see cref="CsvExport"/>, typed: integer variables (regime, status, steps) as int64, other
/// numbers as double, text as UTF-8 strings; none nullable (a missing value is NaN). Rows go in groups of
/// <see cref="RowGroupSize"/>, so memory stays bounded for large sweeps.
/// </summary>
public static class ParquetExport
{
    /// <summary>Rows per row group.</summary>
    public const int RowGroupSize = 1 << 20;

    /// <summary>Writes <paramref name="table"/> to <paramref name="path"/> (through a partial file renamed when complete).</summary>
    public static void Write(FlatTable table, string path) => FlatTable.WriteAtomically(path, stream => WriteAsync(table, stream).GetAwaiter().GetResult());

    private static async Task WriteAsync(FlatTable table, Stream stream)
    {
        var fields = table.Columns.Select(c => new DataField(c.Name, c.Text is not null ? typeof(string) : c.Integer ? typeof(long) : typeof(double), isNullable: false)).ToArray();
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        for (long first = 0; first < table.Rows; first += RowGroupSize)
        {
            int count = (int)Math.Min(RowGroupSize, table.Rows - first);
            using var group = writer.CreateRowGroup();
            for (int c = 0; c < fields.Length; c++)
            {
                var column = table.Columns[c];
                if (column.Text is { } text)
                    await group.WriteAsync(fields[c], Enumerable.Range(0, count).Select(i => text[table.Position(c, first + i)]).ToArray());
                else if (column.Integer)
                    await group.WriteAsync<long>(fields[c], Enumerable.Range(0, count).Select(i => (long)column.Numbers![table.Position(c, first + i)]).ToArray());
                else
                    await group.WriteAsync<double>(fields[c], Enumerable.Range(0, count).Select(i => column.Numbers![table.Position(c, first + i)]).ToArray());
            }
        }
    }
}
