using ClusterGpu.Errors;
using ClusterGpu.Storage;

namespace ClusterGpu.Exports;

/// <summary>
/// A result file flattened into one table, the single implementation behind every export format
/// (<see cref="CsvExport"/>, <see cref="ParquetExport"/>): one row per element of the file's largest dimension tuple (a
/// sweep's points × initial conditions, a sensitivity file's parameter × observable), row-major; first the coordinates
/// of those dimensions, then every variable over some of them (repeated along the others), so that a reader gets what
/// <c>xarray.Dataset.to_dataframe()</c> gives. Variables over other dimensions (a realisation axis, the run's wall time)
/// and the provenance are left out. Values stay in the variables' own arrays; <see cref="Position"/> maps a cell to them.
/// </summary>
public sealed class FlatTable
{
    /// <summary>One column: numbers (<see cref="Integer"/> when stored as integers) or text, in the variable's own row-major layout.</summary>
    public sealed record Column(string Name, double[]? Numbers, string[]? Text, bool Integer);

    private readonly long[] lengths; // of the row dimensions
    private readonly long[][] strides; // per column and row dimension; 0 where the column does not vary along it

    private FlatTable(IReadOnlyList<Column> columns, long[] lengths, long[][] strides, IReadOnlyList<string> leftOut)
    {
        Columns = columns;
        this.lengths = lengths;
        this.strides = strides;
        LeftOut = leftOut;
        Rows = lengths.Aggregate(1L, (n, l) => n * l);
    }

    /// <summary>The columns: the row dimensions' coordinates, then the variables, in the file's order.</summary>
    public IReadOnlyList<Column> Columns { get; }
    /// <summary>Number of rows.</summary>
    public long Rows { get; }
    /// <summary>Variables left out (over dimensions that are not rows of the table).</summary>
    public IReadOnlyList<string> LeftOut { get; }

    /// <summary>Where the value of column <paramref name="column"/> in row <paramref name="row"/> sits in that column's array.</summary>
    public long Position(int column, long row)
    {
        long at = 0;
        for (int d = lengths.Length - 1; d >= 0; d--)
        {
            at += row % lengths[d] * strides[column][d];
            row /= lengths[d];
        }
        return at;
    }

    /// <summary>The table of the file <paramref name="reader"/> has open.</summary>
    /// <exception cref="UsageException">The file has no variable over a dimension.</exception>
    public static FlatTable Of(Hdf5Reader reader)
    {
        var lengths = reader.CoordinateNames.ToDictionary(name => name, name => (long)Values(reader, name).Length);
        var variables = reader.VariableNames.Where(n => n != LabelledDataset.ProvenanceName && reader.DimensionsOf(n).Count > 0).ToArray();
        if (variables.Length == 0) throw new UsageException("The file has no variable over a dimension to export; give a sweep, phase, stability, sensitivity or merge result.");
        var rowDimensions = variables.Select(reader.DimensionsOf).MaxBy(d => d.Aggregate(1L, (n, dim) => n * lengths[dim]))!;
        var names = rowDimensions.ToList();
        var leftOut = new List<string>();
        foreach (var name in variables)
            if (reader.DimensionsOf(name).All(rowDimensions.Contains)) names.Add(name);
            else leftOut.Add(name);
        var columns = names.Select(name => Values(reader, name) switch
        {
            string[] text => new Column(name, null, text, false),
            var numbers => new Column(name, (double[])numbers, null, reader.IsInteger(name)),
        }).ToArray();
        var strides = names.Select(name =>
        {
            var own = reader.DimensionsOf(name).ToList();
            return rowDimensions.Select(d => own.IndexOf(d) is var at and >= 0 ? own.Skip(at + 1).Aggregate(1L, (n, dim) => n * lengths[dim]) : 0L).ToArray();
        }).ToArray();
        return new FlatTable(columns, rowDimensions.Select(d => lengths[d]).ToArray(), strides, leftOut);
    }

    private static Array Values(Hdf5Reader reader, string name) => reader.IsText(name) ? reader.ReadText(name) : reader.Read(name).Values;

    /// <summary>
    /// Runs <paramref name="write"/> on <c>path + ".partial"</c> and renames that onto <paramref name="path"/> when it
    /// succeeds; on failure it deletes the partial file, so <paramref name="path"/> never holds a half-written table.
    /// </summary>
    internal static void WriteAtomically(string path, Action<Stream> write)
    {
        string partial = path + Hdf5Writer.PartialSuffix;
        try
        {
            using (var stream = File.Create(partial)) write(stream);
            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }
}
