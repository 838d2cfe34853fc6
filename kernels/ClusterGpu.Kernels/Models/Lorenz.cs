using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Models;

/// <summary>
/// <c>lorenz</c>, the ensemble-solver benchmark standard (Lorenz 1963):
/// dx = σ(y − x), dy = x(ρ − z) − y, dz = xy − βz.
/// Classic chaos at σ = 10, ρ = 28, β = 8/3 (Lyapunov spectrum 0.906, 0, −14.572; sum −(σ + 1 + β));
/// the fixed points C± = (±√(β(ρ−1)), ±√(β(ρ−1)), ρ − 1) lose stability in a subcritical Hopf at ρ ≈ 24.74.
/// </summary>
public readonly struct Lorenz<T>(T sigma, T rho, T beta) : IModel<Lorenz<T>, T, Vec3<T>> where T : struct, IReal<T>
{
    public static ModelInfo Info { get; } = new(
        "lorenz",
        "Lorenz 1963 convection model, the standard benchmark of ensemble ODE solvers",
        "dx/dt = sigma (y - x); dy/dt = x (rho - z) - y; dz/dt = x y - beta z",
        [
            new("x", 1.0, "convective intensity"),
            new("y", 0.0, "temperature difference, rising vs falling"),
            new("z", 0.0, "distortion of the vertical temperature profile"),
        ],
        [
            new("sigma", 10.0, 0.0, 100.0, "Prandtl number"),
            new("rho", 28.0, 0.0, 1000.0, "Rayleigh number ratio"),
            new("beta", 8.0 / 3.0, 0.0, 100.0, "aspect-ratio factor"),
        ]);

    public static Lorenz<T> Create(ParameterBlock<T> p) => new(p.P0, p.P1, p.P2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3<T> Derivative(T t, Vec3<T> u) => new(
        sigma * (u.X1 - u.X0),
        T.MulAdd(u.X0, rho - u.X2, -u.X1),
        T.MulAdd(-beta, u.X2, u.X0 * u.X1));

    /// <summary>No noise: zero.</summary>
    public Vec3<T> Diffusion(T t, Vec3<T> u) => Vec3<T>.Broadcast(T.FromDouble(0.0));

    /// <summary>No tracked quantities: zero.</summary>
    public Vec3<T> Tracked(Vec3<T> u) => Vec3<T>.Broadcast(T.FromDouble(0.0));
}
