using ClusterGpu.Sweeps;

namespace ClusterGpu.Refinement;

/// <summary>
/// The effective fine grid of an adaptive phase diagram: base axes of n points refined <see cref="Levels"/> times have
/// (n − 1)·2^L + 1 points each; fine point (i, j) has index i·<see cref="CountY"/> + j (first axis slowest, as a sweep's
/// points). Level ℓ sees the points whose indices are multiples of <see cref="Spacing"/>(ℓ) = 2^(L − ℓ).
/// </summary>
public sealed class FineLattice(int baseCountX, int baseCountY, int levels)
{
    /// <summary>Refinement levels L.</summary>
    public int Levels { get; } = levels;
    /// <summary>Fine points along the first axis.</summary>
    public int CountX { get; } = (int)FineCount(baseCountX, levels);
    /// <summary>Fine points along the second axis.</summary>
    public int CountY { get; } = (int)FineCount(baseCountY, levels);
    /// <summary>All fine points.</summary>
    public int Count => CountX * CountY;

    /// <summary>(n − 1)·2^L + 1.</summary>
    public static long FineCount(int baseCount, int levels) => ((long)baseCount - 1 << levels) + 1;

    /// <summary>Distance between neighbouring points of level <paramref name="level"/>, in fine cells.</summary>
    public int Spacing(int level) => 1 << (Levels - level);

    /// <summary>Index of fine point (<paramref name="i"/>, <paramref name="j"/>).</summary>
    public int Index(int i, int j) => i * CountY + j;

    /// <summary>The fine axes: the base axes with (n − 1)·2^L + 1 points, whose every 2^L-th point is a base point, bit for bit.</summary>
    public static GridAxis[] FineAxes(IReadOnlyList<GridAxis> axes, int levels) =>
        axes.Select(a => a with { Count = (int)FineCount(a.Count, levels) }).ToArray();

    /// <summary>Fractional fine index of parameter value <paramref name="value"/> on the fine version of <paramref name="axis"/>.</summary>
    public static double IndexOf(GridAxis axis, int fineCount, double value) =>
        (fineCount - 1) * (axis.Logarithmic ? Math.Log(value / axis.Start) / Math.Log(axis.Stop / axis.Start) : (value - axis.Start) / (axis.Stop - axis.Start));

    /// <summary>Parameter value at fractional fine index <paramref name="index"/> of the fine version of <paramref name="axis"/>.</summary>
    public static double ValueAt(GridAxis axis, int fineCount, double index)
    {
        double f = index / (fineCount - 1);
        return axis.Logarithmic ? axis.Start * Math.Pow(axis.Stop / axis.Start, f) : axis.Start + (axis.Stop - axis.Start) * f;
    }
}
