using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Models;

/// <summary>
/// <c>van-der-pol</c>, the van der Pol oscillator x'' − μ(1 − x²)x' + x = 0 as a first-order system:
/// dx = y, dy = μ(1 − x²)y − x. For large μ (default 1000) it is stiff: a relaxation oscillation with slow
/// phases along the branches of μ(1 − x²)y = x and fast jumps, limit-cycle period ≈ (3 − 2 ln 2)μ
/// (≈ 1614 for μ = 1000); explicit methods need steps of order 1/μ on the slow phases, Rosenbrock methods do not.
/// </summary>
public readonly struct VanDerPol<T>(T mu) : IModel<VanDerPol<T>, T, Vec2<T>> where T : struct, IReal<T>
{
    public static ModelInfo Info { get; } = new(
        "van-der-pol",
        "van der Pol oscillator, stiff relaxation oscillations for large mu (use --method rosenbrock23)",
        "dx/dt = y; dy/dt = mu (1 - x^2) y - x",
        [
            new("x", 2.0, "position"),
            new("y", 0.0, "velocity"),
        ],
        [
            new("mu", 1000.0, 0.0, 1e6, "nonlinear damping (stiffness); period about (3 - 2 ln 2) mu for large mu"),
        ]);

    public static VanDerPol<T> Create(ParameterBlock<T> p) => new(p.P0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec2<T> Derivative(T t, Vec2<T> u) =>
        new(u.X1, T.MulAdd(mu * T.MulAdd(-u.X0, u.X0, T.FromDouble(1.0)), u.X1, -u.X0));

    /// <summary>No noise: zero.</summary>
    public Vec2<T> Diffusion(T t, Vec2<T> u) => Vec2<T>.Broadcast(T.FromDouble(0.0));

    /// <summary>No tracked quantities: zero.</summary>
    public Vec2<T> Tracked(Vec2<T> u) => Vec2<T>.Broadcast(T.FromDouble(0.0));
}
