using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Numbers;

namespace ClusterGpu.Kernels.Solvers;

/// <summary>
/// Powers x^α (x &gt; 0, |α| &lt; 1) from square roots only: x^α = Π_{bits j of |α|} x^(2^−j), with |α|'s binary
/// expansion cut after <see cref="Bits"/> bits (exponent error &lt; 2^−12, a relative error in x^α below 0.03 %
/// for x in [1e-10, 1e10]). Step-size control needs no more; square roots are correctly rounded on every
/// device, so CPU and GPU agree bit for bit, and no transcendental library (which spills to GPU local
/// memory in FP64) is needed.
/// </summary>
public static class RootPower
{
    /// <summary>Binary digits of the exponent that are used.</summary>
    public const int Bits = 12;

    /// <summary>x^α for α in (−1, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Pow<T>(T x, double exponent) where T : struct, IReal<T> => Pow(x, exponent, 0.0, out _);

    /// <summary>x^α and x^β from one chain of square roots (α, β in (−1, 1)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Pow<T>(T x, double alpha, double beta, out T xBeta) where T : struct, IReal<T>
    {
        double restAlpha = Math.Abs(alpha), restBeta = Math.Abs(beta);
        var one = T.FromDouble(1.0);
        var root = x;
        var productAlpha = one;
        var productBeta = one;
        double bit = 1.0;
        for (int j = 1; j <= Bits; j++)
        {
            root = T.Sqrt(root);
            bit = Ieee.Mul(bit, 0.5);
            if (restAlpha >= bit) { productAlpha *= root; restAlpha = Ieee.Sub(restAlpha, bit); }
            if (restBeta >= bit) { productBeta *= root; restBeta = Ieee.Sub(restBeta, bit); }
        }
        xBeta = beta < 0 ? one / productBeta : productBeta;
        return alpha < 0 ? one / productAlpha : productAlpha;
    }
}
