namespace ClusterGpu.Sensitivity;

/// <summary>The matrices of a Saltelli design.</summary>
public enum SaltelliMatrix
{
    /// <summary>A: the first k coordinates of the base Sobol' point.</summary>
    A,

    /// <summary>A_B^i: A with column i taken from B.</summary>
    AB,

    /// <summary>B_A^i: B with column i taken from A (second order only).</summary>
    BA,

    /// <summary>B: the last k coordinates of the base Sobol' point.</summary>
    B,
}

/// <summary>
/// Saltelli's sampling design for Sobol' indices (Saltelli 2002, Comput. Phys. Commun. 145, 280–297;
/// Saltelli et al. 2010, Comput. Phys. Commun. 181, 259–270) over the unit cube [0, 1)^k.
/// </summary>
/// <remarks>
/// <para>Base row j (0 ≤ j &lt; N) is point j of a 2k-dimensional <see cref="SobolSequence"/>: A_j = its first k
/// coordinates, B_j = its last k. A_B^i is A with column i replaced by column i of B; B_A^i is B with column i
/// replaced by column i of A.</para>
/// <para>Row layout (SALib's <c>sample.sobol</c>, so outputs can be checked with SALib's <c>analyze.sobol</c>):
/// the whole design is one flat list of N·(k + 2) points, or N·(2k + 2) with second order, evaluated as one
/// ensemble; base row j owns the block of consecutive rows
/// [A_j, A_B^1_j … A_B^k_j, (B_A^1_j … B_A^k_j,) B_j], so design row r belongs to base row r / (rows per block).
/// Each design row is computable from its index alone (<see cref="Point"/>), like the Sobol' points.</para>
/// <para>The points are in the unit cube; mapping them to the inputs' ranges (x = lo + u·(hi − lo) or an
/// inverse CDF) is the caller's.</para>
/// </remarks>
public sealed class SaltelliDesign
{
    /// <summary>A design for <paramref name="inputs"/> inputs and <paramref name="baseSize"/> base rows.</summary>
    /// <param name="inputs">k, the number of inputs: 1 … <see cref="SobolSequence.MaxDimensions"/> / 2.</param>
    /// <param name="baseSize">N, a power of two (see <see cref="SobolSequence.RoundUpToPowerOfTwo"/>).</param>
    /// <param name="secondOrder">Whether to include the B_A^i rows needed by second-order indices.</param>
    /// <param name="scrambleSeed">Seed of the Sobol' scrambling, or null for the unscrambled sequence.</param>
    public SaltelliDesign(int inputs, int baseSize, bool secondOrder = false, ulong? scrambleSeed = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inputs, SobolSequence.MaxDimensions / 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseSize, 1);
        if (!int.IsPow2(baseSize))
            throw new ArgumentException($"The base size must be a power of two, not {baseSize}; round it up with SobolSequence.RoundUpToPowerOfTwo.", nameof(baseSize));
        Inputs = inputs;
        BaseSize = baseSize;
        SecondOrder = secondOrder;
        Sequence = new SobolSequence(2 * inputs, scrambleSeed);
    }

    /// <summary>k, the number of inputs (columns of every point).</summary>
    public int Inputs { get; }

    /// <summary>N, the number of base rows.</summary>
    public int BaseSize { get; }

    /// <summary>Whether the design holds the B_A^i rows.</summary>
    public bool SecondOrder { get; }

    /// <summary>The 2k-dimensional Sobol' sequence of the base rows.</summary>
    public SobolSequence Sequence { get; }

    /// <summary>Rows per base row: k + 2, or 2k + 2 with second order.</summary>
    public int RowsPerBlock => SecondOrder ? 2 * Inputs + 2 : Inputs + 2;

    /// <summary>Design rows in all: N · <see cref="RowsPerBlock"/>.</summary>
    public long Rows => (long)BaseSize * RowsPerBlock;

    /// <summary>The design row holding matrix <paramref name="matrix"/> (column <paramref name="input"/> for A_B^i, B_A^i) of base row <paramref name="baseRow"/>.</summary>
    /// <param name="matrix">Which matrix.</param>
    /// <param name="baseRow">j, 0 ≤ j &lt; N.</param>
    /// <param name="input">i (0-based) for <see cref="SaltelliMatrix.AB"/> and <see cref="SaltelliMatrix.BA"/>; ignored otherwise.</param>
    public long RowOf(SaltelliMatrix matrix, int baseRow, int input = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(baseRow);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(baseRow, BaseSize);
        if (matrix is SaltelliMatrix.AB or SaltelliMatrix.BA)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(input);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(input, Inputs);
        }
        if (matrix == SaltelliMatrix.BA && !SecondOrder)
            throw new InvalidOperationException("B_A^i rows exist only in a second-order design.");
        long block = (long)baseRow * RowsPerBlock;
        return matrix switch
        {
            SaltelliMatrix.A => block,
            SaltelliMatrix.AB => block + 1 + input,
            SaltelliMatrix.BA => block + 1 + Inputs + input,
            _ => block + RowsPerBlock - 1,
        };
    }

    /// <summary>Design row <paramref name="row"/> (a point of [0, 1)^k) into <paramref name="destination"/>, from the row index alone.</summary>
    public void Point(long row, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        Span<double> basePoint = stackalloc double[2 * Inputs];
        Sequence.Point(row / RowsPerBlock, basePoint);
        Fill(basePoint, (int)(row % RowsPerBlock), destination);
    }

    /// <summary>The whole design, row-major: <see cref="Rows"/> × <see cref="Inputs"/>, in the documented row order.</summary>
    public double[] Points()
    {
        int k = Inputs;
        var basePoints = Sequence.Points(0, BaseSize);
        var result = new double[Rows * k];
        for (int j = 0; j < BaseSize; j++)
            for (int t = 0; t < RowsPerBlock; t++)
                Fill(basePoints.AsSpan(j * 2 * k, 2 * k), t, result.AsSpan((int)((long)j * RowsPerBlock + t) * k, k));
        return result;
    }

    /// <summary>
    /// Maps evaluated outputs back to the matrices. <paramref name="outputs"/> is row-major,
    /// <see cref="Rows"/> × <paramref name="outputCount"/> (output o of design row r at r·outputCount + o);
    /// <paramref name="output"/> picks the column.
    /// </summary>
    public SaltelliOutputs Split(ReadOnlySpan<double> outputs, int outputCount = 1, int output = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(output);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(output, outputCount);
        if (outputs.Length != Rows * outputCount)
            throw new ArgumentException($"Expected {Rows} × {outputCount} outputs, got {outputs.Length}.", nameof(outputs));
        int Index(SaltelliMatrix matrix, int baseRow, int input) => (int)(RowOf(matrix, baseRow, input) * outputCount + output);
        var a = new double[BaseSize];
        var b = new double[BaseSize];
        var ab = new double[Inputs][];
        var ba = SecondOrder ? new double[Inputs][] : null;
        for (int i = 0; i < Inputs; i++)
        {
            ab[i] = new double[BaseSize];
            if (ba != null) ba[i] = new double[BaseSize];
        }
        for (int j = 0; j < BaseSize; j++)
        {
            a[j] = outputs[Index(SaltelliMatrix.A, j, 0)];
            b[j] = outputs[Index(SaltelliMatrix.B, j, 0)];
            for (int i = 0; i < Inputs; i++)
            {
                ab[i][j] = outputs[Index(SaltelliMatrix.AB, j, i)];
                if (ba != null) ba[i][j] = outputs[Index(SaltelliMatrix.BA, j, i)];
            }
        }
        return new SaltelliOutputs(a, b, ab, ba);
    }

    /// <summary>Row <paramref name="t"/> of a block from the base point [A_j, B_j].</summary>
    private void Fill(ReadOnlySpan<double> basePoint, int t, Span<double> destination)
    {
        int k = Inputs;
        var a = basePoint[..k];
        var b = basePoint[k..];
        bool fromB = t == RowsPerBlock - 1 || t > k; // B and B_A^i start from B; A and A_B^i from A
        int swapped = t == 0 || t == RowsPerBlock - 1 ? -1 : (t - 1) % k;
        for (int c = 0; c < k; c++)
            destination[c] = (c == swapped) == fromB ? a[c] : b[c];
    }
}

/// <summary>
/// Outputs of one observable over a <see cref="SaltelliDesign"/>, by matrix: f(A)_j, f(B)_j, f(A_B^i)_j and,
/// for second order, f(B_A^i)_j, each indexed by base row j.
/// </summary>
/// <param name="A">f(A), length N.</param>
/// <param name="B">f(B), length N.</param>
/// <param name="AB">f(A_B^i) for i = 0 … k−1, each of length N.</param>
/// <param name="BA">f(B_A^i) for i = 0 … k−1, or null without second order.</param>
public sealed record SaltelliOutputs(double[] A, double[] B, double[][] AB, double[][]? BA);
