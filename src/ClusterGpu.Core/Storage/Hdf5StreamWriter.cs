using System.Text;
using ClusterGpu.Errors;
using PureHDF;
using PureHDF.Filters;
using PureHDF.VOL.Native;

namespace ClusterGpu.Storage;

/// <summary>A block of a declared variable for <see cref="Hdf5StreamWriter.WriteBlocks"/>: see <see cref="Hdf5StreamWriter.WriteBlock"/>.</summary>
public readonly record struct Hdf5Block(string Variable, ulong[] Start, ulong[] Count, Array Data);

/// <summary>
/// Writes a <see cref="LabelledDataset"/> as an HDF5 file that h5py reads and
/// <c>xarray.open_dataset(path, engine="h5netcdf")</c> opens as labelled arrays, streaming the values of variables
/// declared with <see cref="LabelledDataset.DeclareVariable"/> block by block so that results larger than memory
/// can be stored.
/// </summary>
/// <remarks>
/// <para>
/// Coordinates become 1-D dimension-scale datasets (<c>CLASS</c> = "DIMENSION_SCALE", <c>NAME</c>); data variables
/// are chunked (at most 1 MiB per chunk, whole trailing dimensions kept together as far as possible), shuffled and
/// deflated, and carry <c>DIMENSION_LIST</c> object references. PureHDF writes every string with one fixed length, so
/// that length is the longest string in the file plus its terminator, at least 16. At exactly 16 (every string within
/// 15 UTF-8 bytes) the HDF5 library's dimension-scale API, and so netCDF-C, also recognises the scales; longer strings
/// (e.g. provenance) keep xarray and h5py working but not that API.
/// </para>
/// <para>
/// Variables added with data are written when the writer is created. Each chunk of a declared variable is held in
/// memory only until all its values have been written, then compressed into the file (the chunks a call completes in
/// parallel, <see cref="ParallelChunkFilter"/>), so memory stays near the
/// chunks the blocks in flight touch (<see cref="PendingBytes"/>); blocks that follow the row-major order of the
/// variable complete chunks soonest. Each value can be written once.
/// </para>
/// <para>
/// The file is written as <c>path + ".partial"</c> and renamed onto <c>path</c> by <see cref="Complete"/>;
/// <see cref="Dispose"/> without <see cref="Complete"/> (an exception, a cancellation) deletes it, leaving no
/// output. Not thread-safe.
/// </para>
/// </remarks>
public sealed class Hdf5StreamWriter : IDisposable
{
    /// <summary>Largest uncompressed chunk, in bytes.</summary>
    private const long ChunkBytes = 1 << 20;

    private const string DimensionScaleClass = "DIMENSION_SCALE";

    /// <summary>The netCDF/xarray attribute that makes fixed-length byte strings decode as text.</summary>
    private const string TextEncoding = "_Encoding";

    private enum State { Open, Faulted, Completed, Disposed }

    private readonly string _path;
    private readonly string _fullPath;
    private readonly string _partial;
    private readonly H5NativeWriter _writer;
    private readonly int _deflateLevel;
    private readonly Dictionary<string, StreamedVariable> _streamed = [];
    private readonly HashSet<string> _whole = [];
    private State _state = State.Open;
    private bool _writerClosed;

    /// <summary>
    /// Starts writing <paramref name="schema"/> to <paramref name="path"/> (replacing any existing file once
    /// complete): coordinates, attributes, provenance and variables with data are written now, declared variables
    /// by <see cref="WriteBlock"/>. <paramref name="deflateLevel"/> must be 0, 1 or 9 (the levels PureHDF supports).
    /// </summary>
    /// <exception cref="UsageException">The target directory does not exist or cannot be written.</exception>
    public Hdf5StreamWriter(LabelledDataset schema, string path, int deflateLevel = 1)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (deflateLevel is not (0 or 1 or 9))
            throw new ArgumentOutOfRangeException(nameof(deflateLevel), deflateLevel, "Deflate level must be 0, 1 or 9 (PureHDF supports no others).");

        _path = path;
        _deflateLevel = deflateLevel;
        _fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(_fullPath)!;
        if (!Directory.Exists(directory))
            throw new UsageException($"Cannot write '{path}': directory '{directory}' does not exist. Create it or choose another output path.");
        if (Directory.Exists(_fullPath))
            throw new UsageException($"Cannot write '{path}': it is a directory. Give a file name such as '{Path.Combine(path, "results.h5")}'.");
        _partial = _fullPath + Hdf5Writer.PartialSuffix;

        int stringLength = StringLength(schema);
        var file = Build(schema, deflateLevel, stringLength);
        try
        {
            _writer = file.BeginWrite(_partial, new H5WriteOptions(DefaultStringLength: stringLength));
        }
        catch (Exception e)
        {
            TryDelete(_partial);
            if (e is UnauthorizedAccessException or IOException) throw UsageError(e);
            throw;
        }
    }

    /// <summary>Uncompressed bytes of declared variables' chunks held in memory because some of their values are still to come.</summary>
    public long PendingBytes => _streamed.Values.Sum(v => v.PendingBytes);

    /// <summary>
    /// Writes the block of declared variable <paramref name="variable"/> that starts at <paramref name="start"/> and
    /// spans <paramref name="count"/> elements in each dimension (slowest first); <paramref name="data"/> holds its
    /// values row-major, as an array of the variable's element type with the product of <paramref name="count"/> elements.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown or whole-written variable, wrong rank, out of bounds, empty block, wrong element type or length.</exception>
    /// <exception cref="InvalidOperationException">The block overlaps values already written, or the writer is completed or failed.</exception>
    public void WriteBlock(string variable, ulong[] start, ulong[] count, Array data) =>
        WriteBlocks([new Hdf5Block(variable, start, count, data)]);

    /// <summary>
    /// Writes <paramref name="blocks"/> in turn (see <see cref="WriteBlock"/>), then compresses every chunk they
    /// completed on all cores and stores those chunks in order. Writing a batch's blocks in one call lets its chunks,
    /// across variables, compress in parallel. A rejected block throws after the blocks before it are written.
    /// </summary>
    /// <exception cref="ArgumentException">See <see cref="WriteBlock"/>.</exception>
    /// <exception cref="InvalidOperationException">See <see cref="WriteBlock"/>.</exception>
    public void WriteBlocks(IReadOnlyList<Hdf5Block> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ThrowUnlessOpen();
        var completed = new List<ParallelChunkFilter.Chunk>();
        try
        {
            foreach (var (variable, start, count, data) in blocks)
            {
                ArgumentNullException.ThrowIfNull(variable);
                ArgumentNullException.ThrowIfNull(start);
                ArgumentNullException.ThrowIfNull(count);
                ArgumentNullException.ThrowIfNull(data);
                if (!_streamed.TryGetValue(variable, out var streamed))
                    throw new ArgumentException(_whole.Contains(variable)
                        ? $"Variable '{variable}' was added with its data and is written whole; declare it with DeclareVariable to stream it."
                        : $"No declared variable named '{variable}'.{NearestName.Hint(variable, _streamed.Keys)}", nameof(blocks));

                var parts = streamed.Check(start, count, data);
                try
                {
                    streamed.Write(_writer, start, count, data, parts, completed);
                }
                catch
                {
                    _state = State.Faulted;
                    throw;
                }
            }
        }
        finally
        {
            if (_state == State.Open) StoreCompleted(completed);
        }
    }

    /// <summary>Finishes the file and renames it onto the target path.</summary>
    /// <exception cref="InvalidOperationException">A declared variable has values never written, or the writer is completed or failed.</exception>
    /// <exception cref="UsageException">The file cannot be finished or renamed.</exception>
    public void Complete()
    {
        ThrowUnlessOpen();
        var unwritten = _streamed.Values
            .Where(v => v.Written < v.Length)
            .Select(v => $"'{v.Name}' ({v.Length - v.Written} of {v.Length} values)")
            .ToList();
        if (unwritten.Count > 0)
            throw new InvalidOperationException(
                $"Cannot complete '{_path}': values never written in {string.Join(", ", unwritten)}. Write every block before completing.");
        try
        {
            CloseWriter();
            File.Move(_partial, _fullPath, overwrite: true);
            _state = State.Completed;
        }
        catch (Exception e)
        {
            _state = State.Faulted;
            TryDelete(_partial);
            if (e is UnauthorizedAccessException or IOException) throw UsageError(e);
            throw;
        }
    }

    /// <summary>Releases the file; without a successful <see cref="Complete"/> deletes the partial file, leaving no output.</summary>
    public void Dispose()
    {
        if (_state == State.Disposed) return;
        bool abandoned = _state != State.Completed;
        _state = State.Disposed;
        if (!abandoned) return;
        try
        {
            CloseWriter();
        }
        catch (Exception)
        {
            // The file is being discarded; a failure to finish it does not matter.
        }
        TryDelete(_partial);
    }

    private H5File Build(LabelledDataset schema, int deflateLevel, int stringLength)
    {
        var file = new H5File();
        foreach (var (name, value) in schema.Attributes)
            file.Attributes[name] = value;

        var scales = new Dictionary<string, H5Dataset>();
        foreach (var coordinate in schema.Coordinates)
        {
            var scale = new H5Dataset(coordinate.Values);
            foreach (var (name, value) in coordinate.Attributes)
                scale.Attributes[name] = value;
            if (coordinate.Values is string[]) scale.Attributes[TextEncoding] = "utf-8";
            scale.Attributes["CLASS"] = DimensionScaleClass;
            scale.Attributes["NAME"] = coordinate.Name;
            scales[coordinate.Name] = scale;
            file[coordinate.Name] = scale;
        }

        List<H5Filter> filters =
        [
            ShuffleFilter.Id,
            new H5Filter(DeflateFilter.Id, new Dictionary<string, object> { [DeflateFilter.COMPRESSION_LEVEL] = deflateLevel }),
        ];
        foreach (var variable in schema.Variables)
        {
            var shape = schema.ShapeOf(variable);
            var chunks = ChunkShape(shape, variable.ElementType == typeof(string) ? stringLength : variable.ElementBytes);
            H5Dataset h5;
            if (variable.Data is { } data)
            {
                // No shuffle for strings: PureHDF's shuffle of fixed-length strings does not match the element size readers unshuffle with.
                var own = data is string[] ? filters.Where(f => f.Id != ShuffleFilter.Id).ToList() : filters;
                h5 = new H5Dataset(data, chunks: chunks, fileDims: shape, datasetCreation: new H5DatasetCreation(Filters: own));
                _whole.Add(variable.Name);
            }
            else
            {
                var streamed = new StreamedVariable(variable.Name, variable.ElementType, shape, chunks, filters);
                _streamed[variable.Name] = streamed;
                h5 = streamed.Dataset;
            }
            foreach (var (name, value) in variable.Attributes)
                h5.Attributes[name] = value;
            if (variable.ElementType == typeof(string)) h5.Attributes[TextEncoding] = "utf-8";
            h5.Attributes["DIMENSION_LIST"] = variable.Dimensions
                .Select(d => new H5ObjectReference[] { scales[d] })
                .ToArray();
            file[variable.Name] = h5;
        }

        if (schema.Provenance is { } provenance)
            file[LabelledDataset.ProvenanceName] = new H5Dataset(provenance);
        return file;
    }

    /// <summary>
    /// Chunk shape: the full shape, halving the slowest dimension (down to 1) and then the next until a chunk fits in
    /// <see cref="ChunkBytes"/>, so that a chunk covers whole rows and row-major blocks complete chunks in order.
    /// </summary>
    private static uint[] ChunkShape(ulong[] shape, int elementBytes)
    {
        var chunk = shape.Select(n => (uint)Math.Min(n, uint.MaxValue)).ToArray();
        for (int d = 0; d < chunk.Length; d++)
        {
            while (chunk[d] > 1 && chunk.Aggregate((long)elementBytes, (bytes, n) => bytes * n) > ChunkBytes)
                chunk[d] = (chunk[d] + 1) / 2;
        }
        return chunk;
    }

    /// <summary>The fixed string length for the whole file: the longest string's UTF-8 bytes plus a terminator, at least 16.</summary>
    private static int StringLength(LabelledDataset dataset)
    {
        var strings = new List<string> { DimensionScaleClass };
        strings.AddRange(dataset.Coordinates.Select(c => c.Name));
        strings.AddRange(dataset.Coordinates.Select(c => c.Values).OfType<string[]>().SelectMany(labels => labels));
        strings.AddRange(dataset.Variables.Select(v => v.Data).OfType<string[]>().SelectMany(values => values));
        strings.AddRange(dataset.Attributes.Values.OfType<string>());
        strings.AddRange(dataset.Coordinates.SelectMany(c => c.Attributes.Values.OfType<string>()));
        strings.AddRange(dataset.Variables.SelectMany(v => v.Attributes.Values.OfType<string>()));
        if (dataset.Provenance is { } provenance) strings.Add(provenance);
        return Math.Max(16, strings.Max(Encoding.UTF8.GetByteCount) + 1);
    }

    private void StoreCompleted(List<ParallelChunkFilter.Chunk> completed)
    {
        try
        {
            ParallelChunkFilter.WriteOut(completed, _deflateLevel);
        }
        catch
        {
            _state = State.Faulted;
            throw;
        }
    }

    private void ThrowUnlessOpen()
    {
        ObjectDisposedException.ThrowIf(_state == State.Disposed, this);
        if (_state == State.Completed)
            throw new InvalidOperationException($"'{_path}' is already complete.");
        if (_state == State.Faulted)
            throw new InvalidOperationException($"An earlier write to '{_path}' failed; dispose this writer and start again.");
    }

    private void CloseWriter()
    {
        if (_writerClosed) return;
        _writerClosed = true;
        _writer.Dispose();
    }

    private UsageException UsageError(Exception e) =>
        new($"Cannot write '{_path}': {e.Message} Check that '{Path.GetDirectoryName(_fullPath)}' is writable.");

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
