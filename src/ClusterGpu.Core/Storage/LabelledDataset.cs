namespace ClusterGpu.Storage;

/// <summary>A named dimension and its 1-D coordinate values (written as an HDF5 dimension scale).</summary>
public sealed class Coordinate
{
    internal Coordinate(string name, Array values, IReadOnlyDictionary<string, object> attributes)
    {
        Name = name;
        Values = values;
        Attributes = attributes;
    }

    /// <summary>Dimension name, also the name of the coordinate dataset.</summary>
    public string Name { get; }
    /// <summary>Coordinate values, <c>double[]</c> or labels (<c>string[]</c>, e.g. parameter names); their count is the dimension's length.</summary>
    public Array Values { get; }
    /// <summary>Attributes such as <c>long_name</c> and <c>units</c>.</summary>
    public IReadOnlyDictionary<string, object> Attributes { get; }
}

/// <summary>A data variable: an n-dimensional array over named dimensions, held in memory or declared for streaming.</summary>
public sealed class DataVariable
{
    internal DataVariable(string name, string[] dimensions, Type elementType, Array? data, IReadOnlyDictionary<string, object> attributes)
    {
        Name = name;
        Dimensions = dimensions;
        ElementType = elementType;
        Data = data;
        Attributes = attributes;
    }

    /// <summary>Variable name, also the name of its dataset.</summary>
    public string Name { get; }
    /// <summary>Dimension names, slowest-varying first.</summary>
    public IReadOnlyList<string> Dimensions { get; }
    /// <summary>Element type: <c>double</c>, <c>float</c> (declared variables only), <c>int</c> or <c>byte</c>.</summary>
    public Type ElementType { get; }
    /// <summary>
    /// Values flattened row-major: a <c>double[]</c>, <c>int[]</c>, <c>byte[]</c> or <c>string[]</c>; null for a variable declared with
    /// <see cref="LabelledDataset.DeclareVariable"/>, whose values are streamed by <see cref="Hdf5StreamWriter"/>.
    /// </summary>
    public Array? Data { get; }
    /// <summary>Attributes such as <c>long_name</c>, <c>units</c>, <c>flag_values</c> (int[]) and <c>flag_meanings</c>.</summary>
    public IReadOnlyDictionary<string, object> Attributes { get; }

    /// <summary>Bytes per element.</summary>
    internal int ElementBytes => ElementType == typeof(double) ? sizeof(double) : ElementType == typeof(float) || ElementType == typeof(int) ? sizeof(int) : sizeof(byte);
}

/// <summary>
/// In-memory description of a self-describing file in the netCDF/xarray data model: dimensions with coordinates,
/// data variables over them, global attributes, and provenance JSON. Written whole by <see cref="Hdf5Writer"/>, or with
/// declared variables streamed block by block by <see cref="Hdf5StreamWriter"/>.
/// </summary>
/// <remarks>
/// Attribute values may be <c>string</c>, <c>double</c>, <c>int</c>, <c>long</c>, <c>double[]</c> or <c>int[]</c>.
/// The name <see cref="ProvenanceName"/> is reserved for the provenance dataset.
/// </remarks>
public sealed class LabelledDataset
{
    /// <summary>Name of the scalar string dataset that holds <see cref="Provenance"/>.</summary>
    public const string ProvenanceName = "provenance";

    private readonly List<Coordinate> _coordinates = [];
    private readonly List<DataVariable> _variables = [];
    private readonly Dictionary<string, object> _attributes = [];

    /// <summary>Dimensions in the order they were added.</summary>
    public IReadOnlyList<Coordinate> Coordinates => _coordinates;
    /// <summary>Data variables in the order they were added.</summary>
    public IReadOnlyList<DataVariable> Variables => _variables;
    /// <summary>Global (file-level) attributes.</summary>
    public IReadOnlyDictionary<string, object> Attributes => _attributes;
    /// <summary>Provenance as JSON text, stored as a string dataset because long string attributes are truncated; null for none.</summary>
    public string? Provenance { get; set; }

    /// <summary>Adds a dimension named <paramref name="name"/> with coordinate <paramref name="values"/> (at least one).</summary>
    public LabelledDataset AddCoordinate(string name, double[] values, IReadOnlyDictionary<string, object>? attributes = null) =>
        AddScale(name, values, attributes);

    /// <summary>
    /// Adds a categorical dimension named <paramref name="name"/> whose coordinate values are the <paramref name="labels"/>
    /// (UTF-8 strings, at least one), so that xarray selects along it by label: <c>ds.S1.sel(parameter="e0")</c>.
    /// </summary>
    public LabelledDataset AddCoordinate(string name, string[] labels, IReadOnlyDictionary<string, object>? attributes = null) =>
        AddScale(name, labels, attributes);

    private LabelledDataset AddScale(string name, Array values, IReadOnlyDictionary<string, object>? attributes)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckNewName(name);
        if (values.Length == 0)
            throw new ArgumentException($"Coordinate '{name}' has no values; a dimension needs at least one.", nameof(values));
        _coordinates.Add(new Coordinate(name, values, CheckAttributes(name, attributes)));
        return this;
    }

    /// <summary>
    /// Adds a data variable over existing dimensions <paramref name="dimensions"/> (slowest first) with row-major
    /// <paramref name="data"/> (<c>double[]</c>, <c>int[]</c>, <c>byte[]</c> or <c>string[]</c>) whose length is the product of their lengths.
    /// </summary>
    public LabelledDataset AddVariable(string name, string[] dimensions, Array data, IReadOnlyDictionary<string, object>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(data);
        CheckNewName(name);
        if (data is not (double[] or int[] or byte[] or string[]))
            throw new ArgumentException($"Variable '{name}' has data of type {data.GetType().Name}; use double[], int[], byte[] or string[].", nameof(data));
        long expected = CheckDimensions(name, dimensions);
        if (data.LongLength != expected)
            throw new ArgumentException(
                $"Variable '{name}' has {data.LongLength} values but dimensions ({string.Join(", ", dimensions)}) need {expected}.", nameof(data));
        _variables.Add(new DataVariable(name, [.. dimensions], data.GetType().GetElementType()!, data, CheckAttributes(name, attributes)));
        return this;
    }

    /// <summary>
    /// Declares a data variable over existing dimensions <paramref name="dimensions"/> (slowest first) without data:
    /// its shape is the lengths of those dimensions and its values, of <paramref name="elementType"/> (<c>double</c>,
    /// <c>float</c>, <c>int</c> or <c>byte</c>), are written block by block with <see cref="Hdf5StreamWriter.WriteBlock"/>.
    /// </summary>
    public LabelledDataset DeclareVariable(string name, string[] dimensions, Type elementType, IReadOnlyDictionary<string, object>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(elementType);
        CheckNewName(name);
        if (elementType != typeof(double) && elementType != typeof(float) && elementType != typeof(int) && elementType != typeof(byte))
            throw new ArgumentException($"Variable '{name}' has element type {elementType.Name}; use double, float, int or byte.", nameof(elementType));
        CheckDimensions(name, dimensions);
        _variables.Add(new DataVariable(name, [.. dimensions], elementType, null, CheckAttributes(name, attributes)));
        return this;
    }

    /// <summary>Sets global attribute <paramref name="name"/>.</summary>
    public LabelledDataset SetAttribute(string name, object value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        CheckAttributeValue("the file", name, value);
        _attributes[name] = value;
        return this;
    }

    /// <summary>The coordinate named <paramref name="name"/>, or null.</summary>
    public Coordinate? FindCoordinate(string name) => _coordinates.Find(c => c.Name == name);

    /// <summary>Length of each of <paramref name="variable"/>'s dimensions, slowest first.</summary>
    internal ulong[] ShapeOf(DataVariable variable) =>
        variable.Dimensions.Select(d => (ulong)FindCoordinate(d)!.Values.Length).ToArray();

    /// <summary>Checks that <paramref name="dimensions"/> are distinct existing dimensions; returns the product of their lengths.</summary>
    private long CheckDimensions(string name, string[] dimensions)
    {
        if (dimensions.Length == 0)
            throw new ArgumentException($"Variable '{name}' has no dimensions.", nameof(dimensions));
        if (dimensions.Distinct().Count() != dimensions.Length)
            throw new ArgumentException($"Variable '{name}' repeats a dimension: {string.Join(", ", dimensions)}.", nameof(dimensions));
        long product = 1;
        foreach (var dimension in dimensions)
        {
            var coordinate = FindCoordinate(dimension)
                ?? throw new ArgumentException($"Variable '{name}' uses unknown dimension '{dimension}'; add it with AddCoordinate first.", nameof(dimensions));
            product *= coordinate.Values.Length;
        }
        return product;
    }

    private void CheckNewName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains('/'))
            throw new ArgumentException($"Name '{name}' contains '/'.", nameof(name));
        if (name == ProvenanceName)
            throw new ArgumentException($"Name '{ProvenanceName}' is reserved for the provenance dataset.", nameof(name));
        if (FindCoordinate(name) is not null || _variables.Exists(v => v.Name == name))
            throw new ArgumentException($"Name '{name}' is already used.", nameof(name));
    }

    private static Dictionary<string, object> CheckAttributes(string owner, IReadOnlyDictionary<string, object>? attributes)
    {
        var copy = new Dictionary<string, object>();
        foreach (var (key, value) in attributes ?? new Dictionary<string, object>())
        {
            if (key is "CLASS" or "NAME" or "DIMENSION_LIST" or "REFERENCE_LIST")
                throw new ArgumentException($"Attribute '{key}' of '{owner}' is reserved for dimension scales.", nameof(attributes));
            CheckAttributeValue($"'{owner}'", key, value);
            copy[key] = value;
        }
        return copy;
    }

    private static void CheckAttributeValue(string owner, string name, object value)
    {
        if (value is not (string or double or int or long or double[] or int[]))
            throw new ArgumentException(
                $"Attribute '{name}' of {owner} has type {value?.GetType().Name ?? "null"}; use string, double, int, long, double[] or int[].");
    }
}
