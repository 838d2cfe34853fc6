using ClusterGpu.Errors;
using PureHDF;
using PureHDF.VOL.Native;

namespace ClusterGpu.Storage;

/// <summary>An array read back from a file: values as doubles, row-major, and its shape (slowest first).</summary>
/// <param name="Values">The values converted to double.</param>
/// <param name="Shape">Length of each dimension, slowest first.</param>
/// <param name="Dimensions">Dimension names from <c>DIMENSION_LIST</c> (a coordinate's own name for a coordinate).</param>
public sealed record StoredArray(double[] Values, int[] Shape, IReadOnlyList<string> Dimensions);

/// <summary>Reads files written by <see cref="Hdf5Writer"/>: variables and coordinates by name, global attributes, provenance.</summary>
public sealed class Hdf5Reader : IDisposable
{
    private readonly NativeFile _file;

    private Hdf5Reader(NativeFile file) => _file = file;

    /// <summary>Opens <paramref name="path"/> for reading.</summary>
    /// <exception cref="UsageException">The file does not exist or is not HDF5.</exception>
    public static Hdf5Reader Open(string path)
    {
        if (!File.Exists(path))
            throw new UsageException($"Cannot read '{path}': no such file.");
        try
        {
            return new Hdf5Reader(H5File.OpenRead(path));
        }
        catch (Exception e) when (e is not UsageException)
        {
            throw new UsageException($"Cannot read '{path}' as HDF5: {e.Message}");
        }
    }

    /// <summary>Names of all datasets in the file (coordinates, data variables and provenance).</summary>
    public IReadOnlyList<string> Names =>
        _file.Children().OfType<IH5Dataset>().Select(d => d.Name).ToArray();

    /// <summary>Names of the coordinates (datasets marked as dimension scales).</summary>
    public IReadOnlyList<string> CoordinateNames =>
        _file.Children().OfType<IH5Dataset>().Where(IsDimensionScale).Select(d => d.Name).ToArray();

    /// <summary>Names of the datasets that are not coordinates (data variables and provenance), in the file's order.</summary>
    public IReadOnlyList<string> VariableNames =>
        _file.Children().OfType<IH5Dataset>().Where(d => !IsDimensionScale(d)).Select(d => d.Name).ToArray();

    /// <summary>Dimension names of the variable or coordinate named <paramref name="name"/>, slowest first (a coordinate's own name for a coordinate).</summary>
    public IReadOnlyList<string> DimensionsOf(string name) => DimensionNames(Dataset(name));

    /// <summary>Number of dimensions of the dataset named <paramref name="name"/> (0 for a scalar).</summary>
    public int Rank(string name) => Dataset(name).Space.Dimensions.Length;

    /// <summary>True when the dataset named <paramref name="name"/> holds strings (labels, text columns).</summary>
    public bool IsText(string name) => Dataset(name).Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength;

    /// <summary>True when the variable or coordinate named <paramref name="name"/> holds integers (codes, counts).</summary>
    public bool IsInteger(string name) => Dataset(name).Type.Class == H5DataTypeClass.FixedPoint;

    /// <summary>Reads the string variable or coordinate named <paramref name="name"/>, row-major.</summary>
    /// <exception cref="UsageException">No such dataset, or it does not hold strings.</exception>
    public string[] ReadText(string name)
    {
        var dataset = Dataset(name);
        if (dataset.Type.Class is not (H5DataTypeClass.String or H5DataTypeClass.VariableLength))
            throw new UsageException($"Dataset '{name}' holds {dataset.Type.Class} values, not text.");
        // Fixed-length strings come back with the padding of their null-terminated form.
        return Array.ConvertAll(dataset.Read<string[]>(), s => s.TrimEnd('\0'));
    }

    /// <summary>Global attributes: strings, doubles, ints, longs, or arrays of them (other types are left out).</summary>
    public IReadOnlyDictionary<string, object> Attributes => ReadAttributes(_file);

    /// <summary>The provenance JSON text, or null when the file has none.</summary>
    public string? Provenance =>
        _file.LinkExists(LabelledDataset.ProvenanceName) ? _file.Dataset(LabelledDataset.ProvenanceName).Read<string>() : null;

    /// <summary>Reads the variable or coordinate named <paramref name="name"/> as doubles with its shape.</summary>
    /// <exception cref="UsageException">No such dataset, or it is not numeric.</exception>
    public StoredArray Read(string name)
    {
        var dataset = Dataset(name);
        var type = dataset.Type;
        double[] values = (type.Class, type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 8) => dataset.Read<double[]>(),
            (H5DataTypeClass.FloatingPoint, 4) => Array.ConvertAll(dataset.Read<float[]>(), v => (double)v),
            (H5DataTypeClass.FixedPoint, 8) => Array.ConvertAll(dataset.Read<long[]>(), v => (double)v),
            (H5DataTypeClass.FixedPoint, 4) => Array.ConvertAll(dataset.Read<int[]>(), v => (double)v),
            (H5DataTypeClass.FixedPoint, 1) => Array.ConvertAll(dataset.Read<byte[]>(), v => (double)v),
            _ => throw new UsageException($"Dataset '{name}' holds {type.Class} values of {type.Size} bytes, not numbers."),
        };
        var shape = dataset.Space.Dimensions.Select(n => checked((int)n)).ToArray();
        return new StoredArray(values, shape, DimensionNames(dataset));
    }

    /// <summary>Attributes of the variable or coordinate named <paramref name="name"/>, without the dimension-scale bookkeeping.</summary>
    public IReadOnlyDictionary<string, object> AttributesOf(string name) => ReadAttributes(Dataset(name));

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private IH5Dataset Dataset(string name)
    {
        if (!_file.LinkExists(name) || _file.Get(name) is not IH5Dataset dataset)
            throw new UsageException($"No variable or coordinate named '{name}'.{NearestName.Hint(name, Names)}");
        return dataset;
    }

    private IReadOnlyList<string> DimensionNames(IH5Dataset dataset)
    {
        if (IsDimensionScale(dataset)) return [dataset.Name];
        if (!dataset.AttributeExists("DIMENSION_LIST")) return [];
        return dataset.Attribute("DIMENSION_LIST").Read<NativeObjectReference1[][]>()
            .Select(refs => _file.Get(refs[0]).Name)
            .ToArray();
    }

    private static bool IsDimensionScale(IH5Dataset dataset) =>
        dataset.AttributeExists("CLASS") && dataset.Attribute("CLASS").Read<string>() == "DIMENSION_SCALE";

    private static Dictionary<string, object> ReadAttributes(IH5Object owner)
    {
        var result = new Dictionary<string, object>();
        foreach (var attribute in owner.Attributes())
        {
            if (attribute.Name is "CLASS" or "NAME" or "DIMENSION_LIST" or "REFERENCE_LIST") continue;
            bool scalar = attribute.Space.Dimensions.Length == 0;
            object? value = (attribute.Type.Class, attribute.Type.Size) switch
            {
                (H5DataTypeClass.String, _) => scalar ? attribute.Read<string>() : attribute.Read<string[]>(),
                (H5DataTypeClass.FloatingPoint, 8) => scalar ? attribute.Read<double>() : attribute.Read<double[]>(),
                (H5DataTypeClass.FixedPoint, 4) => scalar ? attribute.Read<int>() : attribute.Read<int[]>(),
                (H5DataTypeClass.FixedPoint, 8) => scalar ? attribute.Read<long>() : attribute.Read<long[]>(),
                _ => null,
            };
            if (value is not null) result[attribute.Name] = value;
        }
        return result;
    }
}
