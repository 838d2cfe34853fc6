using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Random;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.States;
using ClusterGpu.Kernels.Steppers;

namespace ClusterGpu.Kernels.Solvers;

/// <summary>
/// Adaptive step size per trajectory (per lane) with an embedded pair and a PI controller
/// (Hairer, Nørsett &amp; Wanner, Solving ODEs I, §II.4; Gustafsson 1991):
/// accept when err = ‖e / (atol + rtol·max(|y|, |y_new|))‖_RMS ≤ 1 (tested as err² ≤ 1: the mean of squares, no square root
/// on the step's critical path), then
/// h_new = h · clamp(0.9 · err^(−0.7/k) · err_prev^(0.4/k), 0.2, 10) with k = <see cref="IAdaptiveStepper.ErrorExponent"/>, computed as
/// 2^(log₂ 0.9 − (0.7/k)·log₂ err + (0.4/k)·log₂ err_prev) with <see cref="ControllerPowers"/> (one of each per step: a short
/// dependency chain, the same bits on every device)
/// (no growth after a rejection). Initial step by Hairer's heuristic unless <see cref="InitialStep"/> &gt; 0.
/// Ends per lane with <see cref="TrajectoryStatus.Success"/> at t_end, <see cref="TrajectoryStatus.StepSizeUnderflow"/>
/// when t + h == t, <see cref="TrajectoryStatus.NonFinite"/> when that happens after a non-finite error
/// (blow-up), or <see cref="TrajectoryStatus.MaxStepsReached"/> after <see cref="MaxSteps"/> attempts.
/// </summary>
public struct Adaptive<TStepper>(double relativeTolerance, double absoluteTolerance, long maxSteps, double initialStep = 0)
    : IIntegrationMethod where TStepper : struct, IAdaptiveStepper
{
    /// <summary>Relative tolerance rtol &gt; 0.</summary>
    public double RelativeTolerance = relativeTolerance;
    /// <summary>Absolute tolerance atol &gt; 0 (state units).</summary>
    public double AbsoluteTolerance = absoluteTolerance;
    /// <summary>Most step attempts (accepted + rejected) per trajectory: finite, so every kernel ends.</summary>
    public long MaxSteps = maxSteps;
    /// <summary>First step size; ≤ 0 chooses it automatically.</summary>
    public double InitialStep = initialStep;

    public static bool EvaluatesJacobian => TStepper.EvaluatesJacobian;

    // log₂ 1e-4 and log₂ 0.9 as literals: no Math.Log call inside a kernel.
    private const double LogErrorFloor = -13.287712379549449, LogSafety = -0.15200309344504997;

    public readonly Outcome<T> Integrate<TModel, TJacobian, T, TState, TObserver>(TModel model, TJacobian jacobian, ref TState y, double t0, double tEnd, ref TObserver observer, RandomStream noise)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState>
    {
        var group = new Group<TModel, TJacobian, T, TState, TObserver>(this, model, jacobian, y, observer, T.True, t0, tEnd);
        while (group.Running) group.Attempt(this, tEnd);
        (y, observer) = (group.State, group.Observer);
        return group.Outcome;
    }

    public readonly void IntegrateBlocks<TModel, TJacobian, T, TState, TObserver, TSupply>(Span<IntegrationBlock<TModel, TJacobian, T, TState, TObserver>> blocks, double t0, double tEnd, ref TSupply supply)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState>
        where TSupply : struct, ILaneSupply<TModel, TJacobian, T, TState, TObserver>
    {
        Unsafe.SkipInit(out BlockStates<Group<TModel, TJacobian, T, TState, TObserver>> storage); // each used slot is assigned whole below
        Span<Group<TModel, TJacobian, T, TState, TObserver>> groups = storage;
        groups = groups[..blocks.Length];
        bool running = false;
        double midSpan = Ieee.Add(t0, Ieee.Mul(0.5, Ieee.Sub(tEnd, t0)));
        for (int k = 0; k < groups.Length; k++)
        {
            var lanes = supply.Exchange(k, T.False, ref blocks[k]);
            groups[k] = new Group<TModel, TJacobian, T, TState, TObserver>(this, blocks[k].Model, blocks[k].Jacobian, blocks[k].State, blocks[k].Observer, lanes, t0, tEnd);
            running |= groups[k].Running;
        }
        while (running)
        {
            // Each stage of the attempt for every running block before the next stage: the blocks' independent dependency
            // chains sit side by side in the instruction stream, where the out-of-order core overlaps them.
            for (int k = 0; k < groups.Length; k++)
                if (groups[k].Running) groups[k].Begin(tEnd);
            for (int part = 0; part < TStepper.Parts; part++)
                for (int k = 0; k < groups.Length; k++)
                    if (groups[k].Running) groups[k].StepPart(part);
            for (int k = 0; k < groups.Length; k++)
                if (groups[k].Running) AcceptOutOfLine(ref groups[k], this, tEnd);
            running = false;
            for (int k = 0; k < groups.Length; k++)
            {
                if (!groups[k].Running) continue;
                ControlOutOfLine(ref groups[k], this);
                if (!groups[k].Running ? groups[k].AnyAssigned
                    : groups[k].LanesEnded && groups[k].SomeLaneBefore(midSpan) && supply.Worth(groups[k].Ended))
                    RefillOutOfLine(ref groups[k], this, ref blocks[k], k, ref supply, t0, tEnd);
                running |= groups[k].Running;
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
        var lanes = supply.Exchange(0, T.False, ref block);
        var group = new Group<TModel, TJacobian, T, TState, TObserver>(this, block.Model, block.Jacobian, block.State, block.Observer, lanes, t0, tEnd);
        while (true)
        {
            if (group.Running) group.Attempt(this, tEnd);
            if (group.Running) continue;
            if (!T.Any(lanes)) return;
            // The register's trajectories ended (the rare branch of the loop): hand them back, start the next ones.
            (block.State, block.Observer, block.Outcome) = (group.State, group.Observer, group.Outcome);
            lanes = supply.Exchange(0, lanes, ref block);
            group = new Group<TModel, TJacobian, T, TState, TObserver>(this, block.Model, block.Jacobian, block.State, block.Observer, lanes, t0, tEnd);
        }
    }

    /// <summary>
    /// Hands the ended lanes of a block back to the supply and starts the trajectories it loads into them (a call of its own:
    /// it runs once per few hundred attempts).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RefillOutOfLine<TModel, TJacobian, T, TState, TObserver, TSupply>(ref Group<TModel, TJacobian, T, TState, TObserver> group,
        in Adaptive<TStepper> method, ref IntegrationBlock<TModel, TJacobian, T, TState, TObserver> block, int slot, ref TSupply supply, double t0, double tEnd)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState>
        where TSupply : struct, ILaneSupply<TModel, TJacobian, T, TState, TObserver>
    {
        var ended = group.Ended;
        (block.State, block.Observer, block.Outcome) = (group.State, group.Observer, group.Outcome);
        var entering = supply.Exchange(slot, ended, ref block);
        group.Refill(method, ended, entering, block, t0, tEnd);
    }

    // The acceptance and the controller as calls of their own (CPU only: IntegrateBlocks runs on the cpu backend alone): the .NET
    // JIT stops inlining into a method once it holds 512 locals (every inlined operation adds its own; the runtime reports
    // "too many locals"), and several blocks' attempts inlined into one loop pass that limit, leaving the lane arithmetic as
    // calls and the states copied through memory. The stepper's parts are out of line on the CPU for the same reason
    // (OutOfLineDormandPrince5, OutOfLineStep).

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AcceptOutOfLine<TModel, TJacobian, T, TState, TObserver>(ref Group<TModel, TJacobian, T, TState, TObserver> group, in Adaptive<TStepper> method, double tEnd)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState> =>
        group.Accept(method, tEnd);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ControlOutOfLine<TModel, TJacobian, T, TState, TObserver>(ref Group<TModel, TJacobian, T, TState, TObserver> group, in Adaptive<TStepper> method)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState> =>
        group.Control(method);

    /// <summary>
    /// One trajectory's (or SIMD group's) integration state, advanced one attempted step at a time in four stages (begin, the
    /// stepper's step or its parts, accept, control), so that one loop can advance one group (<see cref="Integrate"/>) or
    /// several stage by stage (<see cref="IntegrateBlocks"/>) with the same code.
    /// </summary>
    private struct Group<TModel, TJacobian, T, TState, TObserver>
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState>
    {
        private TModel model;
        private TJacobian jacobian;
        /// <summary>The attempted step: its Time and State are the group's t and y, its Slope k1 = f(t, y).</summary>
        private StepWork<T, TState> work;
        public TObserver Observer;
        private T h, active, status, steps, rejected, previousErrorLog;
        /// <summary>Lanes holding a trajectory not yet handed back (<see cref="IntegrateBlocks"/>): running or ended.</summary>
        private T assigned;
        // Between the stages of one attempt.
        private T lastStep, errSquared, finite, accepted, rejectedNow;
        private long attempts;
        /// <summary>False once every lane finished or failed, or after the last allowed attempt.</summary>
        public bool Running;
        /// <summary>
        /// True when lanes ended in the last attempt (<see cref="Control"/>): only then does <see cref="IntegrateBlocks"/> ask
        /// whether the ended lanes are worth a refill (asking the supply costs a store and a count).
        /// </summary>
        public bool LanesEnded;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Group(in Adaptive<TStepper> method, TModel model, TJacobian jacobian, TState y, TObserver observer, T lanes, double t0, double tEnd)
        {
            (this.model, this.jacobian, Observer) = (model, jacobian, observer);
            work = default;
            var zero = T.FromDouble(0.0);
            work.Time = T.FromDouble(t0);
            work.State = y;
            work.Slope = model.Derivative(work.Time, y);
            work.DenseOutput = TObserver.UsesDenseOutput;
            h = method.InitialStep > 0
                ? T.FromDouble(method.InitialStep)
                : InitialStepSize(model, work.Time, y, work.Slope, T.FromDouble(Ieee.Sub(tEnd, t0)),
                    T.FromDouble(method.AbsoluteTolerance), T.FromDouble(method.RelativeTolerance), TStepper.ErrorExponent);
            active = assigned = lanes;
            LanesEnded = false;
            Observer.Start(y, work.Slope, model.Tracked(y));
            status = T.FromDouble((int)TrajectoryStatus.MaxStepsReached);
            steps = rejected = zero;
            previousErrorLog = T.FromDouble(0.4 / TStepper.ErrorExponent * LogErrorFloor);
            lastStep = errSquared = finite = accepted = rejectedNow = zero;
            attempts = 0;
            Running = method.MaxSteps > 0 && T.Any(lanes);
        }

        /// <summary>y, the state reached.</summary>
        public readonly TState State => work.State;

        public readonly Outcome<T> Outcome => new(status, steps, rejected, work.Time);

        /// <summary>
        /// Lanes whose trajectory ended and is not yet handed back: all assigned lanes once the group stops, else the assigned
        /// lanes no longer active.
        /// </summary>
        public readonly T Ended => Running ? T.AndNot(assigned, active) : assigned;

        /// <summary>
        /// True when some running lane is still before <paramref name="t"/>. Lanes of one register that end at about the same
        /// time are not refilled early: lanes that start anew run out of step with the others, and the window statistics then
        /// fold the dense output at every step (some lane is always inside the window) instead of at the window's steps only.
        /// </summary>
        public readonly bool SomeLaneBefore(double t) => T.Any(T.And(active, T.LessThan(work.Time, T.FromDouble(t))));

        /// <summary>True when some lane holds a trajectory not yet handed back.</summary>
        public readonly bool AnyAssigned => T.Any(assigned);

        /// <summary>
        /// Retires the <paramref name="ended"/> lanes and starts, in the <paramref name="entering"/> lanes, the trajectories
        /// <paramref name="block"/> now holds (its model and Jacobian serve every lane; the running lanes' are unchanged).
        /// </summary>
        public void Refill(in Adaptive<TStepper> method, T ended, T entering, in IntegrationBlock<TModel, TJacobian, T, TState, TObserver> block, double t0, double tEnd)
        {
            if (T.All(entering))
            {
                // A whole register anew (its lanes ended together, as a grid's neighbours do).
                this = new Group<TModel, TJacobian, T, TState, TObserver>(method, block.Model, block.Jacobian, block.State, block.Observer, entering, t0, tEnd);
                return;
            }
            (model, jacobian) = (block.Model, block.Jacobian);
            active = T.AndNot(active, ended);
            assigned = T.Or(T.AndNot(assigned, ended), entering);
            LanesEnded = false;
            if (T.Any(entering))
            {
                var fresh = new Group<TModel, TJacobian, T, TState, TObserver>(method, block.Model, block.Jacobian, block.State, block.Observer, entering, t0, tEnd);
                work.Time = T.Select(entering, fresh.work.Time, work.Time);
                work.State = TState.Select(entering, fresh.work.State, work.State);
                work.Slope = TState.Select(entering, fresh.work.Slope, work.Slope);
                Observer.Enter(entering, fresh.Observer);
                h = T.Select(entering, fresh.h, h);
                status = T.Select(entering, fresh.status, status);
                steps = T.Select(entering, fresh.steps, steps);
                rejected = T.Select(entering, fresh.rejected, rejected);
                previousErrorLog = T.Select(entering, fresh.previousErrorLog, previousErrorLog);
                active = T.Or(active, entering);
                // The lanes present now have made fewer attempts than the new ones will make: each lane stops at MaxSteps of
                // its own (Control), and this count, from the last entry, stops the group when every lane present must have.
                attempts = 0;
            }
            Running = method.MaxSteps > 0 && attempts < method.MaxSteps && T.Any(active);
        }

        /// <summary>One attempted step: <see cref="Begin"/>, the stepper's step, <see cref="Accept"/>, <see cref="Control"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Attempt(in Adaptive<TStepper> method, double tEnd)
        {
            Begin(tEnd);
            work.Solution = default(TStepper).Step(model, jacobian, work.Time, work.StepSize, work.State, work.Slope, TObserver.UsesDenseOutput,
                out work.Error, out work.NextSlope, out work.Quartic);
            Accept(method, tEnd);
            Control(method);
        }

        /// <summary>The step to attempt: h, or the rest of the span where that is shorter (the last step lands on t_end).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Begin(double tEnd)
        {
            var remaining = T.FromDouble(tEnd) - work.Time;
            var last = T.LessOrEqual(remaining, h);
            (lastStep, work.StepSize) = (last, T.Select(last, remaining, h));
        }

        /// <summary>Part <paramref name="part"/> of the stepper's step (<see cref="IAdaptiveStepper.StepPart"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepPart(int part) => default(TStepper).StepPart(part, model, jacobian, ref work);

        /// <summary>Accept or reject per lane (err² ≤ 1), advance the accepted lanes and observe them.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Accept(in Adaptive<TStepper> method, double tEnd)
        {
            var zero = T.FromDouble(0.0);
            var one = T.FromDouble(1.0);
            // err² = the mean of the squared weighted errors. Locals first, fields last: a field read back at once would wait on
            // its own store.
            var errorSquared = TState.ScaledSumOfSquares(work.Error, work.State, work.Solution, T.FromDouble(method.AbsoluteTolerance), T.FromDouble(method.RelativeTolerance)) * T.FromDouble(1.0 / TState.Length);
            var isFinite = T.IsFinite(errorSquared);
            var accept = T.And(active, T.And(isFinite, T.LessOrEqual(errorSquared, one)));
            var reject = T.AndNot(active, accept);

            var t = T.Select(accept, T.Select(lastStep, T.FromDouble(tEnd), work.Time + work.StepSize), work.Time);
            var y = TState.Select(accept, work.Solution, work.State);
            var slope = TState.Select(accept, work.NextSlope, work.Slope);
            steps += T.Select(accept, one, zero);
            rejected += T.Select(reject, one, zero);
            Observer.Observe(accept, t, y, slope, work.Quartic, model.Tracked(y));
            (work.Time, work.State, work.Slope) = (t, y, slope);
            (errSquared, finite, accepted, rejectedNow) = (errorSquared, isFinite, accept, reject);
        }

        /// <summary>Choose the next step size, retire finished and failed lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Control(in Adaptive<TStepper> method)
        {
            var (t, isFinite, accept) = (work.Time, finite, accepted);
            var previous = previousErrorLog;
            var next = T.Select(active, work.StepSize * StepFactor(errSquared, isFinite, rejectedNow, accept, TStepper.ErrorExponent, ref previous), h);

            var finished = T.And(accept, lastStep);
            var lanes = T.AndNot(active, finished);
            var underflow = T.And(lanes, T.LessOrEqual(t + next, t));
            var outcome = T.Select(finished, T.FromDouble((int)TrajectoryStatus.Success), status);
            outcome = T.Select(underflow, T.Select(isFinite, T.FromDouble((int)TrajectoryStatus.StepSizeUnderflow), T.FromDouble((int)TrajectoryStatus.NonFinite)), outcome);
            lanes = T.AndNot(lanes, underflow);
            // Each lane stops after MaxSteps attempts of its own (every attempt of an active lane counts one step or one rejection).
            lanes = T.AndNot(lanes, T.LessOrEqual(T.FromDouble(method.MaxSteps), steps + rejected));
            LanesEnded = T.Any(T.AndNot(active, lanes));
            (h, previousErrorLog, status, active) = (next, previous, outcome, lanes);
            Running = ++attempts < method.MaxSteps && T.Any(lanes);
        }
    }

    /// <summary>
    /// PI controller factor h_new/h = clamp(0.9 · err^(−0.7/k) · err_prev^(0.4/k), 0.2, 10) from <paramref name="errSquared"/> = err²
    /// (log₂ err = ½·log₂ err², err floored at 1e-10), at most 1 after a rejection and 0.2 after a non-finite error; updates
    /// (0.4/k)·log₂ err_prev where the step was accepted (err_prev floored at 1e-4).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T StepFactor<T>(T errSquared, T finite, T rejected, T accepted, double k, ref T previousErrorLog)
        where T : struct, IReal<T>
    {
        var one = T.FromDouble(1.0);
        var floorErrorLog = T.FromDouble(0.4 / k * LogErrorFloor);
        var logErr = T.FromDouble(0.5) * ControllerPowers.Log2(T.Select(finite, T.Max(errSquared, T.FromDouble(1e-20)), T.FromDouble(1e20)));
        // The exponent clamped to the factor's range first (log₂ 0.2 > −2.33, log₂ 10 < 3.33).
        var exponent = T.MulAdd(T.FromDouble(-0.7 / k), logErr, previousErrorLog + T.FromDouble(LogSafety));
        var factor = ControllerPowers.Exp2(T.Max(T.FromDouble(-3.0), T.Min(T.FromDouble(4.0), exponent)));
        factor = T.Min(T.FromDouble(10.0), T.Max(T.FromDouble(0.2), factor));
        previousErrorLog = T.Select(accepted,
            T.Select(T.LessThan(errSquared, T.FromDouble(1e-8)), floorErrorLog, T.FromDouble(0.4 / k) * logErr), previousErrorLog);
        return T.Select(rejected, T.Min(factor, one), factor);
    }

    /// <summary>Hairer's starting step (Solving ODEs I, §II.4): balances ‖f‖ and an estimate of ‖f'‖ against the tolerance.</summary>
    private static T InitialStepSize<TModel, T, TState>(TModel model, T t, TState y, TState f0, T span, T atol, T rtol, double k)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        var d0 = StateMath.WeightedRmsNorm(y, y, y, atol, rtol);
        var d1 = StateMath.WeightedRmsNorm(f0, y, y, atol, rtol);
        var tiny = T.FromDouble(1e-5);
        var h0 = T.Select(T.Or(T.LessThan(d0, tiny), T.LessThan(d1, tiny)), T.FromDouble(1e-6), T.FromDouble(0.01) * d0 / d1);
        h0 = T.Min(h0, span);
        var f1 = model.Derivative(t + h0, TState.Axpy(y, h0, f0));
        var d2 = StateMath.WeightedRmsNorm(TState.Axpy(f1, T.FromDouble(-1.0), f0), y, y, atol, rtol) / h0;
        var dMax = T.Max(d1, d2);
        var h1 = T.Select(T.LessOrEqual(dMax, T.FromDouble(1e-15)),
            T.Max(T.FromDouble(1e-6), h0 * T.FromDouble(1e-3)),
            T.Exp(T.FromDouble(1.0 / k) * T.Log(T.FromDouble(0.01) / dMax)));
        var h = T.Min(T.FromDouble(100.0) * h0, h1);
        h = T.Min(h, span);
        // A non-finite estimate (e.g. f(y0) overflowing) falls back to a tiny step that the controller grows.
        return T.Select(T.IsFinite(h), h, span * T.FromDouble(1e-6));
    }
}
