using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Models;

/// <summary>
/// <c>stuart-landau</c>, the Hopf normal form dz = (μ + iω)z − |z|²z with z = x + iy:
/// dx = μx − ωy − (x² + y²)x, dy = ωx + μy − (x² + y²)y.
/// μ &gt; 0: limit cycle of radius √μ and angular frequency ω; μ &lt; 0: stable focus at 0.
/// </summary>
public readonly struct StuartLandau<T>(T mu, T omega) : IModel<StuartLandau<T>, T, Vec2<T>> where T : struct, IReal<T>
{
    public static ModelInfo Info { get; } = new(
        "stuart-landau",
        "Stuart-Landau oscillator, the normal form of a supercritical Hopf bifurcation",
        "dx/dt = mu x - omega y - (x^2 + y^2) x; dy/dt = omega x + mu y - (x^2 + y^2) y",
        [
            new("x", 0.1, "real part of the amplitude z"),
            new("y", 0.0, "imaginary part of the amplitude z"),
        ],
        [
            new("mu", 1.0, -10.0, 10.0, "distance from the Hopf point"),
            new("omega", 1.0, -100.0, 100.0, "angular frequency"),
        ]);

    public static StuartLandau<T> Create(ParameterBlock<T> p) => new(p.P0, p.P1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec2<T> Derivative(T t, Vec2<T> u)
    {
        var growth = mu - T.MulAdd(u.X0, u.X0, u.X1 * u.X1);
        return new(T.MulAdd(growth, u.X0, -(omega * u.X1)), T.MulAdd(growth, u.X1, omega * u.X0));
    }

    /// <summary>No noise: zero.</summary>
    public Vec2<T> Diffusion(T t, Vec2<T> u) => Vec2<T>.Broadcast(T.FromDouble(0.0));

    /// <summary>No tracked quantities: zero.</summary>
    public Vec2<T> Tracked(Vec2<T> u) => Vec2<T>.Broadcast(T.FromDouble(0.0));
}
