using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Models;

/// <summary>
/// <c>brusselator</c>, Prigogine's dissipative-structure model: dx = a − (b+1)x + x²y, dy = bx − x²y.
/// Fixed point (a, b/a); Hopf bifurcation at b = 1 + a² with frequency ω = a; for (a, b) = (1, 3) a limit
/// cycle of period 7.15691 whose time average of x equals a.
/// </summary>
public readonly struct Brusselator<T>(T a, T b) : IModel<Brusselator<T>, T, Vec2<T>> where T : struct, IReal<T>
{
    public static ModelInfo Info { get; } = new(
        "brusselator",
        "Prigogine's Brusselator, the textbook dissipative structure (Hopf at b = 1 + a^2)",
        "dx/dt = a - (b + 1) x + x^2 y; dy/dt = b x - x^2 y",
        [
            new("x", 1.0, "activator concentration"),
            new("y", 1.0, "inhibitor concentration"),
        ],
        [
            new("a", 1.0, 0.01, 10.0, "feed of x"),
            new("b", 3.0, 0.0, 20.0, "conversion of x to y"),
        ])
    {
        Boundaries =
        [
            new("Hopf line b = 1 + a^2", "a", "b", (p, x, y) => ModelInfo.SampleCurve(a => 1 + a * a, x, y)),
        ],
    };

    public static Brusselator<T> Create(ParameterBlock<T> p) => new(p.P0, p.P1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec2<T> Derivative(T t, Vec2<T> u)
    {
        var x2y = u.X0 * u.X0 * u.X1;
        var bx = b * u.X0;
        return new(a - bx - u.X0 + x2y, bx - x2y);
    }

    /// <summary>No noise: zero.</summary>
    public Vec2<T> Diffusion(T t, Vec2<T> u) => Vec2<T>.Broadcast(T.FromDouble(0.0));

    /// <summary>No tracked quantities: zero.</summary>
    public Vec2<T> Tracked(Vec2<T> u) => Vec2<T>.Broadcast(T.FromDouble(0.0));
}
