using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.Random;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Solvers;

/// <summary>
/// One register block of trajectories in <see cref="IIntegrationMethod.IntegrateBlocks"/>: its model, Jacobian and random
/// stream (inputs), its state and observer (initial on entry, final on return) and its <see cref="Outcome"/> (output).
/// </summary>
public struct IntegrationBlock<TModel, TJacobian, T, TState, TObserver>
    where TModel : struct, IModel<TModel, T, TState>
    where TJacobian : struct, IJacobian<TJacobian, T, TState>
    where T : struct, IReal<T>
    where TState : struct, IState<TState, T>
    where TObserver : struct, IObserver<TObserver, T, TState>
{
    public TModel Model;
    public TJacobian Jacobian;
    public RandomStream Noise;
    public TState State;
    public TObserver Observer;
    public Outcome<T> Outcome;
}

/// <summary>
/// Room for up to <see cref="IntegrationBlocks.Max"/> per-block integration states on the stack (an inline array; used as a
/// span by <see cref="FixedStep{TStepper}"/> and <see cref="Adaptive{TStepper}"/> on the CPU).
/// </summary>
[InlineArray(IntegrationBlocks.Max)]
internal struct BlockStates<TGroup>
{
    private TGroup first;
}

/// <summary>Limits of <see cref="IIntegrationMethod.IntegrateBlocks"/>.</summary>
public static class IntegrationBlocks
{
    /// <summary>The most register blocks one call integrates together.</summary>
    public const int Max = 4;
}
