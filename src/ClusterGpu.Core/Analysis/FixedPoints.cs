using ClusterGpu.Models;
using MathNet.Numerics.LinearAlgebra;
using Complex = System.Numerics.Complex;

namespace ClusterGpu.Analysis;

/// <summary>
/// Linear type of an equilibrium, from the eigenvalues of its Jacobian (stored as a byte; <see cref="FixedPoints.ClassNames"/>
/// gives the file names). "Leading" is the eigenvalue of largest real part: a focus has a complex leading pair.
/// </summary>
public enum StabilityClass : byte
{
    /// <summary>Newton did not reach an equilibrium: no eigenvalues.</summary>
    NotConverged = 0,
    /// <summary>Every Re λ &lt; 0, leading eigenvalue real.</summary>
    StableNode = 1,
    /// <summary>Every Re λ &lt; 0, leading eigenvalues a complex pair (damped oscillation).</summary>
    StableFocus = 2,
    /// <summary>
    /// Some Re λ &gt; 0 and some Re λ &lt; 0, complex or not: saddle-foci included (Lorenz C± at ρ = 28, the unstable
    /// ordered state of innovation-cluster beyond its Hopf curve); <c>eigen_frequency</c> tells a saddle-focus apart.
    /// </summary>
    Saddle = 3,
    /// <summary>Every Re λ &gt; 0, leading eigenvalue real.</summary>
    UnstableNode = 4,
    /// <summary>Every Re λ &gt; 0, leading eigenvalues a complex pair (growing oscillation).</summary>
    UnstableFocus = 5,
    /// <summary>No Re λ &gt; 0, and every eigenvalue with Re λ ≈ 0 is one of a purely imaginary pair (a centre, or a Hopf point).</summary>
    CentreLike = 6,
    /// <summary>Any other non-hyperbolic equilibrium: a zero eigenvalue, or Re λ ≈ 0 together with Re λ &gt; 0.</summary>
    Degenerate = 7,
}

/// <summary>Settings of <see cref="FixedPoints.Newton"/> and <see cref="FixedPoints.Classify"/>.</summary>
public sealed record NewtonSettings
{
    /// <summary>Converged when max_i |f_i(u)| ≤ this (absolute; default 1e-10).</summary>
    public double ResidualTolerance { get; init; } = 1e-10;
    /// <summary>Converged when a full Newton step has max_i |δ_i| ≤ this · (1 + max_i |u_i|) (default 1e-12): round-off level.</summary>
    public double StepTolerance { get; init; } = 1e-12;
    /// <summary>Newton iterations before giving up (default 50).</summary>
    public int MaxIterations { get; init; } = 50;
    /// <summary>Step halvings tried before a step is accepted without decrease of ‖f‖₂ (default 30).</summary>
    public int MaxHalvings { get; init; } = 30;
    /// <summary>Re λ counts as zero when |Re λ| ≤ this · max(1, max |λ|) (default 1e-7): the centre-like and degenerate classes.</summary>
    public double ZeroTolerance { get; init; } = 1e-7;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> on non-positive tolerances or counts.</summary>
    public void Validate()
    {
        if (!(ResidualTolerance > 0)) throw new ArgumentOutOfRangeException(nameof(ResidualTolerance), ResidualTolerance, "must be positive");
        if (!(StepTolerance > 0)) throw new ArgumentOutOfRangeException(nameof(StepTolerance), StepTolerance, "must be positive");
        if (MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "must be at least 1");
        if (MaxHalvings < 0) throw new ArgumentOutOfRangeException(nameof(MaxHalvings), MaxHalvings, "must not be negative");
        if (!(ZeroTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(ZeroTolerance), ZeroTolerance, "must not be negative");
    }
}

/// <summary>What <see cref="FixedPoints.Newton"/> found: the last iterate, whether it is an equilibrium, max_i |f_i| there, iterations used.</summary>
public sealed record NewtonResult(double[] State, bool Converged, double Residual, int Iterations);

/// <summary>
/// An equilibrium and its linear stability: the Newton result, the Jacobian eigenvalues (sorted by real part descending;
/// empty when Newton failed), the class, the spectral abscissa max Re λ and |Im λ| of that leading eigenvalue.
/// </summary>
public sealed record FixedPointAnalysis(NewtonResult Newton, Complex[] Eigenvalues, StabilityClass Class)
{
    /// <summary>max Re λ (NaN when Newton failed): negative means linearly stable.</summary>
    public double MaxRealEigenvalue => Eigenvalues.Length > 0 ? Eigenvalues[0].Real : double.NaN;
    /// <summary>|Im λ| of the leading eigenvalue, the angular frequency of the leading mode (0 for a real one, NaN when Newton failed).</summary>
    public double Frequency => Eigenvalues.Length > 0 ? Math.Abs(Eigenvalues[0].Imaginary) : double.NaN;
    /// <summary>Number of eigenvalues with Re λ &gt; 0 beyond the zero tolerance: the dimension of the unstable manifold.</summary>
    public int UnstableDimension { get; init; }
}

/// <summary>
/// Equilibria of registered models near a given state: damped Newton on f(u) = 0 with the exact <see cref="Jacobian"/>,
/// then the eigenvalues there (<see cref="Stability"/>) and their <see cref="StabilityClass"/>.
/// </summary>
public static class FixedPoints
{
    /// <summary>snake_case names of <see cref="StabilityClass"/>, indexed by its byte value (the <c>flag_meanings</c> of files).</summary>
    public static readonly string[] ClassNames =
        ["not_converged", "stable_node", "stable_focus", "saddle", "unstable_node", "unstable_focus", "centre_like", "degenerate"];

    /// <summary>
    /// Damped Newton from <paramref name="start"/>: step δ = −J⁻¹f (LU), halved until ‖f‖₂ decreases (at most
    /// <see cref="NewtonSettings.MaxHalvings"/> times). Converged by residual or by a round-off-sized full step; fails on a
    /// singular Jacobian, a non-finite value or when the iterations run out.
    /// </summary>
    public static NewtonResult Newton(ModelHandle model, IReadOnlyList<double> start, IReadOnlyList<double> parameters, NewtonSettings? settings = null)
    {
        settings ??= new NewtonSettings();
        settings.Validate();
        var u = Vector<double>.Build.DenseOfEnumerable(start);
        var f = Residual(model, u, parameters);
        for (int iteration = 0; ; iteration++)
        {
            double residual = f.InfinityNorm();
            if (!double.IsFinite(residual)) return new NewtonResult(u.ToArray(), false, residual, iteration);
            if (residual <= settings.ResidualTolerance) return new NewtonResult(u.ToArray(), true, residual, iteration);
            if (iteration == settings.MaxIterations) return new NewtonResult(u.ToArray(), false, residual, iteration);
            var step = Matrix<double>.Build.DenseOfArray(Jacobian.Compute(model, u.ToArray(), parameters)).LU().Solve(-f);
            if (!step.ForAll(double.IsFinite)) return new NewtonResult(u.ToArray(), false, residual, iteration);
            bool roundOff = step.InfinityNorm() <= settings.StepTolerance * (1 + u.InfinityNorm());
            double norm = f.L2Norm(), damping = 1;
            var trial = u + step;
            var fTrial = Residual(model, trial, parameters);
            for (int halving = 0; halving < settings.MaxHalvings && !(fTrial.L2Norm() < norm); halving++)
            {
                damping /= 2;
                trial = u + damping * step;
                fTrial = Residual(model, trial, parameters);
            }
            (u, f) = (trial, fTrial);
            if (roundOff) return new NewtonResult(u.ToArray(), double.IsFinite(f.InfinityNorm()), f.InfinityNorm(), iteration + 1);
        }
    }

    /// <summary>The class of an equilibrium with <paramref name="eigenvalues"/> sorted by real part descending (<see cref="Stability.Eigenvalues(double[,])"/>).</summary>
    public static StabilityClass Classify(IReadOnlyList<Complex> eigenvalues, double zeroTolerance = 1e-7)
    {
        ArgumentNullException.ThrowIfNull(eigenvalues);
        if (eigenvalues.Count == 0) return StabilityClass.NotConverged;
        double tolerance = ZeroBand(eigenvalues, zeroTolerance);
        int unstable = eigenvalues.Count(z => z.Real > tolerance), stable = eigenvalues.Count(z => z.Real < -tolerance);
        var neutral = eigenvalues.Where(z => Math.Abs(z.Real) <= tolerance).ToArray();
        if (neutral.Length > 0)
            return unstable == 0 && neutral.All(z => Math.Abs(z.Imaginary) > tolerance) ? StabilityClass.CentreLike : StabilityClass.Degenerate;
        bool focus = Math.Abs(eigenvalues[0].Imaginary) > tolerance;
        return (unstable, stable) switch
        {
            (0, _) => focus ? StabilityClass.StableFocus : StabilityClass.StableNode,
            (_, 0) => focus ? StabilityClass.UnstableFocus : StabilityClass.UnstableNode,
            _ => StabilityClass.Saddle,
        };
    }

    /// <summary>Newton from <paramref name="start"/>, then the eigenvalues and class of the equilibrium found (none when Newton failed).</summary>
    public static FixedPointAnalysis Analyse(ModelHandle model, IReadOnlyList<double> start, IReadOnlyList<double> parameters, NewtonSettings? settings = null)
    {
        settings ??= new NewtonSettings();
        var newton = Newton(model, start, parameters, settings);
        if (!newton.Converged) return new FixedPointAnalysis(newton, [], StabilityClass.NotConverged);
        var eigenvalues = Stability.Eigenvalues(model, newton.State, parameters);
        double tolerance = ZeroBand(eigenvalues, settings.ZeroTolerance);
        return new FixedPointAnalysis(newton, eigenvalues, Classify(eigenvalues, settings.ZeroTolerance))
        {
            UnstableDimension = eigenvalues.Count(z => z.Real > tolerance),
        };
    }

    /// <summary>|Re λ| up to this counts as zero: the tolerance relative to the spectral radius (at least 1).</summary>
    private static double ZeroBand(IReadOnlyList<Complex> eigenvalues, double zeroTolerance) => zeroTolerance * Math.Max(1, eigenvalues.Max(Complex.Abs));

    private static Vector<double> Residual(ModelHandle model, Vector<double> u, IReadOnlyList<double> parameters) =>
        Vector<double>.Build.DenseOfArray(Jacobian.Derivative(model, u.ToArray(), parameters));
}
