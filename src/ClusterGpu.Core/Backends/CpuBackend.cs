using System.Runtime.CompilerServices;
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
[SkipLocalsInit]
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
    /// Register blocks integrated together per call of <see cref="TrajectoryRunner.RunBlocks"/>: one independent dependency
    /// chain each, overlapped by the out-of-order core (measured on this project's AMD EPYC host, Lorenz fp64 trajectory-steps/s,
    /// 2 / 3 / 4 blocks: see the README's throughput section).
    /// </summary>
    public const int BlocksPerCall = 3;

    /// <summary>
    /// Runs the register blocks of <paramref name="layout"/> on every core, <see cref="BlocksPerCall"/> at a time through
    /// <see cref="TrajectoryRunner.RunBlocks"/>, the last call of a range with the blocks that remain.
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
        var ranges = Partitioner.Create(0, blocks, Math.Max(BlocksPerCall, blocks / (Environment.ProcessorCount * 16)));
        Parallel.ForEach(ranges, range =>
        {
            Span<double> lane = stackalloc double[width];
            var batch = new IntegrationBlock<TModel, TJacobian, TV, TState, TObserver>[BlocksPerCall];
            for (int first = range.Item1; first < range.Item2; first += BlocksPerCall)
            {
                var run = batch.AsSpan(0, Math.Min(BlocksPerCall, range.Item2 - first));
                for (int k = 0; k < run.Length; k++)
                {
                    int start = (first + k) * width;
                    var (p, y) = LoadBlock<TV, TState>(layout, parameters, initialStates, start, lane);
                    run[k] = TrajectoryRunner.Block<TModel, TJacobian, TV, TState, TObserver>(p, y, start, prototype, layout);
                }
                TrajectoryRunner.RunBlocks<TModel, TJacobian, TV, TState, TMethod, TObserver>(run, layout, method);
                for (int k = 0; k < run.Length; k++)
                    StoreBlock(outputs, n, columns, (first + k) * width, ref run[k], lane);
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
    private static void StoreBlock<TModel, TJacobian, TV, TState, TObserver>(double[] outputs, int n, int columns, int start,
        ref IntegrationBlock<TModel, TJacobian, TV, TState, TObserver> block, Span<double> lane)
        where TModel : struct, IModel<TModel, TV, TState>
        where TJacobian : struct, IJacobian<TJacobian, TV, TState>
        where TV : struct, ISimd<TV>
        where TState : struct, IState<TState, TV>
        where TObserver : struct, IObserver<TObserver, TV, TState>
    {
        int used = Math.Min(lane.Length, n - start);
        var residual = TrajectoryRunner.Residual(block);
        for (int c = 0; c < columns; c++)
        {
            var value = TrajectoryRunner.Column(c, block.State, block.Outcome, residual, ref block.Observer);
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
