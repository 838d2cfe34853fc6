using System.Diagnostics;
using System.Runtime.CompilerServices;
using ClusterGpu.Backends;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Solving;

namespace ClusterGpu.Benchmarking;

/// <summary>
/// The machine's measured fused multiply-add peak: on every core, chains of FMAs on the widest SIMD register the
/// CPU path uses (<see cref="CpuBackend.SimdType"/>: the kernels' own lanes type), with enough independent
/// accumulators to hide the FMA latency. One FMA lane counts 2 FLOP. Best of a few repetitions.
/// </summary>
public static class FmaPeak
{
    private const int Accumulators = 12;

    /// <summary>Measured peak in GFLOP/s for <paramref name="precision"/> (about <paramref name="seconds"/> of work per repetition, best of three).</summary>
    public static double Measure(Precision precision, double seconds = 0.2)
    {
        var chain = typeof(FmaPeak).GetMethod(nameof(Chains), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(CpuBackend.SimdType(precision));
        var run = (Func<long, double>)chain.CreateDelegate(typeof(Func<long, double>));
        int lanes = CpuBackend.RegisterBits / (precision == Precision.Fp64 ? 64 : 32);
        var clock = Stopwatch.StartNew();
        run(1 << 16); // JIT and calibration
        long iterations = Math.Max(1 << 16, (long)((1 << 16) * seconds / Math.Max(clock.Elapsed.TotalSeconds, 1e-6)));
        double best = 0;
        for (int repetition = 0; repetition < 3; repetition++)
        {
            clock.Restart();
            Parallel.For(0, Environment.ProcessorCount, _ => run(iterations));
            best = Math.Max(best, 2.0 * Accumulators * lanes * iterations * Environment.ProcessorCount / clock.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }

    /// <summary><see cref="Accumulators"/> independent chains acc = acc·a + b, <paramref name="iterations"/> long; returns a value that depends on all of them.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Chains<TV>(long iterations) where TV : struct, ISimd<TV>
    {
        var a = TV.FromDouble(0.999999);
        var b = TV.FromDouble(1e-7);
        TV c0 = TV.FromDouble(0.1), c1 = TV.FromDouble(0.2), c2 = TV.FromDouble(0.3), c3 = TV.FromDouble(0.4), c4 = TV.FromDouble(0.5), c5 = TV.FromDouble(0.6);
        TV c6 = TV.FromDouble(0.7), c7 = TV.FromDouble(0.8), c8 = TV.FromDouble(0.9), c9 = TV.FromDouble(1.0), c10 = TV.FromDouble(1.1), c11 = TV.FromDouble(1.2);
        for (long i = 0; i < iterations; i++)
        {
            c0 = TV.MulAdd(c0, a, b); c1 = TV.MulAdd(c1, a, b); c2 = TV.MulAdd(c2, a, b); c3 = TV.MulAdd(c3, a, b);
            c4 = TV.MulAdd(c4, a, b); c5 = TV.MulAdd(c5, a, b); c6 = TV.MulAdd(c6, a, b); c7 = TV.MulAdd(c7, a, b);
            c8 = TV.MulAdd(c8, a, b); c9 = TV.MulAdd(c9, a, b); c10 = TV.MulAdd(c10, a, b); c11 = TV.MulAdd(c11, a, b);
        }
        var sum = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
        Span<double> lanes = stackalloc double[TV.Count];
        TV.Store(sum, lanes);
        return lanes[0];
    }
}
