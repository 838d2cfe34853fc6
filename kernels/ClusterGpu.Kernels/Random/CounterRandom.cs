using ClusterGpu.Kernels.Numbers;

namespace ClusterGpu.Kernels.Random;

/// <summary>
/// A counter-based generator usable in GPU kernels: number n of stream <c>key</c> is a pure function of (key, n),
/// SplitMix64's output n (Steele, Lea, Flood 2014: state key + n·γ through the MurmurHash3-style finaliser), turned into
/// standard normals by the <see cref="BoxMuller"/> transform. Only integer and <see cref="Ieee"/> arithmetic: the same bits on every device.
/// </summary>
public static class CounterRandom
{
    /// <summary>γ = 2⁶⁴/φ, SplitMix64's increment.</summary>
    public const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>SplitMix64's finaliser of <paramref name="z"/> + γ: a bijective 64-bit hash.</summary>
    public static ulong Mix(ulong z)
    {
        z += Golden;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The stream key of trajectory <paramref name="trajectory"/> under <paramref name="seed"/>.</summary>
    public static ulong Key(ulong seed, long trajectory) => Mix(Mix(seed) ^ (ulong)trajectory);

    /// <summary>Uniform number <paramref name="counter"/> of stream <paramref name="key"/>, in the open interval (0, 1) on a 2⁻⁵³ grid.</summary>
    public static double Uniform(ulong key, ulong counter) => Ieee.Mul(Ieee.Add(Mix(key + counter * Golden) >> 11, 0.5), 1.0 / 9007199254740992.0);

    /// <summary>
    /// Standard normal numbers 2·<paramref name="pair"/> and 2·pair + 1 of stream <paramref name="key"/>: the cosine and sine
    /// halves of the <see cref="BoxMuller"/> pair of uniforms 2·pair and 2·pair + 1.
    /// </summary>
    public static void NormalPair(ulong key, ulong pair, out double cosine, out double sine)
    {
        BoxMuller.Transform(new F64(Uniform(key, pair << 1)), new F64(Uniform(key, (pair << 1) + 1)), out var c, out var s);
        cosine = c.Value;
        sine = s.Value;
    }

    /// <summary>Standard normal number <paramref name="counter"/> of stream <paramref name="key"/> (a half of <see cref="NormalPair"/>).</summary>
    public static double Normal(ulong key, ulong counter)
    {
        NormalPair(key, counter >> 1, out double cosine, out double sine);
        return (counter & 1UL) == 0 ? cosine : sine;
    }

    /// <summary>The uniforms of normal pair <paramref name="pair"/> of each SIMD lane l, from the key of trajectory <c>stream.Trajectory + l</c> (CPU only).</summary>
    public static void UniformPairs(RandomStream stream, ulong pair, Span<double> first, Span<double> second)
    {
        for (int lane = 0; lane < first.Length; lane++)
        {
            ulong key = stream.Key(lane);
            first[lane] = Uniform(key, pair << 1);
            second[lane] = Uniform(key, (pair << 1) + 1);
        }
    }
}
