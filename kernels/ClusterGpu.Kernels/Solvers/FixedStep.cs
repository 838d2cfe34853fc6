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

    /// <summary>Number of steps to cover [t0, t_end] with step <paramref name="dt"/>.</summary>
    public static long StepCount(double t0, double tEnd, double dt) => Math.Max(1L, (long)Math.Ceiling(Ieee.Mul(Ieee.Div(Ieee.Sub(tEnd, t0), dt), 1 - 1e-12)));

    public readonly Outcome<T> Integrate<TModel, TJacobian, T, TState, TObserver>(TModel model, TJacobian jacobian, ref TState y, double t0, double tEnd, ref TObserver observer, RandomStream noise)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState>
    {
        TStepper stepper = default;
        long steps = StepCount(t0, tEnd, Dt);
        var h = T.FromDouble(Dt);
        var lastH = T.FromDouble(Ieee.Sub(tEnd, Ieee.Add(t0, Ieee.Mul(steps - 1, Dt))));
        var alive = T.True;
        var state = y; // a local, not the by-reference argument, so the JIT keeps it in registers
        observer.Start(state, model.Tracked(state));
        var stepsAtFailure = T.FromDouble(0.0);
        var timeAtFailure = T.FromDouble(0.0);
        for (long i = 0; i < steps; i++)
        {
            var t = Ieee.Add(t0, Ieee.Mul(i, Dt));
            state = stepper.Step(model, T.FromDouble(t), i == steps - 1 ? lastH : h, state, noise, i);
            var tNext = T.FromDouble(i == steps - 1 ? tEnd : Ieee.Add(t, Dt));
            var failed = T.AndNot(alive, StateMath.AllFinite<T, TState>(state));
            if (T.Any(failed)) // rare: keep the bookkeeping out of the hot path
            {
                stepsAtFailure = T.Select(failed, T.FromDouble(i + 1), stepsAtFailure);
                timeAtFailure = T.Select(failed, tNext, timeAtFailure);
                alive = T.AndNot(alive, failed);
                if (!T.Any(alive)) break;
            }
            observer.Observe(alive, tNext, state, model.Tracked(state));
        }
        y = state;
        return new(
            T.Select(alive, T.FromDouble((int)TrajectoryStatus.Success), T.FromDouble((int)TrajectoryStatus.NonFinite)),
            T.Select(alive, T.FromDouble(steps), stepsAtFailure),
            T.FromDouble(0.0),
            T.Select(alive, T.FromDouble(tEnd), timeAtFailure));
    }
}
