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
    /// Runs the trajectories of <paramref name="layout"/> on every core: each core integrates <see cref="BlocksPerCall"/>
    /// register blocks through <see cref="TrajectoryRunner.RunBlocks"/>, refilled from one shared queue of trajectories
    /// (<see cref="LaneSupply{TModel, TJacobian, TV, TState, TObserver}"/>) until it is empty.
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
        var queue = new TrajectoryQueue(layout.Count);
        int workers = Math.Max(1, Math.Min(Environment.ProcessorCount, (layout.Count + TV.Count * BlocksPerCall - 1) / (TV.Count * BlocksPerCall)));
        Parallel.For(0, workers, _ =>
        {
            var blocks = new IntegrationBlock<TModel, TJacobian, TV, TState, TObserver>[BlocksPerCall];
            var supply = new LaneSupply<TModel, TJacobian, TV, TState, TObserver>(layout, parameters, initialStates, outputs, prototype, queue, BlocksPerCall);
            TrajectoryRunner.RunBlocks<TModel, TJacobian, TV, TState, TMethod, TObserver, LaneSupply<TModel, TJacobian, TV, TState, TObserver>>(
                blocks, layout, method, ref supply);
        });
    }

    /// <summary>The trajectories of a batch still to be integrated, handed out in increasing order to every core.</summary>
    private sealed class TrajectoryQueue(int count)
    {
        private int next;

        /// <summary>The first of up to <paramref name="wanted"/> consecutive pending trajectories and how many there are (0: none left).</summary>
        public (int First, int Count) Take(int wanted)
        {
            int first = Interlocked.Add(ref next, wanted) - wanted;
            return first >= count ? (first, 0) : (first, Math.Min(wanted, count - first));
        }
    }

    /// <summary>
    /// One core's <see cref="ILaneSupply{TModel, TJacobian, T, TState, TObserver}"/>: which trajectory each lane of each block
    /// holds; stores the ended lanes' output columns at their trajectories' places and loads the next pending trajectories
    /// (consecutive ones, so a register whose lanes all ended, as fixed-step registers do, gets an aligned block and its
    /// random stream as before).
    /// </summary>
    private struct LaneSupply<TModel, TJacobian, TV, TState, TObserver>(EnsembleLayout layout, double[] parameters, double[] initialStates,
        double[] outputs, TObserver prototype, TrajectoryQueue queue, int slots) : ILaneSupply<TModel, TJacobian, TV, TState, TObserver>
        where TModel : struct, IModel<TModel, TV, TState>
        where TJacobian : struct, IJacobian<TJacobian, TV, TState>
        where TV : struct, ISimd<TV>
        where TState : struct, IState<TState, TV>
        where TObserver : struct, IObserver<TObserver, TV, TState>
    {
        private static readonly int Width = TV.Count;
        /// <summary>Trajectory of each lane (slot · width + lane): the one it runs or last ran; −1 before its first.</summary>
        private readonly int[] trajectory = Enumerable.Repeat(-1, slots * TV.Count).ToArray();
        /// <summary>Whether each lane's trajectory is still to be stored.</summary>
        private readonly bool[] busy = new bool[slots * TV.Count];
        private readonly double[] lane = new double[TV.Count], flags = new double[TV.Count];
        private readonly bool[] endedLanes = new bool[TV.Count];

        public readonly bool Worth(TV ended)
        {
            TV.Store(ended, lane);
            int count = 0;
            foreach (var flag in lane) if (flag != 0) count++;
            return 2 * count >= Width;
        }

        public readonly TV Exchange(int slot, TV ended, ref IntegrationBlock<TModel, TJacobian, TV, TState, TObserver> block)
        {
            int n = layout.Count, offset = slot * Width;
            TV.Store(ended, lane);
            for (int j = 0; j < Width; j++) endedLanes[j] = lane[j] != 0 && busy[offset + j];
            if (endedLanes.Contains(true)) Store(ref block, offset, endedLanes);

            int free = 0;
            for (int j = 0; j < Width; j++) if (!busy[offset + j]) free++;
            var (first, count) = queue.Take(free);
            Array.Clear(flags);
            for (int j = 0, taken = 0; j < Width && taken < count; j++)
            {
                if (busy[offset + j]) continue;
                (trajectory[offset + j], busy[offset + j], flags[j]) = (first + taken++, true, 1);
            }
            if (count == 0) return TV.False;

            // Every lane's model from its own trajectory's parameters (lanes that never ran one repeat the first entering
            // lane's); the entering lanes' initial states and a fresh observer.
            for (int j = 0; j < Width; j++) if (trajectory[offset + j] < 0) trajectory[offset + j] = first;
            var p = default(ParameterBlock<TV>);
            for (int k = 0; k < layout.ParameterCount; k++) p[k] = Gather(parameters, k * n, offset);
            var y = default(TState);
            for (int k = 0; k < TState.Length; k++) y[k] = Gather(initialStates, k * n, offset);
            block = TrajectoryRunner.Block<TModel, TJacobian, TV, TState, TObserver>(p, y, trajectory[offset], prototype, layout);
            return TV.LessThan(TV.FromDouble(0.5), TV.Load(flags));
        }

        /// <summary>One register of <paramref name="source"/>[origin + trajectory] over the block's lanes.</summary>
        private readonly TV Gather(double[] source, int origin, int offset)
        {
            if (Consecutive(offset)) return TV.Load(source.AsSpan(origin + trajectory[offset], Width));
            for (int j = 0; j < Width; j++) lane[j] = source[origin + trajectory[offset + j]];
            return TV.Load(lane);
        }

        /// <summary>True when the block's lanes hold consecutive trajectories, lane 0's first (a register loaded or stored at once).</summary>
        private readonly bool Consecutive(int offset)
        {
            int first = trajectory[offset];
            for (int j = 1; j < Width; j++) if (trajectory[offset + j] != first + j) return false;
            return true;
        }

        /// <summary>Writes the output columns of the <paramref name="ended"/> lanes at their trajectories' places.</summary>
        private readonly void Store(ref IntegrationBlock<TModel, TJacobian, TV, TState, TObserver> block, int offset, bool[] ended)
        {
            int n = layout.Count, columns = layout.FixedColumns + prototype.Columns, first = trajectory[offset];
            // A whole register of consecutive trajectories (a grid's neighbours end together) stores each column at once.
            bool whole = Consecutive(offset) && first + Width <= n && !ended.Contains(false);
            var residual = TrajectoryRunner.Residual(block);
            for (int c = 0; c < columns; c++)
            {
                var value = TrajectoryRunner.Column(c, block.State, block.Outcome, residual, ref block.Observer);
                if (whole)
                {
                    TV.Store(value, outputs.AsSpan(c * n + first, Width));
                    continue;
                }
                TV.Store(value, lane);
                for (int j = 0; j < Width; j++)
                    if (ended[j]) outputs[c * n + trajectory[offset + j]] = lane[j];
            }
            for (int j = 0; j < Width; j++) if (ended[j]) busy[offset + j] = false;
        }
    }
}
