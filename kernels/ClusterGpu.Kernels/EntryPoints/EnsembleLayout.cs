namespace ClusterGpu.Kernels.EntryPoints;

/// <summary>
/// Shape of one batch in device memory. Every array is column-major (struct of arrays): value k of
/// trajectory i sits at [k·Count + i], so neighbouring GPU threads and SIMD lanes read neighbouring addresses.
/// Outputs per trajectory: the final state (StateCount columns), then t, status, steps, rejected steps, the
/// fixed-point residual ‖f(t_end, y)‖∞, then the observer's columns.
/// </summary>
public readonly struct EnsembleLayout(int count, int parameterCount, int stateCount, double t0, double tEnd, long firstTrajectory = 0, ulong seed = 0)
{
    /// <summary>Trajectories in the batch.</summary>
    public readonly int Count = count;
    /// <summary>Parameters per trajectory (the model's parameter count).</summary>
    public readonly int ParameterCount = parameterCount;
    /// <summary>State components per trajectory.</summary>
    public readonly int StateCount = stateCount;
    /// <summary>Start time.</summary>
    public readonly double T0 = t0;
    /// <summary>End time.</summary>
    public readonly double TEnd = tEnd;

    /// <summary>Global index of the batch's first trajectory in the ensemble (trajectory i of the batch is FirstTrajectory + i).</summary>
    public readonly long FirstTrajectory = firstTrajectory;
    /// <summary>Seed of the random streams (stochastic methods): trajectory j draws from stream (Seed, j).</summary>
    public readonly ulong Seed = seed;

    /// <summary>The random stream of batch trajectory <paramref name="index"/> (of lane 0 when a SIMD group starts there).</summary>
    public Random.RandomStream Stream(int index) => new(Seed, FirstTrajectory + index);

    /// <summary>Output columns that every run has: final state, t, status, steps, rejected, residual.</summary>
    public int FixedColumns => StateCount + 5;
}
