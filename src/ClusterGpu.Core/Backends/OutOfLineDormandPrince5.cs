using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;
using ClusterGpu.Kernels.Steppers;

namespace ClusterGpu.Backends;

/// <summary>
/// CPU-only <see cref="DormandPrince5"/> whose step runs as its three parts out of line (stages 2–4, stages 5–6 and the
/// solution, k7 with the error estimate and the dense-output coefficient). As one method, the step with its dense output
/// passes the .NET JIT's limit of 512 locals per method ("too many locals") and the lane arithmetic is left as calls (measured on Lorenz, cpu: 3.6e7
/// trajectory-steps/s against 7.0e7 for the step without dense output); each part alone stays within it. The same
/// operations in the same order as <see cref="DormandPrince5.Step"/>: the same bits.
/// </summary>
[SkipLocalsInit]
public struct OutOfLineDormandPrince5 : IAdaptiveStepper
{
    public static int ErrorExponent => DormandPrince5.ErrorExponent;
    public static bool EvaluatesJacobian => DormandPrince5.EvaluatesJacobian;

    public readonly TState Step<TModel, TJacobian, T, TState>(in TModel model, in TJacobian jacobian, T t, T h, in TState y, in TState k1, bool denseOutput, out TState error, out TState kNext, out TState quartic)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        var k2 = StagesTwoToFour(model, t, h, y, k1, out var k3, out var k4);
        var yNew = StagesFiveToSix(model, t, h, y, k1, k2, k3, k4, out var k5, out var k6);
        kNext = Finish(model, t, h, yNew, k1, k3, k4, k5, k6, denseOutput, out error, out quartic);
        return yNew;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TState StagesTwoToFour<TModel, T, TState>(in TModel model, in T t, in T h, in TState y, in TState k1, out TState k3, out TState k4)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T> =>
        DormandPrince5.StagesTwoToFour(model, t, h, y, k1, out k3, out k4);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TState StagesFiveToSix<TModel, T, TState>(in TModel model, in T t, in T h, in TState y, in TState k1, in TState k2, in TState k3, in TState k4, out TState k5, out TState k6)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T> =>
        DormandPrince5.StagesFiveToSix(model, t, h, y, k1, k2, k3, k4, out k5, out k6);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TState Finish<TModel, T, TState>(in TModel model, in T t, in T h, in TState yNew, in TState k1, in TState k3, in TState k4, in TState k5, in TState k6, bool denseOutput, out TState error, out TState quartic)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T> =>
        DormandPrince5.Finish(model, t, h, yNew, k1, k3, k4, k5, k6, denseOutput, out error, out quartic);
}
