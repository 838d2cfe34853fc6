namespace ClusterGpu.Kernels.Random;

/// <summary>
/// Identifies one trajectory's random numbers: the run's <see cref="Seed"/> and the trajectory's global index in the
/// ensemble. Normal number n of the stream is <see cref="CounterRandom.Normal(ulong, ulong)"/> of (<see cref="Key"/>, n),
/// so a trajectory draws the same numbers on every backend, at every batch size and in every SIMD lane.
/// </summary>
public readonly struct RandomStream(ulong seed, long trajectory)
{
    /// <summary>The run's seed.</summary>
    public readonly ulong Seed = seed;
    /// <summary>Global index of the trajectory (of lane 0 for a SIMD group; lane l is trajectory <c>Trajectory + l</c>).</summary>
    public readonly long Trajectory = trajectory;

    /// <summary>The generator key of trajectory <see cref="Trajectory"/> + <paramref name="lane"/>.</summary>
    public ulong Key(int lane) => CounterRandom.Key(Seed, Trajectory + lane);
}
