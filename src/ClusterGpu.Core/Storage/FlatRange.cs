namespace ClusterGpu.Storage;

/// <summary>
/// A contiguous range of a row-major n-dimensional array, split into the rectangular blocks (hyperslabs) that
/// tile it: at most 2·(rank − 1) + 1 of them. Lets results computed in flat batches be written to n-d datasets.
/// </summary>
public static class FlatRange
{
    /// <summary>One rectangular block: its start and count per dimension, and where its values begin in the flat range.</summary>
    public sealed record Block(ulong[] Start, ulong[] Count, long Offset)
    {
        /// <summary>Number of elements.</summary>
        public long Length => Count.Aggregate(1L, (n, c) => n * (long)c);
    }

    /// <summary>The blocks covering elements [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of an array of <paramref name="shape"/>.</summary>
    public static IReadOnlyList<Block> Split(IReadOnlyList<long> shape, long start, long count)
    {
        var blocks = new List<Block>();
        Split(shape, 0, new ulong[shape.Count], start, count, 0, blocks);
        return blocks;
    }

    private static void Split(IReadOnlyList<long> shape, int dim, ulong[] prefix, long start, long count, long offset, List<Block> blocks)
    {
        if (count <= 0) return;
        int rank = shape.Count;
        long inner = 1;
        for (int d = dim + 1; d < rank; d++) inner *= shape[d];
        long first = start / inner, last = (start + count - 1) / inner; // rows of this dimension touched
        long headSkip = start % inner;
        if (first == last || dim == rank - 1)
        {
            if (dim == rank - 1)
            {
                blocks.Add(Make(prefix, dim, rank, (ulong)start, (ulong)count, shape, offset));
                return;
            }
            prefix[dim] = (ulong)first;
            Split(shape, dim + 1, prefix, headSkip, count, offset, blocks);
            return;
        }
        long done = 0;
        if (headSkip > 0)
        {
            prefix[dim] = (ulong)first;
            long head = inner - headSkip;
            Split(shape, dim + 1, prefix, headSkip, head, offset, blocks);
            done += head;
            first++;
        }
        long fullRows = (start + count) / inner - first;
        if (fullRows > 0)
        {
            blocks.Add(Make(prefix, dim, rank, (ulong)first, (ulong)fullRows, shape, offset + done));
            done += fullRows * inner;
        }
        long tail = count - done;
        if (tail > 0)
        {
            prefix[dim] = (ulong)(first + fullRows);
            Split(shape, dim + 1, prefix, 0, tail, offset + done, blocks);
        }
    }

    private static Block Make(ulong[] prefix, int dim, int rank, ulong first, ulong rows, IReadOnlyList<long> shape, long offset)
    {
        var start = new ulong[rank];
        var counts = new ulong[rank];
        for (int d = 0; d < dim; d++) (start[d], counts[d]) = (prefix[d], 1);
        (start[dim], counts[dim]) = (first, rows);
        for (int d = dim + 1; d < rank; d++) (start[d], counts[d]) = (0, (ulong)shape[d]);
        return new Block(start, counts, offset);
    }
}
