using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;
using ClusterGpu.Kernels.Steppers;

namespace ClusterGpu.Backends;

/// <summary>
/// CPU-only wrapper that keeps an adaptive step out of the integration loop's method. Inlined into the loop,
/// a 7-stage step on SIMD lanes passes the .NET JIT's limit of 512 locals per method and the lane arithmetic is left as
/// calls (Lorenz, Dopri5, cpu: 1.3e7 inlined vs 6.5e7 trajectory-steps/s out of line). GPU kernels use the
/// stepper directly: ILGPU inlines everything, and a call there would put the step's outputs in local memory.
/// </summary>
[SkipLocalsInit]
public struct OutOfLineStep<TStepper> : IAdaptiveStepper where TStepper : struct, IAdaptiveStepper
{
    public static int ErrorExponent => TStepper.ErrorExponent;
    public static bool EvaluatesJacobian => TStepper.EvaluatesJacobian;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly TState Step<TModel, TJacobian, T, TState>(in TModel model, in TJacobian jacobian, T t, T h, in TState y, in TState k1, bool denseOutput, out TState error, out TState kNext, out TState quartic)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T> =>
        default(TStepper).Step(model, jacobian, t, h, y, k1, denseOutput, out error, out kNext, out quartic);

    /// <summary>One part: the whole step, out of line.</summary>
    public static int Parts => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepPart<TModel, TJacobian, T, TState>(int part, in TModel model, in TJacobian jacobian, ref StepWork<T, TState> work)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T> =>
        work.Solution = Step(model, jacobian, work.Time, work.StepSize, work.State, work.Slope, work.DenseOutput, out work.Error, out work.NextSlope, out work.Quartic);
}
