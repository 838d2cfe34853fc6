using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Models;

/// <summary>
/// <c>innovation-cluster</c> (ICES-4), the flagship entropy–synergy model. Mechanisms from P. Wang (2020),
/// "Research on the Formation Mechanism of Innovation Clusters Based on Self-Organization Theory",
/// doi 10.23977/socsam.2020.010101, which states them in words only; these equations are ClusterGpu's
/// construction on Haken's two-mode synergetics model plus Prigogine's entropy balance dS = d_iS + d_eS,
/// not the paper's own:
/// <code>
/// dx = (κ − γs − a y) x          order parameter (technology-innovation synergy); growth = entropy margin κ − γs
/// dy = b x² − λ y                competition synergy induced by innovation success (fast, slaved)
/// ds = σ0 + η y − e s            d_iS/dt = σ0 + ηy ≥ 0, d_eS/dt = −e s ≤ 0 (negative-entropy import)
/// de = ρ (E0 + χ x² − e)         environmental support with positive feedback χ
/// </code>
/// Disordered state P0 = (0, 0, σ0/E0, E0) with eigenvalues {κ − γσ0/E0, −λ, −E0, −ρ}: order emerges above
/// E0c = γσ0/κ. Noise terms σx dW1 on x and σE e dW2 on e are declared for stochastic steppers.
/// </summary>
public readonly struct InnovationCluster<T>(
    T kappa, T gamma, T a, T b, T lambda, T sigma0, T eta, T e0, T chi, T rho)
    : IModel<InnovationCluster<T>, T, Vec4<T>> where T : struct, IReal<T>
{
    public static ModelInfo Info { get; } = new(
        "innovation-cluster",
        "ICES-4 entropy-synergy model of a self-organising innovation cluster (ClusterGpu's construction after Wang 2020)",
        "dx/dt = (kappa - gamma s - a y) x [+ sigma_x dW1]; dy/dt = b x^2 - lambda y; "
        + "ds/dt = sigma0 + eta y - e s; de/dt = rho (e0 + chi x^2 - e) [+ sigma_e e dW2, Ito]",
        [
            new("x", 0.01, "technology-innovation synergy, the order parameter (sign: technological path)"),
            new("y", 0.0, "competition synergy (fast, slaved mode), >= 0"),
            new("s", 1.0, "cluster entropy, >= 0"),
            new("e", 1.0, "environmental support: rate of negative-entropy supply, > 0"),
        ],
        [
            new("kappa", 1.0, 0.1, 5.0, "innovation gain"),
            new("gamma", 1.0, 0.1, 5.0, "entropy drag on innovation"),
            new("a", 1.0, 0.1, 5.0, "suppression of innovation by competition"),
            new("b", 1.0, 0.1, 5.0, "competition induced by innovation success"),
            new("lambda", 1.0, 0.1, 20.0, "relaxation rate of competition"),
            new("sigma0", 1.0, 0.0, 5.0, "baseline internal entropy production"),
            new("eta", 0.5, 0.0, 20.0, "entropy produced per unit rivalry"),
            new("e0", 2.0, 0.05, 6.0, "baseline environmental support (main control parameter)"),
            new("chi", 0.0, 0.0, 10.0, "positive feedback of order on support"),
            new("rho", 1.0, 0.01, 10.0, "adaptation rate of the environment"),
            new("sigma_x", 0.0, 0.0, 0.5, "micro-fluctuation noise on x (stochastic steppers only)"),
            new("sigma_e", 0.0, 0.0, 0.3, "multiplicative environmental noise (stochastic steppers only)"),
        ]);

    public static InnovationCluster<T> Create(ParameterBlock<T> p) =>
        new(p.P0, p.P1, p.P2, p.P3, p.P4, p.P5, p.P6, p.P7, p.P8, p.P9);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec4<T> Derivative(T t, Vec4<T> u)
    {
        T x = u.X0, y = u.X1, s = u.X2, e = u.X3;
        var x2 = x * x;
        return new(
            (kappa - gamma * s - a * y) * x,
            T.MulAdd(b, x2, -(lambda * y)),
            T.MulAdd(eta, y, sigma0) - e * s,
            rho * (T.MulAdd(chi, x2, e0) - e));
    }

    /// <summary>Negentropy ratio e·s/(σ0 + ηy): entropy exported over entropy produced (1 at a fixed point).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Tracked(Vec4<T> u) => u.X3 * u.X2 / T.MulAdd(eta, u.X1, sigma0);
}
