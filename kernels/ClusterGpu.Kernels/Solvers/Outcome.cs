using ClusterGpu.Kernels.Numbers;

namespace ClusterGpu.Kernels.Solvers;

/// <summary>Per-trajectory (per-lane) end of an integration: <see cref="TrajectoryStatus"/> code, accepted and rejected steps, final time.</summary>
public readonly struct Outcome<T>(T status, T steps, T rejected, T time) where T : struct, IReal<T>
{
    public readonly T Status = status;
    public readonly T Steps = steps;
    public readonly T Rejected = rejected;
    public readonly T Time = time;
}
