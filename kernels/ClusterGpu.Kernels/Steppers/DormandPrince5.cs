using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Steppers;

/// <summary>
/// Dormand–Prince 5(4) (Dormand &amp; Prince 1980, "A family of embedded Runge–Kutta formulae",
/// J. Comput. Appl. Math. 6:19–26): 7 stages, first-same-as-last (6 evaluations per accepted step),
/// propagates the order-5 solution, error estimate from the embedded order-4 solution; order-4 continuous extension
/// (the Hermite cubic of the step plus θ²(1 − θ)²·q, q = h·Σ D_i k_i).
/// </summary>
public struct DormandPrince5 : IAdaptiveStepper
{
    public const double C2 = 1.0 / 5, C3 = 3.0 / 10, C4 = 4.0 / 5, C5 = 8.0 / 9;
    public const double A21 = 1.0 / 5;
    public const double A31 = 3.0 / 40, A32 = 9.0 / 40;
    public const double A41 = 44.0 / 45, A42 = -56.0 / 15, A43 = 32.0 / 9;
    public const double A51 = 19372.0 / 6561, A52 = -25360.0 / 2187, A53 = 64448.0 / 6561, A54 = -212.0 / 729;
    public const double A61 = 9017.0 / 3168, A62 = -355.0 / 33, A63 = 46732.0 / 5247, A64 = 49.0 / 176, A65 = -5103.0 / 18656;
    public const double B1 = 35.0 / 384, B3 = 500.0 / 1113, B4 = 125.0 / 192, B5 = -2187.0 / 6784, B6 = 11.0 / 84;
    public const double E1 = 71.0 / 57600, E3 = -71.0 / 16695, E4 = 71.0 / 1920, E5 = -17253.0 / 339200, E6 = 22.0 / 525, E7 = -1.0 / 40;
    // Dense output (Hairer, Nørsett & Wanner, Solving ODEs I, §II.6; DOPRI5's CONTD5): q = h·Σ D_i k_i. Not tableau entries
    // (hence private); checked by the dense output's convergence order (ConvergenceOrderTests).
    private const double D1 = -12715105075.0 / 11282082432, D3 = 87487479700.0 / 32700410799, D4 = -10690763975.0 / 1880347072,
        D5 = 701980252875.0 / 199316789632, D6 = -1453857185.0 / 822651844, D7 = 69997945.0 / 29380423;

    /// <summary>The tableau with error weights (checked against the constants by a test).</summary>
    public static ButcherTableau Tableau { get; } = new(
        "dopri5", 5,
        ["0", "1/5", "3/10", "4/5", "8/9", "1", "1"],
        [
            [],
            ["1/5"],
            ["3/40", "9/40"],
            ["44/45", "-56/15", "32/9"],
            ["19372/6561", "-25360/2187", "64448/6561", "-212/729"],
            ["9017/3168", "-355/33", "46732/5247", "49/176", "-5103/18656"],
            ["35/384", "0", "500/1113", "125/192", "-2187/6784", "11/84"],
        ],
        ["35/384", "0", "500/1113", "125/192", "-2187/6784", "11/84", "0"],
        ["71/57600", "0", "-71/16695", "71/1920", "-17253/339200", "22/525", "-1/40"]);

    /// <summary>The embedded solution has order 4: the controller uses exponents over 4 + 1 = 5.</summary>
    public static int ErrorExponent => 5;
    public static bool EvaluatesJacobian => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly TState Step<TModel, TJacobian, T, TState>(in TModel model, in TJacobian jacobian, T t, T h, in TState y, in TState k1, bool denseOutput, out TState error, out TState kNext, out TState quartic)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        // Values, not a StepWork: a GPU kernel keeps them in registers (a struct passed by reference would go to local memory).
        var k2 = StagesTwoAndThree(model, t, h, y, k1, out var k3);
        var k4 = StagesFourAndFive(model, t, h, y, k1, k2, k3, out var k5);
        var yNew = StageSixAndSolution(model, t, h, y, k1, k2, k3, k4, k5, out var k6);
        kNext = Finish(model, t, h, yNew, k1, k3, k4, k5, k6, denseOutput, out error, out quartic);
        return yNew;
    }

    /// <summary>
    /// Four parts of about equal work, each within the .NET JIT's limit of 512 locals per method when run out of line on the
    /// CPU (<c>OutOfLineDormandPrince5</c>; GPU kernels inline <see cref="Step"/>): <see cref="StagesTwoAndThree{TModel, T, TState}(in TModel, ref StepWork{T, TState})"/>,
    /// <see cref="StagesFourAndFive{TModel, T, TState}(in TModel, ref StepWork{T, TState})"/>,
    /// <see cref="StageSixAndSolution{TModel, T, TState}(in TModel, ref StepWork{T, TState})"/> and
    /// <see cref="Finish{TModel, T, TState}(in TModel, ref StepWork{T, TState})"/>.
    /// </summary>
    public static int Parts => 4;

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

    /// <summary>Part 1 on <paramref name="work"/>: k2 and k3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StagesTwoAndThree<TModel, T, TState>(in TModel model, ref StepWork<T, TState> work)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T> =>
        work.K2 = StagesTwoAndThree(model, work.Time, work.StepSize, work.State, work.Slope, out work.K3);

    /// <summary>Part 2 on <paramref name="work"/>: k4 and k5.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StagesFourAndFive<TModel, T, TState>(in TModel model, ref StepWork<T, TState> work)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T> =>
        work.K4 = StagesFourAndFive(model, work.Time, work.StepSize, work.State, work.Slope, work.K2, work.K3, out work.K5);

    /// <summary>Part 3 on <paramref name="work"/>: k6 and the solution.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StageSixAndSolution<TModel, T, TState>(in TModel model, ref StepWork<T, TState> work)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T> =>
        work.Solution = StageSixAndSolution(model, work.Time, work.StepSize, work.State, work.Slope, work.K2, work.K3, work.K4, work.K5, out work.K6);

    /// <summary>Part 4 on <paramref name="work"/>: k7, the error estimate and the dense-output coefficient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Finish<TModel, T, TState>(in TModel model, ref StepWork<T, TState> work)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T> =>
        work.NextSlope = Finish(model, work.Time, work.StepSize, work.Solution, work.Slope, work.K3, work.K4, work.K5, work.K6, work.DenseOutput, out work.Error, out work.Quartic);

    /// <summary>Stages 2 and 3: returns k2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TState StagesTwoAndThree<TModel, T, TState>(in TModel model, T t, T h, TState y, TState k1, out TState k3)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        var k2 = model.Derivative(t + h * T.FromDouble(C2), TState.Axpy(y, h * T.FromDouble(A21), k1));
        k3 = model.Derivative(t + h * T.FromDouble(C3), TState.Axpy(y, h, Combine<T, TState>(k1, A31, k2, A32)));
        return k2;
    }

    /// <summary>Stages 4 and 5: returns k4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TState StagesFourAndFive<TModel, T, TState>(in TModel model, T t, T h, TState y, TState k1, TState k2, TState k3, out TState k5)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        var k4 = model.Derivative(t + h * T.FromDouble(C4),
            TState.Axpy(y, h, TState.Axpy(Combine<T, TState>(k1, A41, k2, A42), T.FromDouble(A43), k3)));
        k5 = model.Derivative(t + h * T.FromDouble(C5),
            TState.Axpy(y, h, TState.Axpy(TState.Axpy(Combine<T, TState>(k1, A51, k2, A52), T.FromDouble(A53), k3), T.FromDouble(A54), k4)));
        return k4;
    }

    /// <summary>Stage 6: returns the order-5 solution.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TState StageSixAndSolution<TModel, T, TState>(in TModel model, T t, T h, TState y, TState k1, TState k2, TState k3, TState k4, TState k5, out TState k6)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        k6 = model.Derivative(t + h,
            TState.Axpy(y, h, TState.Axpy(TState.Axpy(TState.Axpy(Combine<T, TState>(k1, A61, k2, A62), T.FromDouble(A63), k3), T.FromDouble(A64), k4), T.FromDouble(A65), k5)));
        return TState.Axpy(y, h,
            TState.Axpy(TState.Axpy(TState.Axpy(Combine<T, TState>(k1, B1, k3, B3), T.FromDouble(B4), k4), T.FromDouble(B5), k5), T.FromDouble(B6), k6));
    }

    /// <summary>k7 = f(t + h, y_new) (returned), the error estimate and, with <paramref name="denseOutput"/>, the dense-output coefficient (else zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TState Finish<TModel, T, TState>(in TModel model, T t, T h, TState yNew, TState k1, TState k3, TState k4, TState k5, TState k6, bool denseOutput, out TState error, out TState quartic)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        var kNext = model.Derivative(t + h, yNew);
        var e = TState.Axpy(TState.Axpy(TState.Axpy(TState.Axpy(Combine<T, TState>(k1, E1, k3, E3), T.FromDouble(E4), k4), T.FromDouble(E5), k5), T.FromDouble(E6), k6), T.FromDouble(E7), kNext);
        error = TState.Scale(h, e);
        quartic = !denseOutput ? default : TState.Scale(h, TState.Axpy(TState.Axpy(TState.Axpy(TState.Axpy(Combine<T, TState>(k1, D1, k3, D3), T.FromDouble(D4), k4), T.FromDouble(D5), k5), T.FromDouble(D6), k6), T.FromDouble(D7), kNext));
        return kNext;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TState Combine<T, TState>(TState a, double ca, TState b, double cb)
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T> =>
        TState.Axpy(TState.Scale(T.FromDouble(ca), a), T.FromDouble(cb), b);
}
