using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Steppers;

/// <summary>
/// The inputs and outputs of one attempted adaptive step, kept together so that the step can run in parts
/// (<see cref="IAdaptiveStepper.StepPart"/>): inputs <see cref="Time"/>, <see cref="StepSize"/>, <see cref="State"/>,
/// <see cref="Slope"/> and <see cref="DenseOutput"/>; outputs <see cref="Solution"/>, <see cref="Error"/>,
/// <see cref="NextSlope"/> and <see cref="Quartic"/> (the meanings of <see cref="IAdaptiveStepper.Step"/>'s arguments);
/// <see cref="K2"/> … <see cref="K6"/> carry stage slopes from one part to the next.
/// </summary>
public struct StepWork<T, TState>
    where T : struct, IReal<T>
    where TState : struct, IState<TState, T>
{
    /// <summary>t, the start of the step.</summary>
    public T Time;
    /// <summary>h, the step size attempted.</summary>
    public T StepSize;
    /// <summary>y(t).</summary>
    public TState State;
    /// <summary>k1 = f(t, y).</summary>
    public TState Slope;
    /// <summary>y_new, the propagated solution at t + h.</summary>
    public TState Solution;
    /// <summary>The local error estimate of <see cref="Solution"/>.</summary>
    public TState Error;
    /// <summary>f(t + h, y_new), the next step's k1.</summary>
    public TState NextSlope;
    /// <summary>The continuous extension's coefficient beyond the Hermite cubic (zero when not computed).</summary>
    public TState Quartic;
    /// <summary>Stage slopes between the parts of a step that runs in parts (Dormand–Prince: k2 … k6).</summary>
    public TState K2, K3, K4, K5, K6;
    /// <summary>Whether the caller reads <see cref="Quartic"/>.</summary>
    public bool DenseOutput;
}
