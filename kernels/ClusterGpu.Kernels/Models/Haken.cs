using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Models;

/// <summary>
/// <c>haken</c>, Haken's order parameter q1 with a slaved mode q2:
/// dq1 = −λ1 q1 − a q1 q2, dq2 = −λ2 q2 + b q1².
/// For λ1 &lt; 0: ordered fixed points q1* = ±√(−λ1λ2/(ab)), q2* = −λ1/a with eigenvalues
/// (−λ2 ± √(λ2² + 8λ1λ2))/2 (slaving principle: q2 ≈ (b/λ2) q1² when λ2 ≫ |λ1|).
/// </summary>
public readonly struct Haken<T>(T lambda1, T lambda2, T a, T b) : IModel<Haken<T>, T, Vec2<T>> where T : struct, IReal<T>
{
    public static ModelInfo Info { get; } = new(
        "haken",
        "Haken's order parameter with one slaved (fast) mode",
        "dq1/dt = -lambda1 q1 - a q1 q2; dq2/dt = -lambda2 q2 + b q1^2",
        [
            new("q1", 0.01, "order parameter (unstable mode)"),
            new("q2", 0.0, "slaved (stable, fast) mode"),
        ],
        [
            new("lambda1", -0.5, -10.0, 10.0, "damping of q1 (negative: q1 grows, order emerges)"),
            new("lambda2", 2.0, 0.01, 100.0, "damping of the slaved mode"),
            new("a", 1.0, 0.01, 10.0, "feedback of q2 on q1"),
            new("b", 1.0, 0.01, 10.0, "driving of q2 by q1"),
        ])
    {
        Order = new("q1", "sqrt(lambda2 / (a b))", p => Math.Sqrt(p("lambda2") / (p("a") * p("b")))),
    };

    public static Haken<T> Create(ParameterBlock<T> p) => new(p.P0, p.P1, p.P2, p.P3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec2<T> Derivative(T t, Vec2<T> u) => new(
        -(lambda1 + a * u.X1) * u.X0,
        T.MulAdd(b * u.X0, u.X0, -(lambda2 * u.X1)));

    /// <summary>No noise: zero.</summary>
    public Vec2<T> Diffusion(T t, Vec2<T> u) => Vec2<T>.Broadcast(T.FromDouble(0.0));

    /// <summary>No tracked quantities: zero.</summary>
    public Vec2<T> Tracked(Vec2<T> u) => Vec2<T>.Broadcast(T.FromDouble(0.0));
}
