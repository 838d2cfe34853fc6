using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Models;

/// <summary>
/// <c>logistic</c>, innovation diffusion (Verhulst): du = r u (1 − u/k).
/// Closed form u(t) = k / (1 + (k/u0 − 1) e^(−rt)); fixed points 0 (unstable for r &gt; 0) and k (stable).
/// </summary>
public readonly struct Logistic<T>(T r, T k) : IModel<Logistic<T>, T, Vec1<T>> where T : struct, IReal<T>
{
    public static ModelInfo Info { get; } = new(
        "logistic",
        "Logistic (Verhulst) innovation diffusion; closed-form solution",
        "du/dt = r u (1 - u/k)",
        [new("u", 0.1, "adopters (fraction of capacity k)")],
        [
            new("r", 1.0, -10.0, 10.0, "diffusion rate (1/time)"),
            new("k", 1.0, 1e-6, 1e6, "carrying capacity"),
        ]);

    public static Logistic<T> Create(ParameterBlock<T> p) => new(p.P0, p.P1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec1<T> Derivative(T t, Vec1<T> u) => new(r * u.X0 * (T.FromDouble(1.0) - u.X0 / k));

    /// <summary>No noise: zero.</summary>
    public Vec1<T> Diffusion(T t, Vec1<T> u) => Vec1<T>.Broadcast(T.FromDouble(0.0));

    /// <summary>No tracked quantities: zero.</summary>
    public Vec1<T> Tracked(Vec1<T> u) => Vec1<T>.Broadcast(T.FromDouble(0.0));
}
