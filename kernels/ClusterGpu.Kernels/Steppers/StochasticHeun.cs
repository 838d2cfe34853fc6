using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Random;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Steppers;

/// <summary>
/// Stochastic Heun (trapezoidal) method for dX = f(t, X) dt + g(t, X) dW with diagonal noise
/// (<see cref="IModel{TSelf, T, TState}.Diffusion"/>): predictor X̃ = X_n + f(t, X_n) h + g(t, X_n) ΔW, corrector
/// X_{n+1} = X_n + (f(t, X_n) + f(t + h, X̃)) h/2 + (g(t, X_n) + g(t + h, X̃)) ΔW/2, with the same increments ΔW as
/// <see cref="EulerMaruyama"/> (<see cref="EulerMaruyama.WienerIncrements{T, TState}"/>).
/// For additive noise (g independent of the state) it has strong order 1 and weak order 2 (Kloeden &amp; Platen 1992,
/// §11.1 and §15.1; Rümelin 1982). It is meant for additive noise only: with state-dependent (multiplicative) g it
/// converges to the Stratonovich solution, not the Itô one the models state, so hosts refuse it there.
/// On a model without noise it is Heun's (explicit trapezoidal) method, order 2.
/// </summary>
public struct StochasticHeun : IFixedStepper
{
    /// <summary>The drift part: Heun's method.</summary>
    public static ButcherTableau Tableau { get; } = new("stochastic-heun", 2, ["0", "1"], [[], ["1"]], ["1/2", "1/2"]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly TState Step<TModel, T, TState>(TModel model, T t, T h, TState y, RandomStream noise, long step)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        var increments = EulerMaruyama.WienerIncrements<T, TState>(h, noise, step);
        var f0 = model.Derivative(t, y);
        var g0 = model.Diffusion(t, y);
        var predictor = TState.Add(TState.Axpy(y, h, f0), TState.Multiply(g0, increments));
        var f1 = model.Derivative(t + h, predictor);
        var g1 = model.Diffusion(t + h, predictor);
        var half = T.FromDouble(0.5);
        var drift = TState.Axpy(y, h * half, TState.Add(f0, f1));
        return TState.Axpy(drift, half, TState.Multiply(TState.Add(g0, g1), increments));
    }
}
