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
    /// <see cref="Run"/> for two groups at once (trajectory indices <paramref name="indexA"/> and <paramref name="indexB"/>),
    /// through <see cref="IIntegrationMethod.IntegratePair"/>: the same results, two dependency chains per loop iteration.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RunPair<TModel, TJacobian, T, TState, TMethod, TObserver>(
        ParameterBlock<T> parametersA, ref TState yA, int indexA, ref TObserver observerA, out Outcome<T> outcomeA, out T residualA,
        ParameterBlock<T> parametersB, ref TState yB, int indexB, ref TObserver observerB, out Outcome<T> outcomeB, out T residualB,
        EnsembleLayout layout, TMethod method)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IReal<T>
        where TState : struct, IState<TState, T>
        where TMethod : struct, IIntegrationMethod
        where TObserver : struct, IObserver<TObserver, T, TState>
    {
        var modelA = TModel.Create(parametersA);
        var modelB = TModel.Create(parametersB);
        method.IntegratePair<TModel, TJacobian, T, TState, TObserver>(
            modelA, TJacobian.Create(parametersA), ref yA, ref observerA, layout.Stream(indexA), out outcomeA,
            modelB, TJacobian.Create(parametersB), ref yB, ref observerB, layout.Stream(indexB), out outcomeB,
            layout.T0, layout.TEnd);
        residualA = TState.MaxAbs(modelA.Derivative(outcomeA.Time, yA));
        residualB = TState.MaxAbs(modelB.Derivative(outcomeB.Time, yB));
    }

    /// <summary>Output column <paramref name="column"/> (see <see cref="EnsembleLayout"/>) of a finished trajectory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Column<T, TState, TObserver>(int column, TState y, Outcome<T> outcome, T residual, TObserver observer)
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
