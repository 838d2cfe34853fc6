using System.Collections;
using PureHDF;
using PureHDF.Filters;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace ClusterGpu.Storage;

/// <summary>
/// A declared variable written block by block: its PureHDF dataset, and which of its elements have been written so
/// that each chunk is compressed into the file (and freed) as soon as its last element arrives.
/// </summary>
/// <remarks>Every element may be written once; a block overlapping earlier ones is rejected before anything is written.</remarks>
internal sealed class StreamedVariable
{
    private readonly ulong[] _shape;
    private readonly ulong[] _chunk;
    private readonly ulong[] _grid;
    private readonly CompletingChunkCache _cache = new();
    private readonly Action<H5NativeWriter, Array, Selection> _write;
    private readonly BitArray _complete;
    private readonly Dictionary<ulong, Coverage> _partial = [];

    public StreamedVariable(string name, Type elementType, ulong[] shape, uint[] chunk, List<H5Filter> filters)
    {
        Name = name;
        ElementType = elementType;
        ElementBytes = System.Runtime.InteropServices.Marshal.SizeOf(elementType);
        _shape = shape;
        _chunk = chunk.Select(n => (ulong)n).ToArray();
        _grid = shape.Zip(_chunk, (n, c) => (n + c - 1) / c).ToArray();
        _complete = new BitArray(checked((int)Product(_grid)));
        Length = Product(shape);
        var creation = new H5DatasetCreation(ChunkCache: _cache, Filters: filters);
        (Dataset, _write) = elementType == typeof(double) ? Declare<double>(shape, chunk, creation)
            : elementType == typeof(float) ? Declare<float>(shape, chunk, creation)
            : elementType == typeof(int) ? Declare<int>(shape, chunk, creation)
            : Declare<byte>(shape, chunk, creation);
    }

    /// <summary>Variable name.</summary>
    public string Name { get; }
    /// <summary>Element type: double, float, int or byte.</summary>
    public Type ElementType { get; }
    /// <summary>Bytes per element.</summary>
    public int ElementBytes { get; }
    /// <summary>The dataset to add to the file before writing begins.</summary>
    public H5Dataset Dataset { get; }
    /// <summary>Number of elements.</summary>
    public ulong Length { get; }
    /// <summary>Elements written so far.</summary>
    public ulong Written { get; private set; }
    /// <summary>Uncompressed bytes of the chunks held in memory, waiting for their remaining elements.</summary>
    public long PendingBytes => _cache.PendingBytes;

    /// <summary>Checks a block of row-major <paramref name="data"/> at <paramref name="start"/> with extent <paramref name="count"/>; writes nothing.</summary>
    /// <returns>The parts of the block in each chunk it touches.</returns>
    /// <exception cref="ArgumentException">Wrong rank, out of bounds, wrong element type or length.</exception>
    /// <exception cref="InvalidOperationException">The block overlaps values already written.</exception>
    public IReadOnlyList<ChunkPart> Check(ulong[] start, ulong[] count, Array data)
    {
        int rank = _shape.Length;
        if (start.Length != rank || count.Length != rank)
            throw new ArgumentException(
                $"Block of '{Name}' has start of rank {start.Length} and count of rank {count.Length}; the variable has rank {rank}.");
        for (int d = 0; d < rank; d++)
        {
            if (count[d] == 0)
                throw new ArgumentException($"Block of '{Name}' is empty: count[{d}] is 0.", nameof(count));
            if (start[d] >= _shape[d] || count[d] > _shape[d] - start[d])
                throw new ArgumentException(
                    $"Block of '{Name}' spans [{start[d]}, {start[d] + count[d]}) in dimension {d}, beyond its length {_shape[d]}.");
        }
        if (data.GetType() != ElementType.MakeArrayType())
            throw new ArgumentException(
                $"Block of '{Name}' has data of type {data.GetType().Name}; the variable holds {ElementType.Name} values (give a {ElementType.Name}[]).", nameof(data));
        if ((ulong)data.LongLength != Product(count))
            throw new ArgumentException(
                $"Block of '{Name}' has {data.LongLength} values but count ({string.Join(" x ", count)}) needs {Product(count)}.", nameof(data));

        var parts = Parts(start, count);
        foreach (var part in parts)
        {
            bool overlaps = _complete[(int)part.Index]
                || (_partial.TryGetValue(part.Index, out var coverage) && Runs(part).Any(run => coverage.AnyWritten(run.Offset, run.Length)));
            if (overlaps)
                throw new InvalidOperationException(
                    $"Block of '{Name}' at ({string.Join(", ", start)}) with count ({string.Join(", ", count)}) overlaps values already written; "
                    + "each value can be written once.");
        }
        return parts;
    }

    /// <summary>
    /// Writes a block that passed <see cref="Check"/> into its chunks and adds every chunk it completed to
    /// <paramref name="completed"/>, in chunk order, to be compressed into the file.
    /// </summary>
    public void Write(H5NativeWriter writer, ulong[] start, ulong[] count, Array data, IReadOnlyList<ChunkPart> parts, List<ParallelChunkFilter.Chunk> completed)
    {
        _write(writer, data, new HyperslabSelection(_shape.Length, start, count));
        Written += Product(count);
        foreach (var part in parts)
        {
            if (!_partial.TryGetValue(part.Index, out var coverage))
                _partial[part.Index] = coverage = new Coverage(ChunkElements(), InBoundsElements(part.Chunk));
            foreach (var (offset, length) in Runs(part))
                coverage.Mark(offset, length);
            if (coverage.Remaining > 0) continue;
            _partial.Remove(part.Index);
            _complete[(int)part.Index] = true;
            var (bytes, store) = _cache.Take(part.Index);
            completed.Add(new ParallelChunkFilter.Chunk(bytes, ElementBytes, store));
        }
    }

    private static (H5Dataset, Action<H5NativeWriter, Array, Selection>) Declare<T>(ulong[] shape, uint[] chunk, H5DatasetCreation creation)
    {
        var dataset = new H5Dataset<T[]>(fileDims: shape, chunks: chunk, datasetCreation: creation);
        return (dataset, (writer, data, selection) => writer.Write(dataset, (T[])data, fileSelection: selection));
    }

    /// <summary>The intersection of the block with each chunk it touches, in chunk-relative coordinates.</summary>
    private List<ChunkPart> Parts(ulong[] start, ulong[] count)
    {
        int rank = _shape.Length;
        var first = new ulong[rank];
        var last = new ulong[rank];
        for (int d = 0; d < rank; d++)
        {
            first[d] = start[d] / _chunk[d];
            last[d] = (start[d] + count[d] - 1) / _chunk[d];
        }
        var parts = new List<ChunkPart>();
        var chunk = (ulong[])first.Clone();
        while (true)
        {
            ulong index = 0;
            var low = new ulong[rank];
            var high = new ulong[rank];
            for (int d = 0; d < rank; d++)
            {
                index = index * _grid[d] + chunk[d];
                ulong origin = chunk[d] * _chunk[d];
                low[d] = Math.Max(start[d], origin) - origin;
                high[d] = Math.Min(start[d] + count[d], origin + _chunk[d]) - origin;
            }
            parts.Add(new ChunkPart(index, (ulong[])chunk.Clone(), low, high));
            int next = rank - 1;
            while (next >= 0 && chunk[next] == last[next])
            {
                chunk[next] = first[next];
                next--;
            }
            if (next < 0) return parts;
            chunk[next]++;
        }
    }

    /// <summary>The part's runs along the fastest dimension, as (offset in the row-major chunk, length).</summary>
    private IEnumerable<(int Offset, int Length)> Runs(ChunkPart part)
    {
        int rank = _shape.Length;
        var position = (ulong[])part.Low.Clone();
        int length = (int)(part.High[rank - 1] - part.Low[rank - 1]);
        while (true)
        {
            ulong offset = 0;
            for (int d = 0; d < rank; d++)
                offset = offset * _chunk[d] + position[d];
            yield return ((int)offset, length);
            int next = rank - 2;
            while (next >= 0 && position[next] + 1 == part.High[next])
            {
                position[next] = part.Low[next];
                next--;
            }
            if (next < 0) yield break;
            position[next]++;
        }
    }

    private int ChunkElements() => checked((int)Product(_chunk));

    /// <summary>Elements of chunk <paramref name="chunk"/> (grid coordinates) inside the variable: fewer at the far edges.</summary>
    private long InBoundsElements(ulong[] chunk)
    {
        long elements = 1;
        for (int d = 0; d < _shape.Length; d++)
            elements *= (long)(Math.Min(_shape[d], (chunk[d] + 1) * _chunk[d]) - chunk[d] * _chunk[d]);
        return elements;
    }

    private static ulong Product(ulong[] values) => values.Aggregate(1UL, (product, n) => checked(product * n));

    /// <summary>Part of a block inside one chunk: linear chunk index (row-major over the grid), grid coordinates, and [Low, High) per dimension relative to the chunk's origin.</summary>
    internal sealed record ChunkPart(ulong Index, ulong[] Chunk, ulong[] Low, ulong[] High);

    /// <summary>Which elements of a partly written chunk have been written: one bit each, set and tested 64 at a time.</summary>
    private sealed class Coverage(int chunkElements, long remaining)
    {
        private readonly ulong[] _written = new ulong[(chunkElements + 63) / 64];

        /// <summary>In-bounds elements not yet written.</summary>
        public long Remaining { get; private set; } = remaining;

        public bool AnyWritten(int offset, int length)
        {
            for (int i = offset, end = offset + length; i < end;)
            {
                var (word, mask, next) = Span(i, end);
                if ((_written[word] & mask) != 0) return true;
                i = next;
            }
            return false;
        }

        public void Mark(int offset, int length)
        {
            for (int i = offset, end = offset + length; i < end;)
            {
                var (word, mask, next) = Span(i, end);
                _written[word] |= mask;
                i = next;
            }
            Remaining -= length;
        }

        /// <summary>The word holding bit <paramref name="i"/>, the mask of bits [i, end) in it, and the first bit after them.</summary>
        private static (int Word, ulong Mask, int Next) Span(int i, int end)
        {
            int word = i >> 6, first = i & 63, last = Math.Min(end - (word << 6), 64);
            ulong mask = (last == 64 ? ulong.MaxValue : (1UL << last) - 1) & ~((1UL << first) - 1);
            return (word, mask, (word << 6) + last);
        }
    }
}
