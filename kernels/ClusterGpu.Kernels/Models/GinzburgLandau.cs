using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Models;

/// <summary>
/// <c>ginzburg-landau</c>, the order-parameter equation with a cusp potential:
/// dq = (h + εq − gq³) dt + σ dW, i.e. drift −V'(q) with V = −hq − εq²/2 + gq⁴/4.
/// Bistable iff 27 g h² &lt; 4 ε³. The noise σ is the model's <see cref="Diffusion"/>, used by stochastic
/// steppers (stationary density ∝ exp(−2V/σ²)); deterministic steppers integrate the drift.
/// </summary>
public readonly struct GinzburgLandau<T>(T h, T epsilon, T g, T sigma) : IModel<GinzburgLandau<T>, T, Vec1<T>> where T : struct, IReal<T>
{
    public static ModelInfo Info { get; } = new(
        "ginzburg-landau",
        "Ginzburg-Landau order parameter in a cusp potential (drift; noise sigma for SDE steppers)",
        "dq = (h + epsilon q - g q^3) dt + sigma dW",
        [new("q", 0.1, "order parameter")],
        [
            new("h", 0.0, -10.0, 10.0, "external field (bias towards one ordered state)"),
            new("epsilon", 1.0, -10.0, 10.0, "distance from the critical point"),
            new("g", 1.0, 0.01, 10.0, "quartic saturation"),
            new("sigma", 0.5, 0.0, 5.0, "noise intensity (stochastic steppers only)"),
        ])
    {
        Order = new("q", "sqrt(1 / g)", p => Math.Sqrt(1 / p("g"))),
    };

    public static GinzburgLandau<T> Create(ParameterBlock<T> p) => new(p.P0, p.P1, p.P2, p.P3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec1<T> Derivative(T t, Vec1<T> u) => new(T.MulAdd(T.MulAdd(-g * u.X0, u.X0, epsilon), u.X0, h));

    /// <summary>Additive noise σ.</summary>
    public Vec1<T> Diffusion(T t, Vec1<T> u) => new(sigma);

    /// <summary>No tracked quantities: zero.</summary>
    public Vec1<T> Tracked(Vec1<T> u) => Vec1<T>.Broadcast(T.FromDouble(0.0));
}
