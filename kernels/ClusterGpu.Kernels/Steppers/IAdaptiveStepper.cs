using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Steppers;

/// <summary>
/// An embedded Runge–Kutta pair with the first-same-as-last property: from y and k1 = f(t, y) it returns
/// the propagated solution, a local error estimate and f(t + h, y_new) (the next step's k1).
/// </summary>
public interface IAdaptiveStepper
{
    /// <summary>The method's tableau, including the error weights.</summary>
    static abstract ButcherTableau Tableau { get; }

    /// <summary>Order of the error estimate's lower method + 1: the step-size controller's exponent denominator.</summary>
    static abstract int ErrorExponent { get; }

    /// <summary>One attempted step; the caller accepts or rejects it.</summary>
    TState Step<TModel, T, TState>(TModel model, T t, T h, TState y, TState k1, out TState error, out TState kNext)
        where TModel : struct, IModel<TModel, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>;
}
