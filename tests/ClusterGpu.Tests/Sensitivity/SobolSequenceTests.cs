using ClusterGpu.Sensitivity;

namespace ClusterGpu.Tests.Sensitivity;

/// <summary>Sobol' points against SciPy's unscrambled sequence, net properties, scrambling reproducibility.</summary>
public sealed class SobolSequenceTests
{
    [Fact]
    public void Unscrambled_FirstRows_EqualScipy()
    {
        // scipy.stats.qmc.Sobol(d=5, scramble=False).random(8) (Joe–Kuo new-joe-kuo-6.21201, Gray-code order):
        // dimension 1 is van der Corput in Gray-code order; dimensions 2–5 from m = (1), (1 3), (1 3 1), (1 1 1).
        double[,] expected =
        {
            { 0.000, 0.000, 0.000, 0.000, 0.000 },
            { 0.500, 0.500, 0.500, 0.500, 0.500 },
            { 0.750, 0.250, 0.250, 0.250, 0.750 },
            { 0.250, 0.750, 0.750, 0.750, 0.250 },
            { 0.375, 0.375, 0.625, 0.875, 0.375 },
            { 0.875, 0.875, 0.125, 0.375, 0.875 },
            { 0.625, 0.125, 0.875, 0.625, 0.625 },
            { 0.125, 0.625, 0.375, 0.125, 0.125 },
        };
        var sequence = new SobolSequence(5);
        var points = sequence.Points(0, 8);
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 5; j++)
                Assert.Equal(expected[i, j], points[i * 5 + j]);
    }

    [Fact]
    public void Unscrambled_LastDimension_FollowsJoeKuoRecurrence()
    {
        // Dimension 1024: s = 13, a = 3538, m_1..m_13 = 1 1 5 11 11 33 37 29 263 1019 657 1453 7807. The point with
        // Gray code 2^(k-1) (index 2^k - 1) is v_k = m_k / 2^k; m_14 = 7003 follows from the recurrence
        // m_14 = 2^13 m_1 ⊕ m_1 ⊕ ⨁_i 2^i a_i m_{14−i} with a = 3538 = 0b110111010010.
        ulong[] m = [1, 1, 5, 11, 11, 33, 37, 29, 263, 1019, 657, 1453, 7807];
        var sequence = new SobolSequence(SobolSequence.MaxDimensions);
        for (int k = 1; k <= 13; k++)
            Assert.Equal(m[k - 1] / Math.Pow(2, k), sequence.Coordinate((1L << k) - 1, 1023));
        Assert.Equal(7003 / Math.Pow(2, 14), sequence.Coordinate((1L << 14) - 1, 1023));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(12345UL)]
    public void EveryOneDimensionalProjection_IsPerfectlyStratified(ulong? seed)
    {
        const int maxLog = 10;
        var sequence = new SobolSequence(SobolSequence.MaxDimensions, seed);
        var points = sequence.Points(0, 1 << maxLog);
        for (int m = 0; m <= maxLog; m++)
        {
            int n = 1 << m;
            for (int j = 0; j < sequence.Dimensions; j++)
            {
                var seen = new bool[n];
                for (int i = 0; i < n; i++)
                {
                    int cell = (int)(points[i * sequence.Dimensions + j] * n);
                    Assert.False(seen[cell], $"dimension {j + 1}, 2^{m} points: two in cell {cell}");
                    seen[cell] = true;
                }
            }
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData(99UL)]
    public void FirstTwoDimensions_AreAZeroMTwoNet(ulong? seed)
    {
        // Dimensions 1 and 2 have t = 0: every elementary box of area 2^-m holds exactly one of the first 2^m points.
        const int m = 8;
        var points = new SobolSequence(2, seed).Points(0, 1 << m);
        for (int a = 0; a <= m; a++)
        {
            var seen = new bool[1 << m];
            for (int i = 0; i < 1 << m; i++)
            {
                int cell = ((int)(points[2 * i] * (1 << a)) << (m - a)) | (int)(points[2 * i + 1] * (1 << (m - a)));
                Assert.False(seen[cell]);
                seen[cell] = true;
            }
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData(7UL)]
    public void PointFromIndex_EqualsSequentialGeneration(ulong? seed)
    {
        var sequence = new SobolSequence(64, seed);
        var points = sequence.Points(0, 4096);
        var point = new double[64];
        for (int i = 0; i < 4096; i++)
        {
            sequence.Point(i, point);
            Assert.Equal(points.AsSpan(i * 64, 64).ToArray(), point);
        }
        // A sequential run may start anywhere.
        Assert.Equal(points.AsSpan(1000 * 64, 64 * 50).ToArray(), sequence.Points(1000, 50));
        long far = (1L << 40) + 12345;
        sequence.Point(far, point);
        Assert.Equal(point, sequence.Points(far, 1));
    }

    [Fact]
    public void Scrambling_SameSeedIdentical_OtherSeedDiffers()
    {
        var a = new SobolSequence(16, 2024).Points(0, 256);
        var b = new SobolSequence(16, 2024).Points(0, 256);
        var c = new SobolSequence(16, 2025).Points(0, 256);
        var plain = new SobolSequence(16).Points(0, 256);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, plain);
        Assert.Equal(0.0, plain[0]);
        Assert.NotEqual(0.0, a[0]); // the digital shift moves the first point off the origin
        Assert.All(a, x => Assert.InRange(x, 0.0, 1.0 - 1e-16));
    }

    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(1000, 1024, true)]
    [InlineData(1024, 1024, false)]
    [InlineData(1025, 2048, true)]
    public void RoundUpToPowerOfTwo_ReportsRounding(int n, int expected, bool expectRounded)
    {
        Assert.Equal(expected, SobolSequence.RoundUpToPowerOfTwo(n, out bool rounded));
        Assert.Equal(expectRounded, rounded);
    }
}
