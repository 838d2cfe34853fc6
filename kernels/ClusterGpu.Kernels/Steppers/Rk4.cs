using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Random;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Steppers;

/// <summary>
/// Classic Runge–Kutta, order 4, 4 stages (Kutta 1901): global error O(h⁴), 4 right-hand-side evaluations per step.
/// </summary>
public struct Rk4 : IFixedStepper
{
    public const double C2 = 0.5, C3 = 0.5, C4 = 1.0;
    public const double A21 = 0.5, A31 = 0.0, A32 = 0.5, A41 = 0.0, A42 = 0.0, A43 = 1.0;
    public const double B1 = 1.0 / 6, B2 = 1.0 / 3, B3 = 1.0 / 3, B4 = 1.0 / 6;

    public static ButcherTableau Tableau { get; } = new(
        "rk4", 4,
        ["0", "1/2", "1/2", "1"],
        [[], ["1/2"], ["0", "1/2"], ["0", "0", "1"]],
        ["1/6", "1/3", "1/3", "1/6"]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly TState Step<TModel, T, TState>(TModel model, T t, T h, TState y, RandomStream noise, long step)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
    {
        var half = h * T.FromDouble(A21);
        var sixth = h * T.FromDouble(B1);
        var third = h * T.FromDouble(B2);
        // y_new = y + h/6·k1 + h/3·k2 + h/3·k3 + h/6·k4 (B3 = B2, B4 = B1), accumulated as each stage is ready: after the
        // last evaluation one fused multiply-add remains on the step's critical path.
        var k1 = model.Derivative(t, y);
        var k2 = model.Derivative(t + half, TState.Axpy(y, half, k1));
        var sum = TState.Axpy(TState.Axpy(y, sixth, k1), third, k2);
        var k3 = model.Derivative(t + half, TState.Axpy(y, half, k2));
        sum = TState.Axpy(sum, third, k3);
        var k4 = model.Derivative(t + h, TState.Axpy(y, h, k3));
        return TState.Axpy(sum, sixth, k4);
    }
}
