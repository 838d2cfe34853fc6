using PureHDF.Filters;

namespace ClusterGpu.Storage;

/// <summary>
/// Shuffles and deflates a set of completed chunks on every core, with PureHDF's own filter functions, then hands each
/// result to PureHDF's serial chunk writer in order. PureHDF filters a chunk inside its writer (one chunk at a time, on
/// the writing thread), so a file written from one thread compressed on one core: a 3000 x 3000 sweep's writer thread
/// spent about half its time in deflate.
/// </summary>
/// <remarks>
/// <para>
/// PureHDF finds filters by their HDF5 identifier in a process-wide registry. This class registers, for shuffle (2) and
/// deflate (1), filters that call PureHDF's own ones, except inside <see cref="WriteOut"/> on the calling thread: there
/// the shuffle passes the chunk through and the deflate returns the bytes already computed. The file records the
/// standard filters and holds the same bytes PureHDF writes itself.
/// </para>
/// <para>
/// Each hand-off records the filter parameters it was computed with; a pipeline that asks for others (another element
/// size or level, no shuffle), or a write that never runs the deflate filter, fails instead of storing wrong bytes.
/// </para>
/// </remarks>
internal static class ParallelChunkFilter
{
    private static readonly ShuffleFilter Shuffle = new();
    private static readonly DeflateFilter Deflate = new();

    /// <summary>The filtered bytes the current thread's <see cref="WriteOut"/> is storing, or null outside one.</summary>
    [ThreadStatic] private static Handoff? current;

    static ParallelChunkFilter()
    {
        H5Filter.Register(new HandoffShuffle());
        H5Filter.Register(new HandoffDeflate());
    }

    /// <summary>A completed chunk: its uncompressed bytes, element size, and the action that makes PureHDF filter and store it.</summary>
    public readonly record struct Chunk(Memory<byte> Bytes, int ElementBytes, Action Store);

    /// <summary>
    /// Filters <paramref name="chunks"/> (shuffle by element size, then deflate at <paramref name="deflateLevel"/>) in parallel,
    /// then runs each <see cref="Chunk.Store"/> in order with PureHDF's pipeline returning those bytes.
    /// </summary>
    public static void WriteOut(IReadOnlyList<Chunk> chunks, int deflateLevel)
    {
        if (chunks.Count == 0) return;
        var filtered = new Memory<byte>[chunks.Count];
        if (chunks.Count == 1)
            filtered[0] = Filter(chunks[0], deflateLevel);
        else
            Parallel.For(0, chunks.Count, i => filtered[i] = Filter(chunks[i], deflateLevel));

        for (int i = 0; i < chunks.Count; i++)
        {
            var handoff = new Handoff(filtered[i], (uint)chunks[i].ElementBytes, (uint)deflateLevel);
            current = handoff;
            try
            {
                chunks[i].Store();
            }
            finally
            {
                current = null;
            }
            if (!handoff.Taken)
                throw new InvalidOperationException("PureHDF stored a chunk without running its deflate filter; the chunk's compressed bytes were not used.");
        }
    }

    /// <summary>The bytes PureHDF's write pipeline [shuffle, deflate] makes of one chunk.</summary>
    private static Memory<byte> Filter(Chunk chunk, int deflateLevel)
    {
        var shuffled = Shuffle.Filter(new FilterInfo(H5FilterFlags.None, [(uint)chunk.ElementBytes], chunk.Bytes.Length, chunk.Bytes));
        return Deflate.Filter(new FilterInfo(H5FilterFlags.None, [(uint)deflateLevel], chunk.Bytes.Length, shuffled));
    }

    private sealed class Handoff(Memory<byte> filtered, uint elementBytes, uint deflateLevel)
    {
        public Memory<byte> Filtered { get; } = filtered;
        public uint ElementBytes { get; } = elementBytes;
        public uint DeflateLevel { get; } = deflateLevel;
        public bool Shuffled { get; set; }
        public bool Taken { get; set; }
    }

    private static bool Writing(FilterInfo info) => !info.Flags.HasFlag(H5FilterFlags.Decompress);

    private static void Expect(string filter, uint[] parameters, uint expected)
    {
        if (parameters.Length == 0 || parameters[0] != expected)
            throw new InvalidOperationException(
                $"PureHDF's {filter} filter was asked for parameter {(parameters.Length == 0 ? "none" : parameters[0])}, but the chunk was filtered with {expected}.");
    }

    /// <summary>Shuffle: passes a handed-off chunk through (its bytes are already shuffled and deflated); PureHDF's shuffle otherwise.</summary>
    private sealed class HandoffShuffle : IH5Filter
    {
        public ushort FilterId => ShuffleFilter.Id;
        public string Name => Shuffle.Name;

        public Memory<byte> Filter(FilterInfo info)
        {
            if (current is not { Taken: false } handoff || !Writing(info)) return Shuffle.Filter(info);
            Expect(Name, info.Parameters, handoff.ElementBytes);
            handoff.Shuffled = true;
            return info.Buffer;
        }

        public uint[] GetParameters(uint[] chunkDimensions, uint typeSize, Dictionary<string, object>? options) =>
            Shuffle.GetParameters(chunkDimensions, typeSize, options);
    }

    /// <summary>Deflate: returns a handed-off chunk's bytes; PureHDF's deflate otherwise.</summary>
    private sealed class HandoffDeflate : IH5Filter
    {
        public ushort FilterId => DeflateFilter.Id;
        public string Name => Deflate.Name;

        public Memory<byte> Filter(FilterInfo info)
        {
            if (current is not { Taken: false } handoff || !Writing(info)) return Deflate.Filter(info);
            Expect(Name, info.Parameters, handoff.DeflateLevel);
            if (!handoff.Shuffled)
                throw new InvalidOperationException("PureHDF's pipeline deflates this chunk without shuffling it first, but the chunk was filtered with shuffle then deflate.");
            handoff.Taken = true;
            return handoff.Filtered;
        }

        public uint[] GetParameters(uint[] chunkDimensions, uint typeSize, Dictionary<string, object>? options) =>
            Deflate.GetParameters(chunkDimensions, typeSize, options);
    }
}
