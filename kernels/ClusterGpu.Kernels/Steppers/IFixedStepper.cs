using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Random;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Steppers;

/// <summary>A one-step method with a fixed step size: y(t + h) ≈ Step(model, t, h, y).</summary>
public interface IFixedStepper
{
    /// <summary>The method's tableau (host-side description, checked by tests against the kernel constants).</summary>
    static abstract ButcherTableau Tableau { get; }

    /// <summary>
    /// Advances <paramref name="y"/> from <paramref name="t"/> by <paramref name="h"/>. Stochastic steppers draw step
    /// <paramref name="step"/>'s Wiener increments from <paramref name="noise"/>; deterministic ones ignore both.
    /// </summary>
    TState Step<TModel, T, TState>(TModel model, T t, T h, TState y, RandomStream noise, long step)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>;
}
