using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Random;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Steppers;

/// <summary>
/// Euler–Maruyama for the Itô SDE dX = f(t, X) dt + g(t, X) dW with diagonal noise (<see cref="IModel{TSelf, T, TState}.Diffusion"/>):
/// X_{n+1} = X_n + f h + g √h Z, Z_i = normal number n·len + i of the trajectory's stream. Strong order 1/2, weak order 1;
/// on a model without noise it is the explicit Euler method.
/// </summary>
public struct EulerMaruyama : IFixedStepper
{
    /// <summary>The drift part: explicit Euler.</summary>
    public static ButcherTableau Tableau { get; } = new("euler-maruyama", 1, ["0"], [[]], ["1"]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly TState Step<TModel, T, TState>(TModel model, T t, T h, TState y, RandomStream noise, long step)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        var increments = WienerIncrements<T, TState>(h, noise, step);
        return TState.Add(TState.Axpy(y, h, model.Derivative(t, y)), TState.Multiply(model.Diffusion(t, y), increments));
    }

    /// <summary>
    /// Step <paramref name="step"/>'s Wiener increments ΔW_i = √h Z_i, Z_i = normal number step·len + i of the trajectory's
    /// stream: every stochastic stepper draws them this way, so one seed gives one Brownian path whatever the method.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TState WienerIncrements<T, TState>(T h, RandomStream noise, long step)
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        var sqrtH = T.Sqrt(h);
        var increments = default(TState);
        ulong first = (ulong)step * (ulong)TState.Length;
        // Normals 2k and 2k + 1 are one Box–Muller pair: draw whole pairs, and single halves only at the ends.
        T z1, z2;
        int i = 0;
        if ((first & 1UL) == 1UL)
        {
            T.NormalPair(noise, first >> 1, out _, out z2);
            increments[0] = sqrtH * z2;
            i = 1;
        }
        for (; i + 1 < TState.Length; i += 2)
        {
            T.NormalPair(noise, (first + (ulong)i) >> 1, out z1, out z2);
            increments[i] = sqrtH * z1;
            increments[i + 1] = sqrtH * z2;
        }
        if (i < TState.Length)
        {
            T.NormalPair(noise, (first + (ulong)i) >> 1, out z1, out _);
            increments[i] = sqrtH * z1;
        }
        return increments;
    }
}
