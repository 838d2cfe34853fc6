using System.Globalization;
using ClusterGpu.Errors;
using CsvHelper;

namespace ClusterGpu.Points;

/// <summary>
/// Reads a points table from a CSV file with a header (CsvHelper; separator detected among , ; tab |). A column whose
/// every cell parses as a number (invariant culture, <c>NaN</c> included) holds numbers, any other column text.
/// Lines before the header that start with <c>#</c> are comments; their text (after <c>#</c> and one space) is the
/// table's <see cref="PointsTable.Provenance"/> (pandas reads such a file with <c>comment="#"</c>).
/// </summary>
public static class CsvPoints
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="UsageException">No header, or a row with more or fewer fields than the header (naming the row and the first missing column).</exception>
    public static PointsTable Read(string path)
    {
        using var text = new StreamReader(path);
        var comments = new List<string>();
        while (text.Peek() == '#') comments.Add(text.ReadLine()![1..].TrimStart(' '));
        using var csv = CsvReader.Create(text, new CsvReaderOptions { TrackLineNumbers = true }, leaveOpen: true);
        var header = csv.Headers.Select(h => h.Trim()).ToArray();
        if (header.Length == 0 || header.All(h => h.Length == 0))
            throw new UsageException($"--points '{path}' has no header; its first line must name the columns, e.g. e0,eta,x.");
        if (Array.FindIndex(header, h => h.Length == 0) is var unnamed and >= 0)
            throw new UsageException($"--points '{path}': column {unnamed + 1} of the header has no name; name every column.");
        var cells = header.Select(_ => new List<string>()).ToArray();
        while (csv.Read())
        {
            if (csv.FieldCount < header.Length)
                throw new UsageException($"--points '{path}': row {csv.RowNumber} (line {csv.LineNumber + comments.Count}), column '{header[csv.FieldCount]}': missing value ({csv.FieldCount} fields, the header has {header.Length}).");
            if (csv.FieldCount > header.Length)
                throw new UsageException($"--points '{path}': row {csv.RowNumber} (line {csv.LineNumber + comments.Count}) has {csv.FieldCount} fields, the header {header.Length}; give one value per column.");
            for (int c = 0; c < header.Length; c++) cells[c].Add(csv.GetString(c).Trim());
        }
        return new PointsTable(path, header.Select((name, c) => Column(name, cells[c])).ToArray())
        {
            Provenance = comments.Count > 0 ? string.Join("\n", comments) : null,
        };
    }

    private static PointsColumn Column(string name, List<string> cells)
    {
        var numbers = new double[cells.Count];
        for (int i = 0; i < cells.Count; i++)
            if (!double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i])) return new PointsColumn(name, null, [.. cells]);
        return new PointsColumn(name, numbers, null);
    }
}
