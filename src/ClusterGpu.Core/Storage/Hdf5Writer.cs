namespace ClusterGpu.Storage;

/// <summary>
/// Writes a <see cref="LabelledDataset"/> held wholly in memory as an HDF5 file that h5py reads and
/// <c>xarray.open_dataset(path, engine="h5netcdf")</c> opens as labelled arrays; the layout is described at
/// <see cref="Hdf5StreamWriter"/>, which streams datasets too large for memory.
/// </summary>
public static class Hdf5Writer
{
    /// <summary>Suffix of the temporary file written before the rename onto the target.</summary>
    public const string PartialSuffix = ".partial";

    /// <summary>
    /// Writes <paramref name="dataset"/>, whose variables all have data, to <paramref name="path"/>, replacing any
    /// existing file; on failure no output file is left. <paramref name="deflateLevel"/> must be 0, 1 or 9 (the
    /// levels PureHDF supports).
    /// </summary>
    /// <exception cref="ArgumentException">A variable is declared without data.</exception>
    /// <exception cref="Errors.UsageException">The target directory does not exist or cannot be written.</exception>
    public static void Write(LabelledDataset dataset, string path, int deflateLevel = 1)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Variables.FirstOrDefault(v => v.Data is null) is { } declared)
            throw new ArgumentException(
                $"Variable '{declared.Name}' is declared without data; stream its values with {nameof(Hdf5StreamWriter)}.", nameof(dataset));
        using var writer = new Hdf5StreamWriter(dataset, path, deflateLevel);
        writer.Complete();
    }
}
