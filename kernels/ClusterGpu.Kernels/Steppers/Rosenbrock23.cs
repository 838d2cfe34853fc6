using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Steppers;

/// <summary>
/// Rosenbrock 2(3) for stiff systems (Shampine &amp; Reichelt 1997, "The MATLAB ODE Suite", SIAM J. Sci. Comput.
/// 18:1–22; MATLAB <c>ode23s</c>): a linearly implicit W-method, L-stable, with W = I − γhJ, γ = 1/(2 + √2), and the
/// exact Jacobian J = ∂f/∂u (plus ∂f/∂t) from <see cref="IJacobian{TSelf, T, TState}"/>:
/// k1 = W⁻¹(F0 + γhT), F1 = f(t + h/2, y + h/2·k1), k2 = W⁻¹(F1 − k1) + k1, y_new = y + h·k2,
/// F2 = f(t + h, y_new), k3 = W⁻¹(F2 − e32(k2 − F1) − 2(k1 − F0) + γhT) with e32 = 6 + √2,
/// error = h/6·(k1 − 2k2 + k3). Propagates the order-2 solution; F2 is the next step's F0 (first same as last).
/// Per step: one Jacobian (n + 1 dual evaluations), one n×n inverse, two evaluations of f.
/// </summary>
public struct Rosenbrock23 : IAdaptiveStepper
{
    /// <summary>γ = 1/(2 + √2), the diagonal of W = I − γhJ.</summary>
    public const double Gamma = 0.29289321881345247559915563789515;
    /// <summary>e32 = 6 + √2.</summary>
    public const double E32 = 7.4142135623730950488016887242097;

    /// <summary>The error estimate is O(h³) (order-2 solution): the controller uses exponents over 3.</summary>
    public static int ErrorExponent => 3;
    public static bool EvaluatesJacobian => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly TState Step<TModel, TJacobian, T, TState>(in TModel model, in TJacobian jacobian, T t, T h, in TState y, in TState k1, bool denseOutput, out TState error, out TState kNext, out TState quartic)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        int n = TState.Length;
        var gammaH = T.FromDouble(Gamma) * h;
        var inverse = SquareMatrix<T, TState>.IdentityMinus(gammaH,
            jacobian.Column(t, y, 0),
            n > 1 ? jacobian.Column(t, y, 1) : default,
            n > 2 ? jacobian.Column(t, y, 2) : default,
            n > 3 ? jacobian.Column(t, y, 3) : default).Inverse();
        var timeTerm = TState.Scale(gammaH, jacobian.Column(t, y, n));
        var minusOne = T.FromDouble(-1.0);
        var half = T.FromDouble(0.5) * h;

        var s1 = inverse.Multiply(TState.Add(k1, timeTerm));
        var f1 = model.Derivative(t + half, TState.Axpy(y, half, s1));
        var s2 = TState.Add(inverse.Multiply(TState.Axpy(f1, minusOne, s1)), s1);
        var yNew = TState.Axpy(y, h, s2);
        kNext = model.Derivative(t + h, yNew);
        // F2 − e32(k2 − F1) − 2(k1 − F0) + γhT
        var rhs3 = TState.Axpy(TState.Axpy(TState.Add(kNext, timeTerm), T.FromDouble(-E32), TState.Axpy(s2, minusOne, f1)),
            T.FromDouble(-2.0), TState.Axpy(s1, minusOne, k1));
        var s3 = inverse.Multiply(rhs3);
        error = TState.Scale(h * T.FromDouble(1.0 / 6), TState.Axpy(TState.Add(s1, s3), T.FromDouble(-2.0), s2));
        quartic = TState.Broadcast(T.FromDouble(0.0)); // continuous extension: the Hermite cubic
        return yNew;
    }

    /// <summary>One part: the whole step.</summary>
    public static int Parts => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepPart<TModel, TJacobian, T, TState>(int part, in TModel model, in TJacobian jacobian, ref StepWork<T, TState> work)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T> =>
        work.Solution = Step(model, jacobian, work.Time, work.StepSize, work.State, work.Slope, work.DenseOutput, out work.Error, out work.NextSlope, out work.Quartic);
}
