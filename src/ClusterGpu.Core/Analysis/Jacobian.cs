using System.Reflection;
using System.Runtime.ExceptionServices;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;
using ClusterGpu.Models;

namespace ClusterGpu.Analysis;

/// <summary>
/// Exact Jacobians of registered models: the model's own right-hand side runs on <see cref="Dual{T}"/> of
/// <see cref="F64"/> (forward mode), one evaluation per column j with the state seeded by e_j, so
/// J[i, j] = ∂f_i/∂u_j with no finite-difference error.
/// </summary>
public static class Jacobian
{
    private static readonly Type DualType = typeof(Dual<F64>);

    /// <summary>
    /// The S×S Jacobian J[i, j] = ∂f_i/∂u_j of <paramref name="model"/> at state <paramref name="state"/>,
    /// parameters <paramref name="parameters"/> (in <see cref="ModelInfo.Parameters"/> order) and time <paramref name="t"/>.
    /// </summary>
    public static double[,] Compute(ModelHandle model, IReadOnlyList<double> state, IReadOnlyList<double> parameters, double t = 0)
    {
        Check(model, state, parameters);
        return (double[,])Invoke(nameof(ComputeTyped), model, state, parameters, t);
    }

    /// <summary>The right-hand side f(t, u) of <paramref name="model"/> (the value part of the same dual evaluation).</summary>
    public static double[] Derivative(ModelHandle model, IReadOnlyList<double> state, IReadOnlyList<double> parameters, double t = 0)
    {
        Check(model, state, parameters);
        return (double[])Invoke(nameof(DerivativeTyped), model, state, parameters, t);
    }

    private static void Check(ModelHandle model, IReadOnlyList<double> state, IReadOnlyList<double> parameters)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (state.Count != model.Info.States.Count)
            throw new ArgumentException($"Model '{model.Info.Name}' has {model.Info.States.Count} states, got {state.Count} values.", nameof(state));
        if (parameters.Count != model.Info.Parameters.Count)
            throw new ArgumentException($"Model '{model.Info.Name}' has {model.Info.Parameters.Count} parameters, got {parameters.Count} values.", nameof(parameters));
    }

    private static object Invoke(string name, ModelHandle model, IReadOnlyList<double> state, IReadOnlyList<double> parameters, double t)
    {
        var method = typeof(Jacobian).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(model.Close(DualType), model.StateType(DualType));
        try
        {
            return method.Invoke(null, [state, parameters, t])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static double[,] ComputeTyped<TModel, TState>(IReadOnlyList<double> state, IReadOnlyList<double> parameters, double t)
        where TModel : struct, IModel<TModel, Dual<F64>, TState>
        where TState : struct, IState<TState, Dual<F64>>
    {
        var model = Create<TModel, TState>(parameters);
        int n = TState.Length;
        var jacobian = new double[n, n];
        var time = Dual<F64>.FromDouble(t);
        for (int j = 0; j < n; j++)
        {
            var u = default(TState);
            for (int i = 0; i < n; i++) u[i] = new Dual<F64>(new F64(state[i]), new F64(i == j ? 1.0 : 0.0));
            var f = model.Derivative(time, u);
            for (int i = 0; i < n; i++) jacobian[i, j] = f[i].Derivative.Value;
        }
        return jacobian;
    }

    private static double[] DerivativeTyped<TModel, TState>(IReadOnlyList<double> state, IReadOnlyList<double> parameters, double t)
        where TModel : struct, IModel<TModel, Dual<F64>, TState>
        where TState : struct, IState<TState, Dual<F64>>
    {
        var model = Create<TModel, TState>(parameters);
        int n = TState.Length;
        var u = default(TState);
        for (int i = 0; i < n; i++) u[i] = Dual<F64>.FromDouble(state[i]);
        var f = model.Derivative(Dual<F64>.FromDouble(t), u);
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = f[i].Value.Value;
        return values;
    }

    private static TModel Create<TModel, TState>(IReadOnlyList<double> parameters)
        where TModel : struct, IModel<TModel, Dual<F64>, TState>
        where TState : struct, IState<TState, Dual<F64>>
    {
        var p = default(ParameterBlock<Dual<F64>>);
        for (int k = 0; k < parameters.Count; k++) p[k] = Dual<F64>.FromDouble(parameters[k]);
        return TModel.Create(p);
    }
}
