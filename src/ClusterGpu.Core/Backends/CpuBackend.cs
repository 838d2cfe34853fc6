using System.Collections.Concurrent;
using ClusterGpu.Kernels.EntryPoints;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;
using ClusterGpu.Models;
using ClusterGpu.Solving;

namespace ClusterGpu.Backends;

/// <summary>
/// The fast CPU path: the kernel code runs on <see cref="ISimd{TSelf}"/> numbers (a SIMD register of trajectories
/// in lock-step, fused multiply-add), one register-wide block at a time on every core. The register width is chosen
/// at run time: 512 bits with AVX-512, else 256, else 128.
/// </summary>
public sealed class CpuBackend : EnsembleBackend
{
    public override string Name => "cpu";

    public override string Device =>
        $"{Environment.ProcessorCount} cores, {RegisterBits}-bit SIMD, {RegisterBits / 64} FP64 / {RegisterBits / 32} FP32 lanes per register, FMA";

    /// <summary>Register width used on this machine: 512, 256 or 128 bits.</summary>
    public static int RegisterBits =>
        Simd512<double>.IsHardwareAccelerated ? 512 : Simd256<double>.IsHardwareAccelerated ? 256 : 128;

    /// <summary>The SIMD number type for <paramref name="precision"/> on this machine.</summary>
    public static Type SimdType(Precision precision)
    {
        var element = precision == Precision.Fp64 ? typeof(double) : typeof(float);
        var register = RegisterBits switch { 512 => typeof(Simd512<>), 256 => typeof(Simd256<>), _ => typeof(Simd128<>) };
        return register.MakeGenericType(element);
    }

    protected override Type NumberType(Precision precision) => SimdType(precision);

    protected override bool UsesCpuJit => true;

    /// <summary>
    /// Runs the blocks of <paramref name="layout"/> on every core, two register-wide blocks per call of
    /// <see cref="TrajectoryRunner.RunPair"/> (two independent dependency chains per loop iteration; measured on Lorenz RK4
    /// fp64: see the README), a last odd block alone.
    /// </summary>
    private static void RunTyped<TModel, TJacobian, TV, TState, TMethod, TObserver>(
        EnsembleLayout layout, double[] parameters, double[] initialStates, double[] outputs, TMethod method, TObserver prototype)
        where TModel : struct, IModel<TModel, TV, TState>
        where TJacobian : struct, IJacobian<TJacobian, TV, TState>
        where TV : struct, ISimd<TV>
        where TState : struct, IState<TState, TV>
        where TMethod : struct, IIntegrationMethod
        where TObserver : struct, IObserver<TObserver, TV, TState>
    {
        int width = TV.Count;
        int n = layout.Count;
        int blocks = (n + width - 1) / width;
        int columns = layout.FixedColumns + prototype.Columns;
        var ranges = Partitioner.Create(0, blocks, Math.Max(2, blocks / (Environment.ProcessorCount * 16)));
        Parallel.ForEach(ranges, range =>
        {
            Span<double> lane = stackalloc double[width];
            int block = range.Item1;
            for (; block + 1 < range.Item2; block += 2)
            {
                var (pA, yA) = LoadBlock<TV, TState>(layout, parameters, initialStates, block * width, lane);
                var (pB, yB) = LoadBlock<TV, TState>(layout, parameters, initialStates, (block + 1) * width, lane);
                var (observerA, observerB) = (prototype, prototype);
                TrajectoryRunner.RunPair<TModel, TJacobian, TV, TState, TMethod, TObserver>(
                    pA, ref yA, block * width, ref observerA, out var outcomeA, out var residualA,
                    pB, ref yB, (block + 1) * width, ref observerB, out var outcomeB, out var residualB, layout, method);
                StoreBlock(outputs, n, columns, block * width, yA, outcomeA, residualA, observerA, lane);
                StoreBlock(outputs, n, columns, (block + 1) * width, yB, outcomeB, residualB, observerB, lane);
            }
            if (block < range.Item2)
            {
                var (p, y) = LoadBlock<TV, TState>(layout, parameters, initialStates, block * width, lane);
                var observer = prototype;
                var outcome = TrajectoryRunner.Run<TModel, TJacobian, TV, TState, TMethod, TObserver>(
                    p, ref y, block * width, layout, method, ref observer, out var residual);
                StoreBlock(outputs, n, columns, block * width, y, outcome, residual, observer, lane);
            }
        });
    }

    /// <summary>The parameters and initial state of the block of trajectories starting at <paramref name="start"/>.</summary>
    private static (ParameterBlock<TV> Parameters, TState State) LoadBlock<TV, TState>(
        EnsembleLayout layout, double[] parameters, double[] initialStates, int start, Span<double> lane)
        where TV : struct, ISimd<TV>
        where TState : struct, IState<TState, TV>
    {
        int n = layout.Count, used = Math.Min(lane.Length, n - start);
        var p = default(ParameterBlock<TV>);
        for (int k = 0; k < layout.ParameterCount; k++) p[k] = Load<TV>(parameters, k * n + start, used, lane);
        var y = default(TState);
        for (int k = 0; k < TState.Length; k++) y[k] = Load<TV>(initialStates, k * n + start, used, lane);
        return (p, y);
    }

    /// <summary>Writes the output columns of the block of trajectories starting at <paramref name="start"/>.</summary>
    private static void StoreBlock<TV, TState, TObserver>(double[] outputs, int n, int columns, int start, TState y, Outcome<TV> outcome, TV residual,
        TObserver observer, Span<double> lane)
        where TV : struct, ISimd<TV>
        where TState : struct, IState<TState, TV>
        where TObserver : struct, IObserver<TObserver, TV, TState>
    {
        int used = Math.Min(lane.Length, n - start);
        for (int c = 0; c < columns; c++)
        {
            var value = TrajectoryRunner.Column(c, y, outcome, residual, observer);
            if (used == lane.Length)
            {
                TV.Store(value, outputs.AsSpan(c * n + start, used));
                continue;
            }
            TV.Store(value, lane);
            lane[..used].CopyTo(outputs.AsSpan(c * n + start, used));
        }
    }

    /// <summary>Loads <paramref name="used"/> values into a register; a partial block repeats its last trajectory in the spare lanes.</summary>
    private static TV Load<TV>(double[] source, int offset, int used, Span<double> lane) where TV : struct, ISimd<TV>
    {
        if (used == lane.Length) return TV.Load(source.AsSpan(offset, used));
        source.AsSpan(offset, used).CopyTo(lane);
        lane[used..].Fill(source[offset + used - 1]);
        return TV.Load(lane);
    }
}
