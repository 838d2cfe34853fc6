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
    /// <summary>
    /// True when the method evaluates the model's Jacobian (implicit methods); the others run with
    /// <see cref="NoJacobian{T, TState}"/>, which costs nothing to set up.
    /// </summary>
    static abstract bool EvaluatesJacobian { get; }

    /// <summary>Integrates <paramref name="y"/> from <paramref name="t0"/> to <paramref name="tEnd"/>, feeding the observer; never throws. <paramref name="jacobian"/> is the model's exact Jacobian (used by implicit methods), <paramref name="noise"/> the trajectory's random stream (used by stochastic methods).</summary>
    Outcome<T> Integrate<TModel, TJacobian, T, TState, TObserver>(TModel model, TJacobian jacobian, ref TState y, double t0, double tEnd, ref TObserver observer, RandomStream noise)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState>;

    /// <summary>
    /// Integrates every trajectory <paramref name="supply"/> hands out in independent register blocks (up to
    /// <see cref="IntegrationBlocks.Max"/>; own model, state, observer and random stream each) in one loop: each iteration
    /// advances every running block by one step or attempt, each a call of its own, so that an out-of-order CPU core overlaps
    /// their dependency chains (instruction-level parallelism). Lanes whose trajectory ended go back to the supply, which
    /// refills them (adaptive methods: once half a register ended while another lane is still in the first half of the span,
    /// and when a register stops; fixed-step methods end a register's lanes together).
    /// Each trajectory gets exactly what <see cref="Integrate"/> computes for it, bit for bit, whatever lane it runs in. Used
    /// by the SIMD cpu backend; GPU kernels run <see cref="IntegrateQueue"/>.
    /// </summary>
    void IntegrateBlocks<TModel, TJacobian, T, TState, TObserver, TSupply>(Span<IntegrationBlock<TModel, TJacobian, T, TState, TObserver>> blocks, double t0, double tEnd, ref TSupply supply)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState>
        where TSupply : struct, ILaneSupply<TModel, TJacobian, T, TState, TObserver>;

    /// <summary>
    /// Integrates, one after another in one register (on a GPU: one thread), every trajectory <paramref name="supply"/> hands
    /// out, in a single loop whose every iteration advances the register by one step or attempt: once all of the register's
    /// trajectories ended, that same iteration hands them back and starts the next ones (persistent threads). A warp's threads
    /// then stay busy whatever the spread of their trajectories' lengths, instead of waiting for the slowest of 32; a loop per
    /// trajectory inside a loop over trajectories would make every thread wait there again. Each trajectory gets exactly what
    /// <see cref="Integrate"/> computes for it, bit for bit. <paramref name="block"/> is the register's working block (the
    /// supply's first <see cref="ILaneSupply{TModel, TJacobian, T, TState, TObserver}.Exchange"/> fills it).
    /// </summary>
    void IntegrateQueue<TModel, TJacobian, T, TState, TObserver, TSupply>(ref IntegrationBlock<TModel, TJacobian, T, TState, TObserver> block, double t0, double tEnd, ref TSupply supply)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState>
        where TSupply : struct, ILaneSupply<TModel, TJacobian, T, TState, TObserver>;
}
