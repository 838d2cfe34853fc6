using ClusterGpu.Storage;

namespace ClusterGpu.Tests.Storage;

public sealed class FlatRangeTests
{
    /// <summary>Every flat range of every small shape is tiled exactly, in order, by at most 2(rank−1)+1 rectangular blocks.</summary>
    [Theory]
    [InlineData(new long[] { 7 })]
    [InlineData(new long[] { 3, 5 })]
    [InlineData(new long[] { 4, 3, 2 })]
    [InlineData(new long[] { 2, 3, 4, 3 })]
    [InlineData(new long[] { 1, 6, 1 })]
    public void Split_TilesEveryRangeExactly(long[] shape)
    {
        long total = shape.Aggregate(1L, (a, b) => a * b);
        for (long start = 0; start < total; start++)
            for (long count = 1; start + count <= total; count++)
            {
                var blocks = FlatRange.Split(shape, start, count);
                Assert.True(blocks.Count <= 2 * (shape.Length - 1) + 1, $"{blocks.Count} blocks");
                var covered = new List<long>();
                long expectedOffset = 0;
                foreach (var block in blocks)
                {
                    Assert.Equal(expectedOffset, block.Offset);
                    covered.AddRange(Elements(shape, block));
                    expectedOffset += block.Length;
                }
                Assert.Equal(Enumerable.Range(0, (int)count).Select(i => start + i), covered);
            }
    }

    /// <summary>Flat (row-major) indices of a block's elements in row-major order within the block.</summary>
    private static IEnumerable<long> Elements(long[] shape, FlatRange.Block block)
    {
        var index = new long[shape.Length];
        for (long e = 0; e < block.Length; e++)
        {
            long rest = e;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                index[d] = (long)block.Start[d] + rest % (long)block.Count[d];
                rest /= (long)block.Count[d];
            }
            long flat = 0;
            for (int d = 0; d < shape.Length; d++) flat = flat * shape[d] + index[d];
            yield return flat;
        }
    }
}
