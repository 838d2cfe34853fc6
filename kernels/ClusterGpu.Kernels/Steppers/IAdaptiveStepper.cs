using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Steppers;

/// <summary>
/// A one-step method with an embedded error estimate and the first-same-as-last property: from y and k1 = f(t, y)
/// it returns the propagated solution, a local error estimate and f(t + h, y_new) (the next step's k1).
/// Explicit pairs ignore the Jacobian; implicit (Rosenbrock) methods evaluate it once per step.
/// </summary>
public interface IAdaptiveStepper
{
    /// <summary>Order of the error estimate's lower method + 1: the step-size controller's exponent denominator.</summary>
    static abstract int ErrorExponent { get; }

    /// <summary>True when <see cref="Step"/> evaluates the Jacobian (Rosenbrock methods).</summary>
    static abstract bool EvaluatesJacobian { get; }

    /// <summary>
    /// One attempted step; the caller accepts or rejects it. <paramref name="quartic"/> is the coefficient q of the step's
    /// continuous extension beyond the Hermite cubic, p(θ) = Hermite(θ) + θ²(1 − θ)²·q (Dormand–Prince's order-4 dense
    /// output; zero for steppers whose continuous extension is the cubic, see <see cref="Observers.DenseOutput"/>). Without
    /// <paramref name="denseOutput"/> (an observer that reads no continuous extension) a stepper may leave it zero and save its cost.
    /// </summary>
    TState Step<TModel, TJacobian, T, TState>(in TModel model, in TJacobian jacobian, T t, T h, in TState y, in TState k1, bool denseOutput, out TState error, out TState kNext, out TState quartic)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>;

    /// <summary>How many parts <see cref="StepPart"/> runs a step in (1: the whole step at once).</summary>
    static abstract int Parts { get; }

    /// <summary>
    /// Part <paramref name="part"/> (0 … <see cref="Parts"/> − 1) of one attempted step on <paramref name="work"/>: run in order,
    /// the parts compute exactly what <see cref="Step"/> computes, bit for bit. The cpu backend runs each part of several
    /// register blocks before the next part (<see cref="Solvers.Adaptive{TStepper}.IntegrateBlocks"/>), so that the
    /// out-of-order core overlaps their dependency chains.
    /// </summary>
    void StepPart<TModel, TJacobian, T, TState>(int part, in TModel model, in TJacobian jacobian, ref StepWork<T, TState> work)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>;
}
