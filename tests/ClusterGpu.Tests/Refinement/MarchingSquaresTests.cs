using ClusterGpu.Refinement;

namespace ClusterGpu.Tests.Refinement;

/// <summary>Marching squares on categorical grids whose boundaries are known exactly.</summary>
public sealed class MarchingSquaresTests
{
    [Fact]
    public void StraightBoundary_IsOnePolylineThroughTheEdgeMidpoints()
    {
        const int nx = 10, ny = 6;
        var codes = new int[nx * ny];
        for (int i = 0; i < nx; i++)
            for (int j = 0; j < ny; j++) codes[i * ny + j] = i < 5 ? 1 : 2;
        var boundary = Assert.Single(MarchingSquares.Trace(codes, nx, ny));
        Assert.Equal((1, 2), (boundary.Low, boundary.High));
        Assert.Equal(ny, boundary.Points.Count);
        Assert.All(boundary.Points, p => Assert.Equal(4.5, p.I));
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5 }, boundary.Points.Select(p => p.J).Order());
    }

    [Fact]
    public void ThreeRegions_MeetAtOneCellCentre_WithOnePolylinePerPair()
    {
        // 0 on the left (i < 2), 1 top right, 2 bottom right of a 4 x 4 grid: a T junction at the centre of cell (1, 1).
        const int n = 4;
        var codes = new int[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) codes[i * n + j] = i < 2 ? 0 : j < 2 ? 2 : 1;
        var boundaries = MarchingSquares.Trace(codes, n, n);
        Assert.Equal(new[] { (0, 1), (0, 2), (1, 2) }, boundaries.Select(b => (b.Low, b.High)).Order());
        Assert.All(boundaries, b => Assert.Contains((1.5, 1.5), b.Points));
    }

    [Fact]
    public void UniformGrid_HasNoBoundary() => Assert.Empty(MarchingSquares.Trace(new int[25], 5, 5));
}
