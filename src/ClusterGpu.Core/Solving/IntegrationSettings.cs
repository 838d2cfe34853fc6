using System.Globalization;
using ClusterGpu.Errors;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.Steppers;

namespace ClusterGpu.Solving;

/// <summary>
/// The integration methods: classic RK4 (fixed step), Dormand–Prince 5(4) and Rosenbrock 2(3) (adaptive), and
/// Euler–Maruyama and stochastic Heun (fixed step, stochastic: they integrate the models' noise terms).
/// </summary>
public enum MethodKind
{
    /// <summary>Classic Runge–Kutta order 4, fixed step <see cref="IntegrationSettings.Dt"/>.</summary>
    Rk4,
    /// <summary>Dormand–Prince 5(4) with PI step control, tolerances rtol/atol.</summary>
    Dopri5,
    /// <summary>Rosenbrock 2(3) (ode23s) for stiff systems, exact Jacobian, PI step control, tolerances rtol/atol.</summary>
    Rosenbrock23,
    /// <summary>Euler–Maruyama for the Itô SDE with the model's diagonal noise, fixed step <see cref="IntegrationSettings.Dt"/>, random streams from <see cref="IntegrationSettings.Seed"/>.</summary>
    EulerMaruyama,
    /// <summary>
    /// Stochastic Heun for additive noise (strong order 1), fixed step <see cref="IntegrationSettings.Dt"/>, the same random
    /// streams as <see cref="EulerMaruyama"/>; refused where a model's multiplicative noise amplitude is nonzero
    /// (<see cref="Kernels.Models.ModelInfo.MultiplicativeNoiseParameters"/>).
    /// </summary>
    StochasticHeun,
}

/// <summary>Number precision on the device.</summary>
public enum Precision
{
    /// <summary>IEEE binary64.</summary>
    Fp64,
    /// <summary>IEEE binary32 (about twice the throughput; ~7 significant digits).</summary>
    Fp32,
}

/// <summary>
/// How to integrate: method, time span, step size or tolerances, step limit and precision. Every value is
/// explicit and is printed in run headers and recorded in output files.
/// </summary>
public sealed record IntegrationSettings
{
    /// <summary>Integration method.</summary>
    public MethodKind Method { get; init; } = MethodKind.Dopri5;
    /// <summary>Start time.</summary>
    public double T0 { get; init; }
    /// <summary>End time, &gt; T0.</summary>
    public double TEnd { get; init; } = 100;
    /// <summary>Seed of the trajectories' random streams (stochastic methods): trajectory j of the ensemble draws from (Seed, j).</summary>
    public ulong Seed { get; init; }
    /// <summary>Fixed step size (RK4, Euler–Maruyama).</summary>
    public double Dt { get; init; } = 0.01;
    /// <summary>Relative tolerance (adaptive methods).</summary>
    public double RelativeTolerance { get; init; } = 1e-6;
    /// <summary>Absolute tolerance (adaptive methods).</summary>
    public double AbsoluteTolerance { get; init; } = 1e-9;
    /// <summary>Most step attempts per trajectory (adaptive methods).</summary>
    public long MaxSteps { get; init; } = 1_000_000;
    /// <summary>Device number precision.</summary>
    public Precision Precision { get; init; } = Precision.Fp64;

    /// <summary>Throws a <see cref="UsageException"/> naming the first invalid setting and its fix.</summary>
    public void Validate()
    {
        if (!double.IsFinite(T0)) throw new UsageException("t0 must be a finite number.");
        if (!double.IsFinite(TEnd) || TEnd <= T0) throw new UsageException($"t-end must be greater than t0 = {T0.ToString(CultureInfo.InvariantCulture)}; give e.g. --t-end 100.");
        if (IsFixedStep)
        {
            if (!(Dt > 0) || !double.IsFinite(Dt)) throw new UsageException("dt must be a positive number; give e.g. --dt 0.01.");
            if ((TEnd - T0) / Dt > 1e11) throw new UsageException("dt is too small for the time span (more than 1e11 steps); increase --dt.");
        }
        else
        {
            if (!(RelativeTolerance > 0) || RelativeTolerance >= 1) throw new UsageException("rtol must lie in (0, 1); give e.g. --rtol 1e-6.");
            if (!(AbsoluteTolerance > 0) || !double.IsFinite(AbsoluteTolerance)) throw new UsageException("atol must be a positive number; give e.g. --atol 1e-9.");
            if (MaxSteps <= 0) throw new UsageException("max-steps must be a positive integer.");
            if (Precision == Precision.Fp32 && RelativeTolerance < 1e-6)
                throw new UsageException("rtol below 1e-6 is beneath FP32 resolution; use --precision fp64 or a larger --rtol.");
        }
    }

    /// <summary>
    /// The kernel method struct (boxed): <see cref="FixedStep{TStepper}"/> or <see cref="Adaptive{TStepper}"/>;
    /// with <paramref name="forCpuJit"/> the adaptive step is wrapped in <see cref="Backends.OutOfLineStep{TStepper}"/>.
    /// </summary>
    public object CreateMethod(bool forCpuJit = false) => Method switch
    {
        MethodKind.Rk4 => new FixedStep<Rk4>(Dt),
        MethodKind.EulerMaruyama => new FixedStep<EulerMaruyama>(Dt),
        MethodKind.StochasticHeun => new FixedStep<StochasticHeun>(Dt),
        MethodKind.Rosenbrock23 => CreateAdaptive<Rosenbrock23>(forCpuJit),
        _ => forCpuJit
            ? new Adaptive<Backends.OutOfLineDormandPrince5>(RelativeTolerance, AbsoluteTolerance, MaxSteps)
            : new Adaptive<DormandPrince5>(RelativeTolerance, AbsoluteTolerance, MaxSteps),
    };

    private object CreateAdaptive<TStepper>(bool forCpuJit) where TStepper : struct, IAdaptiveStepper => forCpuJit
        ? new Adaptive<Backends.OutOfLineStep<TStepper>>(RelativeTolerance, AbsoluteTolerance, MaxSteps)
        : new Adaptive<TStepper>(RelativeTolerance, AbsoluteTolerance, MaxSteps);

    /// <summary>True for the fixed-step methods (step <see cref="Dt"/>), false for the adaptive ones (tolerances).</summary>
    public bool IsFixedStep => Method is MethodKind.Rk4 || IsStochastic;

    /// <summary>True for the stochastic methods, which draw from the random streams of <see cref="Seed"/>.</summary>
    public bool IsStochastic => Method is MethodKind.EulerMaruyama or MethodKind.StochasticHeun;

    /// <summary>Canonical CLI name of the method.</summary>
    public string MethodName => Method switch
    {
        MethodKind.EulerMaruyama => "euler-maruyama",
        MethodKind.StochasticHeun => "stochastic-heun",
        _ => Method.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Throws a <see cref="UsageException"/> when the method is <see cref="MethodKind.StochasticHeun"/> and a
    /// multiplicative noise parameter of <paramref name="info"/> (<see cref="Kernels.Models.ModelInfo.MultiplicativeNoiseParameters"/>)
    /// is nonzero for some trajectory: there the method converges to the Stratonovich solution, not the model's Itô one.
    /// <paramref name="parameters"/> is column-major, <paramref name="count"/> trajectories per parameter.
    /// </summary>
    public void RequireAdditiveNoise(Kernels.Models.ModelInfo info, ReadOnlySpan<double> parameters, int count)
    {
        if (Method != MethodKind.StochasticHeun) return;
        if (info.StateDependentNoiseWithoutParameter) throw StateDependentNoiseRefused(info);
        foreach (var name in info.MultiplicativeNoiseParameters)
        {
            int k = info.ParameterIndex(name);
            if (parameters.Slice(k * count, count).ContainsAnyExcept(0.0)) throw MultiplicativeNoiseRefused(info, name);
        }
    }

    /// <summary>
    /// The same check before a run starts: throws when <paramref name="takesNonzero"/> says a multiplicative noise parameter
    /// is nonzero somewhere in the run, so a long sweep is not refused only when its batch reaches that point.
    /// </summary>
    public void RequireAdditiveNoise(Kernels.Models.ModelInfo info, Func<string, bool> takesNonzero)
    {
        if (Method != MethodKind.StochasticHeun) return;
        if (info.StateDependentNoiseWithoutParameter) throw StateDependentNoiseRefused(info);
        foreach (var name in info.MultiplicativeNoiseParameters)
            if (takesNonzero(name)) throw MultiplicativeNoiseRefused(info, name);
    }

    private static UsageException MultiplicativeNoiseRefused(Kernels.Models.ModelInfo info, string name) =>
        new($"stochastic-heun is for additive noise, but {info.Name}'s {name} (multiplicative noise) is nonzero: it would converge to the Stratonovich, not the Itô, solution. Set {name} 0 or use --method euler-maruyama.");

    private static UsageException StateDependentNoiseRefused(Kernels.Models.ModelInfo info) =>
        new($"stochastic-heun is for additive noise, but {info.Name}'s noise depends on the state: it would converge to the Stratonovich, not the Itô, solution. Use --method euler-maruyama.");

    /// <summary>One-line description for run headers.</summary>
    public string Describe() => IsFixedStep
        ? FormattableString.Invariant($"method {MethodName}, dt {Dt:G6}{(IsStochastic ? $", noise seed {Seed}" : "")}, t {T0:G6}..{TEnd:G6}, precision {Precision.ToString().ToLowerInvariant()}")
        : FormattableString.Invariant($"method {MethodName}, rtol {RelativeTolerance:G3}, atol {AbsoluteTolerance:G3}, max-steps {MaxSteps}, t {T0:G6}..{TEnd:G6}, precision {Precision.ToString().ToLowerInvariant()}");
}
