using PureHDF.VOL.Native;

namespace ClusterGpu.Storage;

/// <summary>
/// A PureHDF writing chunk cache that holds each chunk only until <see cref="Take"/> hands it, complete, to be
/// compressed into the file, and drops it then. PureHDF's default cache keeps every chunk of a dataset in memory until the
/// writer is disposed, which for streamed sweeps would be the whole result set.
/// </summary>
/// <remarks>
/// PureHDF writes each chunk at most once ("Chunks can only be written once"), so a chunk must only be written out
/// when no later write touches it; <see cref="StreamedVariable"/> tracks that.
/// </remarks>
internal sealed class CompletingChunkCache : IWritingChunkCache
{
    // The chunk writer PureHDF passes to GetChunk is bound to that chunk (it ignores its index argument),
    // so it is kept with the chunk it came with.
    private readonly Dictionary<ulong, (Memory<byte> Chunk, Action<ulong, Memory<byte>> Writer)> _pending = [];

    /// <summary>Uncompressed bytes of the chunks held.</summary>
    public long PendingBytes => _pending.Values.Sum(entry => (long)entry.Chunk.Length);

    /// <inheritdoc />
    public Memory<byte> GetChunk(ulong index, Func<Memory<byte>> chunkAllocator, Action<ulong, Memory<byte>> chunkWriter)
    {
        if (!_pending.TryGetValue(index, out var entry))
            _pending[index] = entry = (chunkAllocator(), chunkWriter);
        return entry.Chunk;
    }

    /// <summary>
    /// Drops chunk <paramref name="index"/> (linear, row-major over the chunk grid) and returns its bytes with the action
    /// that makes PureHDF filter and store them.
    /// </summary>
    public (Memory<byte> Chunk, Action Store) Take(ulong index)
    {
        var (chunk, writer) = _pending[index];
        _pending.Remove(index);
        return (chunk, () => writer(index, chunk));
    }

    /// <inheritdoc />
    public void Flush(Action<ulong, Memory<byte>> chunkWriter)
    {
        foreach (var (index, entry) in _pending)
            chunkWriter(index, entry.Chunk);
        _pending.Clear();
    }
}
