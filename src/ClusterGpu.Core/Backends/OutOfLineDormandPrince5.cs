using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;
using ClusterGpu.Kernels.Steppers;

namespace ClusterGpu.Backends;

/// <summary>
/// CPU-only <see cref="DormandPrince5"/> whose step runs as its four parts out of line (<see cref="DormandPrince5.StepPart"/>:
/// stages 2–3, stages 4–5, stage 6 with the solution, k7 with the error estimate and the dense-output coefficient). As one
/// method, the step with its dense output passes the .NET JIT's limit of 512 locals per method ("too many locals") and the
/// lane arithmetic is left as calls (measured on Lorenz, cpu: 3.6e7 trajectory-steps/s against 7.0e7 for the step without
/// dense output); each part alone stays within it, also for models with many states. As parts, the cpu backend interleaves
/// them across register blocks (<see cref="Adaptive{TStepper}.IntegrateBlocks"/>). The same operations in the same order as
/// <see cref="DormandPrince5.Step"/>: the same bits.
/// </summary>
[SkipLocalsInit]
public struct OutOfLineDormandPrince5 : IAdaptiveStepper
{
    public static int ErrorExponent => DormandPrince5.ErrorExponent;
    public static bool EvaluatesJacobian => DormandPrince5.EvaluatesJacobian;
    public static int Parts => DormandPrince5.Parts;

    public readonly TState Step<TModel, TJacobian, T, TState>(in TModel model, in TJacobian jacobian, T t, T h, in TState y, in TState k1, bool denseOutput, out TState error, out TState kNext, out TState quartic)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        Unsafe.SkipInit(out StepWork<T, TState> work);
        (work.Time, work.StepSize, work.State, work.Slope, work.DenseOutput) = (t, h, y, k1, denseOutput);
        for (int part = 0; part < Parts; part++) StepPart(part, model, jacobian, ref work);
        (error, kNext, quartic) = (work.Error, work.NextSlope, work.Quartic);
        return work.Solution;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepPart<TModel, TJacobian, T, TState>(int part, in TModel model, in TJacobian jacobian, ref StepWork<T, TState> work)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        switch (part)
        {
            case 0: StagesTwoAndThree(model, ref work); break;
            case 1: StagesFourAndFive(model, ref work); break;
            case 2: StageSixAndSolution(model, ref work); break;
            default: Finish(model, ref work); break;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StagesTwoAndThree<TModel, T, TState>(in TModel model, ref StepWork<T, TState> work)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T> =>
        DormandPrince5.StagesTwoAndThree(model, ref work);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StagesFourAndFive<TModel, T, TState>(in TModel model, ref StepWork<T, TState> work)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T> =>
        DormandPrince5.StagesFourAndFive(model, ref work);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StageSixAndSolution<TModel, T, TState>(in TModel model, ref StepWork<T, TState> work)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T> =>
        DormandPrince5.StageSixAndSolution(model, ref work);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Finish<TModel, T, TState>(in TModel model, ref StepWork<T, TState> work)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T> =>
        DormandPrince5.Finish(model, ref work);
}
