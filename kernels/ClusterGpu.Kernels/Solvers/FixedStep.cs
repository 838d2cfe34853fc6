using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Random;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.States;
using ClusterGpu.Kernels.Steppers;

namespace ClusterGpu.Kernels.Solvers;

/// <summary>
/// Fixed step size <see cref="Dt"/>: ⌈(t_end − t0)/dt⌉ steps, the last one shortened to land on t_end exactly;
/// t is computed as t0 + i·dt (no drift). A lane whose state turns non-finite is marked
/// <see cref="TrajectoryStatus.NonFinite"/> with the step count and time at failure; the loop ends early when every lane failed.
/// </summary>
public struct FixedStep<TStepper>(double dt) : IIntegrationMethod where TStepper : struct, IFixedStepper
{
    /// <summary>Step size (time units), &gt; 0.</summary>
    public double Dt = dt;

    /// <summary>Fixed-step steppers are explicit: they take no Jacobian.</summary>
    public static bool EvaluatesJacobian => false;

    /// <summary>Number of steps to cover [t0, t_end] with step <paramref name="dt"/>.</summary>
    public static long StepCount(double t0, double tEnd, double dt) => Math.Max(1L, (long)Math.Ceiling(Ieee.Mul(Ieee.Div(Ieee.Sub(tEnd, t0), dt), 1 - 1e-12)));

    /// <summary>
    /// The step count S over [<paramref name="t0"/>, <paramref name="tEnd"/>] (<see cref="StepCount"/>) and the last step's
    /// size t_end − (t0 + (S − 1)·dt), so that the last step lands on t_end exactly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly long Steps<T>(double t0, double tEnd, out T lastH) where T : struct, IReal<T>
    {
        long steps = StepCount(t0, tEnd, Dt);
        lastH = T.FromDouble(Ieee.Sub(tEnd, Ieee.Add(t0, Ieee.Mul(steps - 1, Dt))));
        return steps;
    }

    public readonly Outcome<T> Integrate<TModel, TJacobian, T, TState, TObserver>(TModel model, TJacobian jacobian, ref TState y, double t0, double tEnd, ref TObserver observer, RandomStream noise)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState>
    {
        long steps = Steps(t0, tEnd, out T lastH);
        var h = T.FromDouble(Dt);
        var group = new Group<TModel, T, TState, TObserver>(model, y, observer, noise, T.True);
        for (long i = 0; i < steps && group.Running; i++)
            group.Advance(ref y, t0, tEnd, Dt, i, steps, i == steps - 1 ? lastH : h);
        observer = group.Observer;
        return group.Outcome(steps, tEnd);
    }

    public readonly void IntegrateBlocks<TModel, TJacobian, T, TState, TObserver, TSupply>(Span<IntegrationBlock<TModel, TJacobian, T, TState, TObserver>> blocks, double t0, double tEnd, ref TSupply supply)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState>
        where TSupply : struct, ILaneSupply<TModel, TJacobian, T, TState, TObserver>
    {
        long steps = Steps(t0, tEnd, out T lastH);
        var h = T.FromDouble(Dt);
        Unsafe.SkipInit(out BlockStates<Group<TModel, T, TState, TObserver>> storage); // each used slot is assigned whole below
        Span<Group<TModel, T, TState, TObserver>> groups = storage;
        groups = groups[..blocks.Length];
        Unsafe.SkipInit(out BlockStates<T> lanesStorage);
        Span<T> lanes = lanesStorage;
        lanes = lanes[..blocks.Length];
        bool any = false;
        for (int k = 0; k < groups.Length; k++)
        {
            lanes[k] = supply.Exchange(k, T.False, ref blocks[k]);
            groups[k] = new Group<TModel, T, TState, TObserver>(blocks[k].Model, blocks[k].State, blocks[k].Observer, blocks[k].Noise, lanes[k]);
            any |= T.Any(lanes[k]);
        }
        // Every lane of a register takes the same steps, so the blocks end together; then all of them are refilled.
        while (any)
        {
            bool running = true;
            for (long i = 0; i < steps && running; i++)
            {
                var hStep = i == steps - 1 ? lastH : h;
                running = false;
                // Every block's step in one loop body: independent dependency chains for the out-of-order core.
                for (int k = 0; k < groups.Length; k++)
                {
                    if (!groups[k].Running) continue;
                    AdvanceOutOfLine(ref groups[k], ref blocks[k].State, t0, tEnd, Dt, i, steps, hStep);
                    running = true;
                }
            }
            any = false;
            for (int k = 0; k < groups.Length; k++)
            {
                if (!T.Any(lanes[k])) continue;
                (blocks[k].Observer, blocks[k].Outcome) = (groups[k].Observer, groups[k].Outcome(steps, tEnd));
                lanes[k] = supply.Exchange(k, lanes[k], ref blocks[k]);
                groups[k] = new Group<TModel, T, TState, TObserver>(blocks[k].Model, blocks[k].State, blocks[k].Observer, blocks[k].Noise, lanes[k]);
                any |= T.Any(lanes[k]);
            }
        }
    }

    public readonly void IntegrateQueue<TModel, TJacobian, T, TState, TObserver, TSupply>(ref IntegrationBlock<TModel, TJacobian, T, TState, TObserver> block, double t0, double tEnd, ref TSupply supply)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState>
        where TSupply : struct, ILaneSupply<TModel, TJacobian, T, TState, TObserver>
    {
        long steps = Steps(t0, tEnd, out T lastH);
        var h = T.FromDouble(Dt);
        var lanes = supply.Exchange(0, T.False, ref block);
        var group = new Group<TModel, T, TState, TObserver>(block.Model, block.State, block.Observer, block.Noise, lanes);
        long i = 0;
        while (true)
        {
            if (i < steps && group.Running)
            {
                group.Advance(ref block.State, t0, tEnd, Dt, i, steps, i == steps - 1 ? lastH : h);
                i++;
                continue;
            }
            if (!T.Any(lanes)) return;
            // The register's trajectories ended (all steps taken, or every lane failed): hand them back, start the next ones.
            (block.Observer, block.Outcome) = (group.Observer, group.Outcome(steps, tEnd));
            lanes = supply.Exchange(0, lanes, ref block);
            group = new Group<TModel, T, TState, TObserver>(block.Model, block.State, block.Observer, block.Noise, lanes);
            i = 0;
        }
    }

    /// <summary>
    /// One step of one block as a call of its own (CPU only: <see cref="IntegrateBlocks"/> runs on the cpu backend alone). The
    /// .NET JIT stops inlining into a method once it holds 512 locals ("too many locals"): two steps of a four-state model with
    /// its parameters inlined into one loop pass that limit and leave the lane arithmetic as calls (innovation-cluster rk4:
    /// 1.5e8 trajectory-steps/s inlined, 1.07e9 as calls of their own).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AdvanceOutOfLine<TModel, T, TState, TObserver>(ref Group<TModel, T, TState, TObserver> group, ref TState state,
        double t0, double tEnd, double dt, long i, long steps, in T h)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState> =>
        group.Advance(ref state, t0, tEnd, dt, i, steps, h);

    /// <summary>
    /// One trajectory's (or SIMD group's) integration state, advanced one step at a time, so that one loop can advance
    /// one group (<see cref="Integrate"/>) or several (<see cref="IntegrateBlocks"/>) with the same code.
    /// </summary>
    private struct Group<TModel, T, TState, TObserver>
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState>
    {
        private readonly TModel model;
        private readonly RandomStream noise;
        public TObserver Observer;
        private T alive, stepsAtFailure, timeAtFailure;
        /// <summary>False once every lane failed.</summary>
        public bool Running;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Group(TModel model, TState y, TObserver observer, RandomStream noise, T lanes)
        {
            (this.model, this.noise, Observer) = (model, noise, observer);
            alive = lanes;
            stepsAtFailure = timeAtFailure = T.FromDouble(0.0);
            Running = T.Any(lanes);
            Observer.Start(y, TState.Broadcast(T.FromDouble(double.NaN)), model.Tracked(y));
        }

        /// <summary>Step <paramref name="i"/> of <paramref name="steps"/> (size <paramref name="h"/>) of <paramref name="state"/>, then the observer.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Advance(ref TState state, double t0, double tEnd, double dt, long i, long steps, T h)
        {
            var t = Ieee.Add(t0, Ieee.Mul(i, dt));
            var next = default(TStepper).Step(model, T.FromDouble(t), h, state, noise, i);
            state = next;
            var tNext = T.FromDouble(i == steps - 1 ? tEnd : Ieee.Add(t, dt));
            var finite = StateMath.AllFinite<T, TState>(next);
            // Rare: a lane just failed (or failed before: its state stays non-finite); the bookkeeping stays out of the hot path.
            if (!T.All(finite) && T.Any(T.AndNot(alive, finite)))
            {
                var failed = T.AndNot(alive, finite);
                stepsAtFailure = T.Select(failed, T.FromDouble(i + 1), stepsAtFailure);
                timeAtFailure = T.Select(failed, tNext, timeAtFailure);
                alive = T.AndNot(alive, failed);
                Running = T.Any(alive);
                if (!Running) return;
            }
            var notComputed = TState.Broadcast(T.FromDouble(double.NaN));
            Observer.Observe(alive, tNext, next, notComputed, notComputed, model.Tracked(next));
        }

        public readonly Outcome<T> Outcome(long steps, double tEnd) => new(
            T.Select(alive, T.FromDouble((int)TrajectoryStatus.Success), T.FromDouble((int)TrajectoryStatus.NonFinite)),
            T.Select(alive, T.FromDouble(steps), stepsAtFailure),
            T.FromDouble(0.0),
            T.Select(alive, T.FromDouble(tEnd), timeAtFailure));
    }
}
