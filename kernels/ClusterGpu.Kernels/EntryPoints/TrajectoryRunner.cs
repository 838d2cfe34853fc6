using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.EntryPoints;

/// <summary>
/// The per-trajectory program shared by every backend: build the model and its Jacobian from the parameters, integrate, and
/// hand back output column values. Backends differ only in how they load inputs and store outputs.
/// </summary>
public static class TrajectoryRunner
{
    /// <summary>
    /// Integrates one trajectory (or SIMD group) and returns its outcome; <paramref name="y"/> ends as the final
    /// state and <paramref name="residual"/> is ‖f(t_end, y)‖∞, the fixed-point test. <paramref name="index"/> is the
    /// trajectory's index in the batch (the first lane's for a SIMD group): it picks the random stream.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Outcome<T> Run<TModel, TJacobian, T, TState, TMethod, TObserver>(
        ParameterBlock<T> parameters, ref TState y, int index, EnsembleLayout layout, TMethod method, ref TObserver observer, out T residual)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TMethod : struct, IIntegrationMethod
        where TObserver : struct, IObserver<TObserver, T, TState>
    {
        var model = TModel.Create(parameters);
        var outcome = method.Integrate<TModel, TJacobian, T, TState, TObserver>(model, TJacobian.Create(parameters), ref y, layout.T0, layout.TEnd, ref observer, layout.Stream(index));
        residual = TState.MaxAbs(model.Derivative(outcome.Time, y));
        return outcome;
    }

    /// <summary>
    /// The block of trajectories whose first has index <paramref name="index"/>, ready for <see cref="RunBlocks"/>: its model
    /// and Jacobian built from <paramref name="parameters"/>, its random stream, initial state and observer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntegrationBlock<TModel, TJacobian, T, TState, TObserver> Block<TModel, TJacobian, T, TState, TObserver>(
        ParameterBlock<T> parameters, TState y, int index, TObserver observer, EnsembleLayout layout)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState> =>
        new() { Model = TModel.Create(parameters), Jacobian = TJacobian.Create(parameters), Noise = layout.Stream(index), State = y, Observer = observer };

    /// <summary>
    /// <see cref="Run"/> for every trajectory of <paramref name="supply"/> through <see cref="IIntegrationMethod.IntegrateBlocks"/>
    /// in <paramref name="blocks"/>.Length register blocks: the same results, one dependency chain per block in every loop
    /// iteration, lanes refilled as their trajectories end. The supply receives each trajectory's final state, observer and outcome.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RunBlocks<TModel, TJacobian, T, TState, TMethod, TObserver, TSupply>(
        Span<IntegrationBlock<TModel, TJacobian, T, TState, TObserver>> blocks, EnsembleLayout layout, TMethod method, ref TSupply supply)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TMethod : struct, IIntegrationMethod
        where TObserver : struct, IObserver<TObserver, T, TState>
        where TSupply : struct, ILaneSupply<TModel, TJacobian, T, TState, TObserver> =>
        method.IntegrateBlocks(blocks, layout.T0, layout.TEnd, ref supply);

    /// <summary>‖f(t_end, y)‖∞ of a finished block, the fixed-point test (as <see cref="Run"/> returns it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Residual<TModel, TJacobian, T, TState, TObserver>(in IntegrationBlock<TModel, TJacobian, T, TState, TObserver> block)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState> =>
        TState.MaxAbs(block.Model.Derivative(block.Outcome.Time, block.State));

    /// <summary>
    /// Output column <paramref name="column"/> (see <see cref="EnsembleLayout"/>) of a finished trajectory. The state and the
    /// observer by reference: an observer of window statistics holds hundreds of numbers, and a copy per column dominated the
    /// cpu backend's stores.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Column<T, TState, TObserver>(int column, in TState y, in Outcome<T> outcome, T residual, ref TObserver observer)
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TObserver : struct, IObserver<TObserver, T, TState>
    {
        int n = TState.Length;
        if (column < n) return y[column];
        return (column - n) switch
        {
            0 => outcome.Time,
            1 => outcome.Status,
            2 => outcome.Steps,
            3 => outcome.Rejected,
            4 => residual,
            _ => observer.Column(column - n - 5),
        };
    }
}
