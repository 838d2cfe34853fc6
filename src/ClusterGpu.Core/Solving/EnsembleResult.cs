using ClusterGpu.Kernels.Solvers;

namespace ClusterGpu.Solving;

/// <summary>Per-trajectory results: final state, final time, status, accepted and rejected steps (column-major).</summary>
public sealed class EnsembleResult(int count, int stateCount, double[] columns, string backend, string device)
{
    /// <summary>Number of trajectories N.</summary>
    public int Count { get; } = count;
    /// <summary>State components S.</summary>
    public int StateCount { get; } = stateCount;
    /// <summary>All output columns, column c of trajectory i at [c·N + i] (layout of <c>EnsembleLayout</c>).</summary>
    public double[] Columns { get; } = columns;
    /// <summary>Backend that ran it ("cpu", "ilgpu-cpu", "cuda", "opencl").</summary>
    public string Backend { get; } = backend;
    /// <summary>Device description.</summary>
    public string Device { get; } = device;

    /// <summary>Component <paramref name="component"/> of trajectory <paramref name="index"/>'s final state.</summary>
    public double FinalState(int index, int component) => Columns[(long)component * Count + index];
    /// <summary>Time reached.</summary>
    public double FinalTime(int index) => Columns[(long)StateCount * Count + index];
    /// <summary>How the trajectory ended.</summary>
    public TrajectoryStatus Status(int index) => (TrajectoryStatus)(int)Columns[(long)(StateCount + 1) * Count + index];
    /// <summary>Accepted steps.</summary>
    public long Steps(int index) => (long)Columns[(long)(StateCount + 2) * Count + index];
    /// <summary>Rejected step attempts.</summary>
    public long Rejected(int index) => (long)Columns[(long)(StateCount + 3) * Count + index];
    /// <summary>‖f(t_end, y_end)‖∞: zero at a fixed point.</summary>
    public double Residual(int index) => Columns[(long)(StateCount + 4) * Count + index];
    /// <summary>Observer column <paramref name="column"/> (see <c>WindowObserver.Column</c>) of trajectory <paramref name="index"/>.</summary>
    public double ObserverColumn(int index, int column) => Columns[(long)(StateCount + 5 + column) * Count + index];
    /// <summary>The final state of trajectory <paramref name="index"/>.</summary>
    public double[] FinalState(int index) => Enumerable.Range(0, StateCount).Select(c => FinalState(index, c)).ToArray();
}
