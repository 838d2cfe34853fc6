using ClusterGpu.Errors;
using ClusterGpu.Storage;

namespace ClusterGpu.Points;

/// <summary>
/// Reads a points table from an HDF5 or netCDF-4 file: every 1-D dataset that is not a dimension scale is a column
/// (numbers or strings), in the file's order; datasets of other ranks are left out, and the <c>provenance</c> dataset
/// becomes the table's <see cref="PointsTable.Provenance"/>.
/// </summary>
public static class Hdf5Points
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="UsageException">Not HDF5, or no 1-D variable.</exception>
    public static PointsTable Read(string path)
    {
        using var reader = Hdf5Reader.Open(path);
        var columns = reader.VariableNames.Where(name => name != LabelledDataset.ProvenanceName && reader.Rank(name) == 1)
            .Select(name => Column(reader, name)).ToArray();
        if (columns.Length == 0) throw new UsageException($"--points '{path}' holds no 1-D variable; give one variable per column, e.g. e0(sample), eta(sample).");
        return new PointsTable(path, columns) { Provenance = reader.Provenance };
    }

    /// <summary>
    /// The columns <paramref name="names"/> of a file that <paramref name="reader"/> has open, with the points file's
    /// <paramref name="provenance"/> (a sweep's recorded points).
    /// </summary>
    public static PointsTable Read(Hdf5Reader reader, string source, IEnumerable<string> names, string? provenance) =>
        new(source, names.Select(name => Column(reader, name)).ToArray()) { Provenance = provenance };

    private static PointsColumn Column(Hdf5Reader reader, string name) =>
        reader.IsText(name) ? new PointsColumn(name, null, reader.ReadText(name)) : new PointsColumn(name, reader.Read(name).Values, null);
}
