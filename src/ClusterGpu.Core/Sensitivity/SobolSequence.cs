using System.Globalization;
using System.Numerics;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Sensitivity;

/// <summary>
/// Sobol' low-discrepancy points in [0, 1)^d (Sobol' 1967) from the Joe–Kuo direction numbers
/// <c>new-joe-kuo-6.21201</c> (S. Joe and F. Y. Kuo, SIAM J. Sci. Comput. 30 (2008) 2635–2654), up to
/// <see cref="MaxDimensions"/> dimensions, with <see cref="Bits"/>-bit direction numbers.
/// </summary>
/// <remarks>
/// <para>Direction numbers: dimension 1 has m_k = 1 for all k (van der Corput); dimension j ≥ 2, with primitive
/// polynomial of degree s and interior coefficients a_1 … a_{s−1} (bits of the tabulated integer a, a_1 the most
/// significant), takes m_1 … m_s from the table and
/// m_k = 2a_1 m_{k−1} ⊕ 2²a_2 m_{k−2} ⊕ … ⊕ 2^{s−1}a_{s−1} m_{k−s+1} ⊕ 2^s m_{k−s} ⊕ m_{k−s} for k &gt; s;
/// the integer direction number is v_k = m_k · 2^{B−k} (B = <see cref="Bits"/>), i.e. the fraction m_k / 2^k.</para>
/// <para>Point i, closed form (no recurrence, so one GPU thread can compute its own point): with the Gray code
/// g = i ⊕ ⌊i/2⌋, x_j(i) = 2^{−B} · (s_j ⊕ ⨁_{k : bit k−1 of g set} v_{j,k}). Taking the Gray code of i puts the
/// points in the order of the Antonov–Saleev recurrence x(i+1) = x(i) ⊕ v_{c(i)+1} (c = trailing ones of i) that
/// SciPy's <c>scipy.stats.qmc.Sobol</c> and Joe–Kuo's reference program use, so the unscrambled points equal
/// <c>qmc.Sobol(d, scramble=False).random(n)</c>: the first point is 0 and dimension 1 starts 0, ½, ¾, ¼, ⅜, ⅞, ⅝, ⅛.
/// The first 2^m points are the same set in either order, a (t, m, d)-net.</para>
/// <para>Scrambling (when a seed is given), as SciPy does it: linear matrix scrambling (Matoušek 1998) — every
/// v_{j,k} is multiplied over GF(2) by a random lower-triangular bit matrix L_j with unit diagonal (digit q of
/// the result is digit q of the input ⊕ a random combination of the more significant digits) — then a random
/// digital shift s_j (uniform B-bit integer, XORed into every point). Both keep the net property. The random
/// bits come from <see cref="SplitMix64"/> seeded with the seed: first the rows of L_1 … L_d (for each dimension,
/// one 64-bit draw per digit from the least significant to the most significant, masked to the digits above
/// it), then s_1 … s_d, so the scrambled sequence is the same on every machine. Unscrambled, s_j = 0 and
/// L_j = I.</para>
/// </remarks>
public sealed class SobolSequence
{
    /// <summary>Dimensions tabulated in the embedded Joe–Kuo file.</summary>
    public const int MaxDimensions = 1024;

    /// <summary>Bits B per coordinate: points are multiples of 2^−B and indices must be below 2^B.</summary>
    public const int Bits = 52;

    private const string ResourceName = "ClusterGpu.Sensitivity.sobol-joe-kuo-6.21201-first1024.txt";
    private const ulong DigitMask = (1UL << Bits) - 1;
    private const double Scale = 1.0 / (1UL << Bits);

    private static readonly Lazy<ulong[]> UnscrambledDirections = new(LoadDirectionNumbers);

    private readonly ulong[] directions;
    private readonly ulong[] shifts;

    /// <summary>An unscrambled sequence (SciPy <c>scramble=False</c>), or a scrambled one when <paramref name="scrambleSeed"/> is given.</summary>
    /// <param name="dimensions">1 … <see cref="MaxDimensions"/>.</param>
    /// <param name="scrambleSeed">Seed of the linear matrix scrambling and digital shift; null for no scrambling.</param>
    public SobolSequence(int dimensions, ulong? scrambleSeed = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, MaxDimensions);
        Dimensions = dimensions;
        ScrambleSeed = scrambleSeed;
        directions = UnscrambledDirections.Value.AsSpan(0, dimensions * Bits).ToArray();
        shifts = new ulong[dimensions];
        if (scrambleSeed is ulong seed) Scramble(seed);
    }

    /// <summary>Number of coordinates per point.</summary>
    public int Dimensions { get; }

    /// <summary>The scrambling seed, or null when unscrambled.</summary>
    public ulong? ScrambleSeed { get; }

    /// <summary>
    /// The (scrambled) integer direction numbers, dimension-major: entry [j·<see cref="Bits"/> + k] is v_{j+1,k+1}.
    /// With <see cref="Shifts"/> this is all a device needs to evaluate <see cref="Coordinate(long, ReadOnlySpan{ulong}, ulong)"/>.
    /// </summary>
    public ReadOnlySpan<ulong> DirectionNumbers => directions;

    /// <summary>The digital shifts s_j, one per dimension (all 0 when unscrambled).</summary>
    public ReadOnlySpan<ulong> Shifts => shifts;

    /// <summary>
    /// Coordinate of point <paramref name="index"/> from its index alone:
    /// 2^−B (shift ⊕ ⨁_{k : bit k of g} directions[k]) with g = index ⊕ (index ≫ 1). Allocation-free and
    /// branch-light, the form a per-thread kernel uses.
    /// </summary>
    /// <param name="index">Point index, 0 ≤ index &lt; 2^<see cref="Bits"/>.</param>
    /// <param name="directions">The <see cref="Bits"/> direction numbers of one dimension.</param>
    /// <param name="shift">The digital shift of that dimension.</param>
    public static double Coordinate(long index, ReadOnlySpan<ulong> directions, ulong shift)
    {
        ulong gray = (ulong)index ^ ((ulong)index >> 1);
        ulong x = shift;
        for (int k = 0; gray != 0; k++, gray >>= 1)
            if ((gray & 1) != 0) x ^= directions[k];
        return x * Scale;
    }

    /// <summary>Coordinate <paramref name="dimension"/> (0-based) of point <paramref name="index"/>.</summary>
    public double Coordinate(long index, int dimension)
    {
        CheckIndex(index);
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(dimension, Dimensions);
        return Coordinate(index, directions.AsSpan(dimension * Bits, Bits), shifts[dimension]);
    }

    /// <summary>Point <paramref name="index"/> into <paramref name="destination"/> (length ≥ <see cref="Dimensions"/>).</summary>
    public void Point(long index, Span<double> destination)
    {
        CheckIndex(index);
        for (int j = 0; j < Dimensions; j++)
            destination[j] = Coordinate(index, directions.AsSpan(j * Bits, Bits), shifts[j]);
    }

    /// <summary>
    /// Points <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1, row-major
    /// (count × <see cref="Dimensions"/>), generated sequentially by the Antonov–Saleev recurrence
    /// x(i+1) = x(i) ⊕ v_{c+1}, c the number of trailing one bits of i (one XOR per coordinate and point).
    /// </summary>
    public double[] Points(long start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CheckIndex(start);
        if (count > 0) CheckIndex(start + count - 1);
        var result = new double[(long)count * Dimensions];
        if (count == 0) return result;
        ulong gray = (ulong)start ^ ((ulong)start >> 1);
        var state = new ulong[Dimensions];
        for (int j = 0; j < Dimensions; j++)
        {
            state[j] = shifts[j];
            for (int k = 0; k < Bits; k++)
                if (((gray >> k) & 1) != 0) state[j] ^= directions[j * Bits + k];
        }
        for (int n = 0; n < count; n++)
        {
            for (int j = 0; j < Dimensions; j++) result[(long)n * Dimensions + j] = state[j] * Scale;
            int c = BitOperations.TrailingZeroCount(~(ulong)(start + n));
            if (c >= Bits) break; // the next index is 2^B, outside the sequence; only reached after the last point
            for (int j = 0; j < Dimensions; j++) state[j] ^= directions[j * Bits + c];
        }
        return result;
    }

    /// <summary>
    /// The smallest power of two ≥ <paramref name="n"/> (Sobol' points keep their balance only for 2^m points);
    /// <paramref name="rounded"/> tells whether it differs from <paramref name="n"/>, so a caller can warn.
    /// </summary>
    public static int RoundUpToPowerOfTwo(int n, out bool rounded)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 1 << 30);
        int p = (int)BitOperations.RoundUpToPowerOf2((uint)n);
        rounded = p != n;
        return p;
    }

    private static void CheckIndex(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, (long)DigitMask);
    }

    private void Scramble(ulong seed)
    {
        var rng = new SplitMix64(seed);
        var rows = new ulong[Bits];
        for (int j = 0; j < Dimensions; j++)
        {
            // rows[q] selects the input digits that make output bit q: bit q itself and random bits above it.
            for (int q = 0; q < Bits; q++)
                rows[q] = (1UL << q) | (rng.NextUInt64() & DigitMask & ~((2UL << q) - 1));
            var v = directions.AsSpan(j * Bits, Bits);
            for (int k = 0; k < Bits; k++)
            {
                ulong scrambled = 0;
                for (int q = 0; q < Bits; q++)
                    scrambled |= (ulong)(BitOperations.PopCount(rows[q] & v[k]) & 1) << q;
                v[k] = scrambled;
            }
        }
        for (int j = 0; j < Dimensions; j++) shifts[j] = rng.NextUInt64() & DigitMask;
    }

    private static ulong[] LoadDirectionNumbers()
    {
        using var stream = typeof(SobolSequence).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var v = new ulong[MaxDimensions * Bits];
        var m = new ulong[Bits + 1];
        Array.Fill(m, 1UL);
        Expand(v.AsSpan(0, Bits), m, degree: Bits, coefficients: 0); // dimension 1: all m_k = 1, no recurrence
        int next = 2;
        while (reader.ReadLine() is string line)
        {
            if (line.Length == 0 || line[0] == '#' || line[0] == 'd') continue;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int d = int.Parse(fields[0], CultureInfo.InvariantCulture);
            int s = int.Parse(fields[1], CultureInfo.InvariantCulture);
            uint a = uint.Parse(fields[2], CultureInfo.InvariantCulture);
            if (d != next || fields.Length != 3 + s)
                throw new InvalidDataException($"Malformed Joe–Kuo row for dimension {next}: '{line}'.");
            for (int k = 1; k <= s; k++) m[k] = ulong.Parse(fields[2 + k], CultureInfo.InvariantCulture);
            Expand(v.AsSpan((d - 1) * Bits, Bits), m, s, a);
            next++;
        }
        if (next != MaxDimensions + 1) throw new InvalidDataException($"Joe–Kuo table ends at dimension {next - 1}.");
        return v;
    }

    /// <summary>Completes m_{s+1} … m_B by the Joe–Kuo recurrence (m[1..s] given) and writes v_k = m_k · 2^{B−k}.</summary>
    private static void Expand(Span<ulong> v, ulong[] m, int degree, uint coefficients)
    {
        for (int k = degree + 1; k <= Bits; k++)
        {
            ulong mk = m[k - degree] ^ (m[k - degree] << degree);
            for (int i = 1; i < degree; i++)
                if (((coefficients >> (degree - 1 - i)) & 1) != 0) mk ^= m[k - i] << i;
            m[k] = mk;
        }
        for (int k = 1; k <= Bits; k++) v[k - 1] = m[k] << (Bits - k);
    }
}
