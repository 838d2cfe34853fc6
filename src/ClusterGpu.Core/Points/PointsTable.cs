using System.Security.Cryptography;
using System.Text;
using ClusterGpu.Errors;
using ClusterGpu.Storage;
using CsvHelper;

namespace ClusterGpu.Points;

/// <summary>One column of a points file: numbers (<see cref="Numbers"/>) or text (<see cref="Text"/>), one value per row.</summary>
/// <param name="Name">The header name.</param>
/// <param name="Numbers">The values when every cell is a number (NaN allowed here; checked where it matters), else null.</param>
/// <param name="Text">The values when some cell is not a number (an id, a region name), else null.</param>
public sealed record PointsColumn(string Name, double[]? Numbers, string[]? Text)
{
    /// <summary>Number of rows.</summary>
    public int Length => Numbers?.Length ?? Text!.Length;
}

/// <summary>
/// A table of points read from a file (<c>--points FILE</c>): named columns of equal length, in the file's order. A
/// CSV with a header (<see cref="CsvPoints"/>) or an HDF5/netCDF file with one 1-D variable per column
/// (<see cref="Hdf5Points"/>). <see cref="Sha256"/> digests the content, not the file, so that a table rebuilt from
/// the columns a sweep recorded has the fingerprint of the file it came from.
/// </summary>
public sealed class PointsTable
{
    /// <summary>A table of <paramref name="columns"/> (at least one, all of one length, distinct names) read from <paramref name="source"/>.</summary>
    /// <exception cref="UsageException">No columns or rows, a name given twice, or columns of different lengths.</exception>
    public PointsTable(string source, IReadOnlyList<PointsColumn> columns)
    {
        Source = source;
        if (columns.Count == 0) throw new UsageException($"--points '{source}' has no columns; give a header naming parameters and states, e.g. e0,eta,x.");
        var duplicate = columns.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new UsageException($"--points '{source}': column '{duplicate.Key}' appears twice; give each column once.");
        Rows = columns[0].Length;
        if (columns.FirstOrDefault(c => c.Length != Rows) is { } ragged)
            throw new UsageException($"--points '{source}': column '{ragged.Name}' has {ragged.Length} values, column '{columns[0].Name}' {Rows}; give every column one value per point.");
        if (Rows == 0) throw new UsageException($"--points '{source}' has a header but no points.");
        Columns = columns;
    }

    /// <summary>Where the table was read from (a path; for a table rebuilt from a result file, that file).</summary>
    public string Source { get; }
    /// <summary>The columns, in the file's order.</summary>
    public IReadOnlyList<PointsColumn> Columns { get; }
    /// <summary>Number of points.</summary>
    public int Rows { get; }
    /// <summary>
    /// What the file says about its points as a whole (an HDF5 file's provenance dataset, a CSV's leading <c># </c>
    /// comment lines; a sensitivity design's settings), carried into the sweep's provenance and part of
    /// <see cref="Sha256"/>; null for none.
    /// </summary>
    public string? Provenance { get; init; }

    /// <summary>Reads <paramref name="path"/>: <c>.csv</c> (or <c>.txt</c>/<c>.tsv</c>) as CSV, <c>.h5</c>/<c>.hdf5</c>/<c>.nc</c> as HDF5.</summary>
    /// <exception cref="UsageException">Missing file, unknown extension, or malformed content (the message names the row and column).</exception>
    public static PointsTable Read(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"--points '{path}' does not exist.");
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" or ".txt" or ".tsv" => CsvPoints.Read(path),
            ".h5" or ".hdf5" or ".nc" or ".nc4" => Hdf5Points.Read(path),
            var other => throw new UsageException($"--points '{path}': unknown file type '{other}'; give a .csv file with a header or an .h5/.nc file with one variable per column."),
        };
    }

    /// <summary>
    /// Writes the table as a points file that <see cref="Read"/> reads back equal (same <see cref="Sha256"/>): by the
    /// extension of <paramref name="path"/>, a CSV (numbers in shortest round-trip form, the provenance as leading
    /// <c># </c> lines) or an HDF5/netCDF file (one variable per column over a dimension <c>point</c>, the provenance
    /// as its <c>provenance</c> dataset).
    /// </summary>
    /// <exception cref="UsageException">An unknown extension.</exception>
    public void Write(string path)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".csv":
                using (var text = new StreamWriter(path) { NewLine = "\n" })
                {
                    foreach (var line in (Provenance ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)) text.WriteLine($"# {line}");
                    using var csv = CsvWriter.Create(text, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true);
                    csv.WriteHeader(Columns.Select(c => c.Name).ToArray());
                    for (int row = 0; row < Rows; row++)
                    {
                        foreach (var column in Columns)
                            if (column.Numbers is { } numbers) csv.WriteField(numbers[row], ReadOnlySpan<char>.Empty);
                            else csv.WriteField(column.Text![row]);
                        csv.EndRecord();
                    }
                }
                break;
            case ".h5" or ".hdf5" or ".nc" or ".nc4":
                var data = new LabelledDataset().AddCoordinate("point", Enumerable.Range(0, Rows).Select(i => (double)i).ToArray());
                foreach (var column in Columns) data.AddVariable(column.Name, ["point"], (Array?)column.Numbers ?? column.Text!);
                data.Provenance = Provenance;
                Hdf5Writer.Write(data, path);
                break;
            default:
                throw new UsageException($"'{path}': unknown points file type '{Path.GetExtension(path)}'; write a .csv or an .h5 file.");
        }
    }

    /// <summary>SHA-256 (lower-case hex) of the column names, kinds and values (numbers by their bits) and the <see cref="Provenance"/>: the table's identity in a run fingerprint.</summary>
    public string Sha256
    {
        get
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Span<byte> number = stackalloc byte[8];
            foreach (var column in Columns)
            {
                hash.AppendData(Encoding.UTF8.GetBytes($"{column.Name}\0{(column.Numbers is null ? "text" : "number")}\0"));
                if (column.Numbers is { } numbers)
                    foreach (double v in numbers)
                    {
                        BitConverter.TryWriteBytes(number, BitConverter.DoubleToInt64Bits(v));
                        hash.AppendData(number);
                    }
                else
                    foreach (var text in column.Text!) hash.AppendData(Encoding.UTF8.GetBytes(text + "\0"));
            }
            if (Provenance is not null) hash.AppendData(Encoding.UTF8.GetBytes("\0provenance\0" + Provenance));
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
    }
}
