using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Random;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Solvers;

/// <summary>
/// A complete integrator for one trajectory (or one SIMD group): a stepper plus its step-size policy and
/// settings. Fixed-step and adaptive are different types, so the hot loop has no mode switch.
/// </summary>
public interface IIntegrationMethod
{
    /// <summary>Integrates <paramref name="y"/> from <paramref name="t0"/> to <paramref name="tEnd"/>, feeding the observer; never throws. <paramref name="jacobian"/> is the model's exact Jacobian (used by implicit methods), <paramref name="noise"/> the trajectory's random stream (used by stochastic methods).</summary>
    Outcome<T> Integrate<TModel, TJacobian, T, TState, TObserver>(TModel model, TJacobian jacobian, ref TState y, double t0, double tEnd, ref TObserver observer, RandomStream noise)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState>;
}
