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
/// E0c = γσ0/κ. Noise terms σx dW1 on x and σE e dW2 on e are its <see cref="Diffusion"/>, used by stochastic steppers.
/// </summary>
public readonly struct InnovationCluster<T>(
    T kappa, T gamma, T a, T b, T lambda, T sigma0, T eta, T e0, T chi, T rho, T sigmaX, T sigmaE)
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
        ])
    {
        Order = new("x", "x_ref = sqrt(kappa lambda / (a b))", p => Math.Sqrt(p("kappa") * p("lambda") / (p("a") * p("b")))),
        OscillationState = "y",
        Observables =
        [
            new("order", "m = sqrt(<x^2>) / x_ref, x_ref = sqrt(kappa lambda / (a b))",
                w => Math.Sqrt(w.MeanSquare("x")) / Math.Sqrt(w.Parameter("kappa") * w.Parameter("lambda") / (w.Parameter("a") * w.Parameter("b")))),
            new("entropy", "<s>, time-averaged cluster entropy", w => w.Mean("s")),
            new("entropy_margin", "1 - gamma <s> / kappa (order-entropy identity: equals order^2 at ordered fixed points)",
                w => 1 - w.Parameter("gamma") * w.Mean("s") / w.Parameter("kappa")),
            new("negentropy_ratio", "<e s / (sigma0 + eta y)>: entropy exported over entropy produced", w => w.TrackedMean(0)),
            new("amplitude_y", "(max y - min y) / 2 over the window", w => (w.Max("y") - w.Min("y")) / 2),
        ],
        Boundaries =
        [
            new("ordering threshold e0 = gamma sigma0 / kappa", "e0", "eta",
                (p, x, y) => VerticalLine(p("gamma") * p("sigma0") / p("kappa"), x, y)),
            new("Hopf curve eta_H(e0) (chi = 0)", "e0", "eta",
                (p, x, y) => ModelInfo.SampleCurve(e0 => HopfEta(p, e0), x, y)),
            new("ordering threshold e0 = gamma sigma0 / kappa", "e0", "chi",
                (p, x, y) => VerticalLine(p("gamma") * p("sigma0") / p("kappa"), x, y)),
            new("noise-free ordering threshold e0 = gamma sigma0 / kappa", "e0", "sigma_x",
                (p, x, y) => VerticalLine(p("gamma") * p("sigma0") / p("kappa"), x, y)),
            new("spinodal e0_sn(chi)", "e0", "chi",
                (p, x, y) => Swap(ModelInfo.SampleCurve(chi => Spinodal(p, chi), y, x))),
        ],
        MultiplicativeNoiseParameters = ["sigma_e"], // σE e dW2; σx dW1 is additive
    };

    /// <summary>η_H(E0) = a[2λΔ0 + E0²(E0 + λ)] / (γ[2Δ0 − E0(E0 + λ)]), Δ0 = κE0 − γσ0; NaN where 2Δ0 ≤ E0(E0 + λ).</summary>
    public static double HopfEta(Func<string, double> p, double e0)
    {
        double kappa = p("kappa"), gamma = p("gamma"), a = p("a"), lambda = p("lambda"), sigma0 = p("sigma0");
        double delta0 = kappa * e0 - gamma * sigma0;
        double denominator = 2 * delta0 - e0 * (e0 + lambda);
        return denominator > 0 ? a * (2 * lambda * delta0 + e0 * e0 * (e0 + lambda)) / (gamma * denominator) : double.NaN;
    }

    /// <summary>E0_sn(χ) = [2 sqrt(kγ(κη + aσ0)) − (κk + γη)]/a with k = χλ/b; NaN unless subcritical (χ &gt; χ_c) and below E0c.</summary>
    public static double Spinodal(Func<string, double> p, double chi)
    {
        double kappa = p("kappa"), gamma = p("gamma"), a = p("a"), b = p("b"), lambda = p("lambda"), sigma0 = p("sigma0"), eta = p("eta");
        double k = chi * lambda / b;
        double e0c = gamma * sigma0 / kappa;
        double chiC = b * (a * e0c + gamma * eta) / (kappa * lambda);
        double e0 = (2 * Math.Sqrt(k * gamma * (kappa * eta + a * sigma0)) - (kappa * k + gamma * eta)) / a;
        return chi > chiC && e0 < e0c ? e0 : double.NaN;
    }

    private static IReadOnlyList<(double X, double Y)> VerticalLine(double x0, (double Low, double High) x, (double Low, double High) y) =>
        x0 >= x.Low && x0 <= x.High ? [(x0, y.Low), (x0, y.High)] : [];

    private static IReadOnlyList<(double X, double Y)> Swap(IReadOnlyList<(double X, double Y)> points) =>
        points.Select(q => (q.Y, q.X)).ToArray();

    public static InnovationCluster<T> Create(ParameterBlock<T> p) =>
        new(p.P0, p.P1, p.P2, p.P3, p.P4, p.P5, p.P6, p.P7, p.P8, p.P9, p.P10, p.P11);

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

    /// <summary>Micro-fluctuations σx on x and multiplicative (Itô) environmental noise σE·e on e.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec4<T> Diffusion(T t, Vec4<T> u)
    {
        var zero = T.FromDouble(0.0);
        return new(sigmaX, zero, zero, sigmaE * u.X3);
    }

    /// <summary>Component 0: the negentropy ratio e·s/(σ0 + ηy), entropy exported over entropy produced (1 at a fixed point).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec4<T> Tracked(Vec4<T> u)
    {
        var zero = T.FromDouble(0.0);
        return new(u.X3 * u.X2 / T.MulAdd(eta, u.X1, sigma0), zero, zero, zero);
    }
}
