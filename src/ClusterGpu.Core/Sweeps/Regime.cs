using System.Globalization;
using ClusterGpu.Errors;

namespace ClusterGpu.Sweeps;

/// <summary>Long-time behaviour of one trajectory, as stored in the <c>regime</c> variable.</summary>
public enum Regime
{
    /// <summary>Non-finite, beyond the divergence bound, or the integration failed (see <c>status</c>).</summary>
    DivergedOrFailed = 0,
    /// <summary>The order parameter's RMS over the window is below the disorder threshold × its scale.</summary>
    Disordered = 1,
    /// <summary>Ordered and not oscillating (a non-trivial steady state).</summary>
    Ordered = 2,
    /// <summary>A sustained oscillation: crossings and a window amplitude that does not decay.</summary>
    Oscillatory = 3,
    /// <summary>Not oscillating, for a model without an order parameter (a steady state).</summary>
    Stationary = 4,
    /// <summary>Bounded with a largest Lyapunov exponent above the chaos threshold (only with <c>--lyapunov</c>).</summary>
    Chaotic = 5,
}

/// <summary>
/// Thresholds of the regime classification (MODELS.md): diverged if non-finite or |u| &gt; <see cref="DivergenceBound"/>;
/// disordered if sqrt(⟨u_order²⟩) &lt; <see cref="DisorderFraction"/> × scale; oscillatory if the first state crosses
/// its first-half mid-range upwards in the window's second half (a monotone approach never does), the oscillation
/// state's amplitude (max − min)/2 over the window's second half exceeds
/// <see cref="OscillationAmplitude"/> × |⟨u⟩| (and 1e-9), and that amplitude is at least <see cref="DecayRatio"/> ×
/// the first half's (a damped focus decays and is not oscillatory); otherwise ordered (or stationary).
/// With the largest Lyapunov exponent computed, a bounded trajectory whose exponent exceeds <see cref="ChaosThreshold"/>
/// is chaotic (checked right after divergence).
/// With <see cref="Noisy"/> (stochastic runs, where noise alone keeps the order parameter away from zero and makes
/// every path cross its mid-range) a path past the disorder threshold must also keep its sign: ordered iff the order
/// parameter's window mean lies more than one window standard deviation from zero, 2⟨x⟩² &gt; ⟨x²⟩ (it stays in one
/// well over the window; noise-driven hopping between ±x* counts as disordered), and there is no oscillation test (a
/// noisy limit cycle counts as ordered).
/// </summary>
public sealed record RegimeRules(
    double DivergenceBound = 1e6,
    double DisorderFraction = 1e-3,
    double OscillationAmplitude = 1e-2,
    double DecayRatio = 0.5,
    double ChaosThreshold = 1e-2,
    bool Noisy = false)
{
    /// <summary>flag_meanings for the HDF5 variable, in code order.</summary>
    public static readonly string[] Names = ["diverged_or_failed", "disordered", "ordered", "oscillatory", "stationary", "chaotic"];

    /// <summary>Throws a <see cref="UsageException"/> for a non-positive threshold.</summary>
    public void Validate()
    {
        if (!(DivergenceBound > 0)) throw new UsageException("--diverge-bound must be positive (e.g. 1e6).");
        if (!(DisorderFraction > 0)) throw new UsageException("--disorder-threshold must be positive (e.g. 1e-3).");
        if (!(OscillationAmplitude > 0)) throw new UsageException("--oscillation-threshold must be positive (e.g. 1e-2).");
        if (!(DecayRatio > 0 && DecayRatio <= 1)) throw new UsageException("--decay-ratio must lie in (0, 1] (e.g. 0.5).");
        if (!(ChaosThreshold > 0)) throw new UsageException("--chaos-threshold must be positive (e.g. 0.01).");
    }

    /// <summary>One-line description for run headers and provenance.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"diverge-bound {DivergenceBound:G3}, disorder-threshold {DisorderFraction:G3}, oscillation-threshold {OscillationAmplitude:G3}, decay-ratio {DecayRatio:G3}, chaos-threshold {ChaosThreshold:G3}{(Noisy ? "; noisy: ordered also needs 2<x>^2 > <x^2> (sign kept over the window), no oscillation test" : "")}");
}
