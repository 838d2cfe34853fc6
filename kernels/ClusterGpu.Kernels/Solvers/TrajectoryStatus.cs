namespace ClusterGpu.Kernels.Solvers;

/// <summary>How one trajectory's integration ended. Stored as an integer code in outputs.</summary>
public enum TrajectoryStatus
{
    /// <summary>Reached t_end.</summary>
    Success = 0,
    /// <summary>Stopped after the maximum number of step attempts before reaching t_end.</summary>
    MaxStepsReached = 1,
    /// <summary>The step size fell below the resolution of t (t + h == t): the problem is too stiff or singular.</summary>
    StepSizeUnderflow = 2,
    /// <summary>The state became NaN or infinite (blow-up).</summary>
    NonFinite = 3,
}
