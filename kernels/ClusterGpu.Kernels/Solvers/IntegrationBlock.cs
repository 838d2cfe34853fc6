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
/// The source of trajectories for <see cref="IIntegrationMethod.IntegrateBlocks"/> (the cpu backend's) and
/// <see cref="IIntegrationMethod.IntegrateQueue"/> (a GPU thread's): it takes back the lanes of a register block whose
/// trajectories ended and loads pending trajectories into them, so that a register does not wait on its slowest lane.
/// </summary>
public interface ILaneSupply<TModel, TJacobian, T, TState, TObserver>
    where TModel : struct, IModel<TModel, T, TState>
    where TJacobian : struct, IJacobian<TJacobian, T, TState>
    where T : struct, IReal<T>
    where TState : struct, IState<TState, T>
    where TObserver : struct, IObserver<TObserver, T, TState>
{
    /// <summary>
    /// Takes back the lanes of block <paramref name="slot"/> set in <paramref name="ended"/> (their final state, observer and
    /// outcome are in <paramref name="block"/>; none on the first call) and loads pending trajectories into as many of them as
    /// there are: <paramref name="block"/> then holds the model and Jacobian of every lane's trajectory, and the initial state
    /// and observer for the lanes that got one. Returns the mask of those lanes (none: nothing is pending).
    /// </summary>
    T Exchange(int slot, T ended, ref IntegrationBlock<TModel, TJacobian, T, TState, TObserver> block);

    /// <summary>
    /// True when the lanes set in <paramref name="ended"/> (of a block still running) are worth an <see cref="Exchange"/> now:
    /// each exchange stores the outputs of the whole register once, so refilling lane by lane would multiply that work.
    /// </summary>
    bool Worth(T ended);
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
