using ClusterGpu.Kernels.EntryPoints;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.States;
using ClusterGpu.Solving;

namespace ClusterGpu.Backends;

/// <summary>
/// The baseline: the same kernel code (<see cref="TrajectoryRunner"/> on the GPU scalars <see cref="F64"/> /
/// <see cref="F32"/>) in a plain loop over trajectories on one thread, no SIMD. Selectable by name ("scalar"),
/// never chosen by auto; the speed-ups of the benchmark suite are measured against it.
/// </summary>
public sealed class ScalarBackend : EnsembleBackend
{
    /// <inheritdoc/>
    public override string Name => "scalar";

    /// <inheritdoc/>
    public override string Device => "1 thread, scalar FP64/FP32 (no SIMD), baseline";

    /// <inheritdoc/>
    protected override Type NumberType(Precision precision) => precision == Precision.Fp64 ? typeof(F64) : typeof(F32);

    /// <inheritdoc/>
    protected override bool UsesCpuJit => true;

    private static void RunTyped<TModel, TJacobian, T, TState, TMethod, TObserver>(
        EnsembleLayout layout, double[] parameters, double[] initialStates, double[] outputs, TMethod method, TObserver prototype)
        where TModel : struct, IModel<TModel, T, TState>
        where TJacobian : struct, IJacobian<TJacobian, T, TState>
        where T : struct, IScalar<T>
        where TState : struct, IState<TState, T>
        where TMethod : struct, IIntegrationMethod
        where TObserver : struct, IObserver<TObserver, T, TState>
    {
        int n = layout.Count;
        int columns = layout.FixedColumns + prototype.Columns;
        for (int i = 0; i < n; i++)
        {
            var p = default(ParameterBlock<T>);
            for (int k = 0; k < layout.ParameterCount; k++) p[k] = T.FromDouble(parameters[k * n + i]);
            var y = default(TState);
            for (int k = 0; k < TState.Length; k++) y[k] = T.FromDouble(initialStates[k * n + i]);
            var observer = prototype;
            var outcome = TrajectoryRunner.Run<TModel, TJacobian, T, TState, TMethod, TObserver>(p, ref y, i, layout, method, ref observer, out var residual);
            for (int c = 0; c < columns; c++)
                outputs[(long)c * n + i] = T.ToDouble(TrajectoryRunner.Column(c, y, outcome, residual, ref observer));
        }
    }
}
