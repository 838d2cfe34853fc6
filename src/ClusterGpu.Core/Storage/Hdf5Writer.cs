using System.Text;
using ClusterGpu.Errors;
using PureHDF;
using PureHDF.Filters;
using PureHDF.VOL.Native;

namespace ClusterGpu.Storage;

/// <summary>
/// Writes a <see cref="LabelledDataset"/> as an HDF5 file that h5py reads and
/// <c>xarray.open_dataset(path, engine="h5netcdf")</c> opens as labelled arrays.
/// </summary>
/// <remarks>
/// Coordinates become 1-D dimension-scale datasets (<c>CLASS</c> = "DIMENSION_SCALE", <c>NAME</c>); data variables
/// are chunked, shuffled and deflated, and carry <c>DIMENSION_LIST</c> object references. PureHDF writes every
/// string with one fixed length, so that length is the longest string in the file plus its terminator, at least
/// 16. At exactly 16 (every string within 15 UTF-8 bytes) the HDF5 library's dimension-scale API, and so
/// netCDF-C, also recognises the scales; longer strings (e.g. provenance) keep xarray and h5py working but not
/// that API. The file is written beside the target as <c>path + ".partial"</c> and renamed onto the target only
/// when complete; on failure no output file is left.
/// </remarks>
public static class Hdf5Writer
{
    /// <summary>Suffix of the temporary file written before the rename onto the target.</summary>
    public const string PartialSuffix = ".partial";

    /// <summary>Largest uncompressed chunk, in bytes.</summary>
    private const long ChunkBytes = 1 << 20;

    private const string DimensionScaleClass = "DIMENSION_SCALE";

    /// <summary>
    /// Writes <paramref name="dataset"/> to <paramref name="path"/>, replacing any existing file.
    /// <paramref name="deflateLevel"/> must be 0, 1 or 9 (the levels PureHDF supports).
    /// </summary>
    /// <exception cref="UsageException">The target directory does not exist or cannot be written.</exception>
    public static void Write(LabelledDataset dataset, string path, int deflateLevel = 1)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (deflateLevel is not (0 or 1 or 9))
            throw new ArgumentOutOfRangeException(nameof(deflateLevel), deflateLevel, "Deflate level must be 0, 1 or 9 (PureHDF supports no others).");

        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(directory))
            throw new UsageException($"Cannot write '{path}': directory '{directory}' does not exist. Create it or choose another output path.");
        if (Directory.Exists(fullPath))
            throw new UsageException($"Cannot write '{path}': it is a directory. Give a file name such as '{Path.Combine(path, "results.h5")}'.");

        var file = Build(dataset, deflateLevel);
        var options = new H5WriteOptions(DefaultStringLength: StringLength(dataset));
        var partial = fullPath + PartialSuffix;
        try
        {
            file.Write(partial, options);
            File.Move(partial, fullPath, overwrite: true);
        }
        catch (Exception e)
        {
            TryDelete(partial);
            if (e is UnauthorizedAccessException or IOException)
                throw new UsageException($"Cannot write '{path}': {e.Message} Check that '{directory}' is writable.");
            throw;
        }
    }

    private static H5File Build(LabelledDataset dataset, int deflateLevel)
    {
        var file = new H5File();
        foreach (var (name, value) in dataset.Attributes)
            file.Attributes[name] = value;

        var scales = new Dictionary<string, H5Dataset>();
        foreach (var coordinate in dataset.Coordinates)
        {
            var scale = new H5Dataset(coordinate.Values);
            foreach (var (name, value) in coordinate.Attributes)
                scale.Attributes[name] = value;
            scale.Attributes["CLASS"] = DimensionScaleClass;
            scale.Attributes["NAME"] = coordinate.Name;
            scales[coordinate.Name] = scale;
            file[coordinate.Name] = scale;
        }

        var creation = new H5DatasetCreation(Filters:
        [
            ShuffleFilter.Id,
            new H5Filter(DeflateFilter.Id, new Dictionary<string, object> { [DeflateFilter.COMPRESSION_LEVEL] = deflateLevel }),
        ]);
        foreach (var variable in dataset.Variables)
        {
            var shape = variable.Dimensions.Select(d => (ulong)dataset.FindCoordinate(d)!.Values.Length).ToArray();
            var elementBytes = Buffer.ByteLength(variable.Data) / Math.Max(1, variable.Data.Length);
            var h5 = new H5Dataset(variable.Data, chunks: ChunkShape(shape, elementBytes), fileDims: shape, datasetCreation: creation);
            foreach (var (name, value) in variable.Attributes)
                h5.Attributes[name] = value;
            h5.Attributes["DIMENSION_LIST"] = variable.Dimensions
                .Select(d => new H5ObjectReference[] { scales[d] })
                .ToArray();
            file[variable.Name] = h5;
        }

        if (dataset.Provenance is { } provenance)
            file[LabelledDataset.ProvenanceName] = new H5Dataset(provenance);
        return file;
    }

    /// <summary>Chunk shape: the full shape, halving the largest dimension until a chunk fits in <see cref="ChunkBytes"/>.</summary>
    private static uint[] ChunkShape(ulong[] shape, int elementBytes)
    {
        var chunk = shape.Select(n => (uint)Math.Min(n, uint.MaxValue)).ToArray();
        while (chunk.Aggregate((long)elementBytes, (bytes, n) => bytes * n) > ChunkBytes)
        {
            int largest = Array.IndexOf(chunk, chunk.Max());
            chunk[largest] = (chunk[largest] + 1) / 2;
        }
        return chunk;
    }

    /// <summary>The fixed string length for the whole file: the longest string's UTF-8 bytes plus a terminator, at least 16.</summary>
    private static int StringLength(LabelledDataset dataset)
    {
        var strings = new List<string> { DimensionScaleClass };
        strings.AddRange(dataset.Coordinates.Select(c => c.Name));
        strings.AddRange(dataset.Attributes.Values.OfType<string>());
        strings.AddRange(dataset.Coordinates.SelectMany(c => c.Attributes.Values.OfType<string>()));
        strings.AddRange(dataset.Variables.SelectMany(v => v.Attributes.Values.OfType<string>()));
        if (dataset.Provenance is { } provenance) strings.Add(provenance);
        return Math.Max(16, strings.Max(Encoding.UTF8.GetByteCount) + 1);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
