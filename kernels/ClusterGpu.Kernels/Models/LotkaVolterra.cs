using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Models;

/// <summary>
/// <c>lotka-volterra</c>, three competing firm populations: du_i = u_i (r_i − Σ_j a_ij u_j).
/// Interior equilibrium u* = A⁻¹r; with the defaults (r = 1, A = I + 0.5 off-diagonal) u* = (0.5, 0.5, 0.5),
/// stable (eigenvalues −1, −0.25, −0.25).
/// </summary>
public readonly struct LotkaVolterra<T>(
    T r1, T r2, T r3, T a11, T a12, T a13, T a21, T a22, T a23, T a31, T a32, T a33)
    : IModel<LotkaVolterra<T>, T, Vec3<T>> where T : struct, IReal<T>
{
    public static ModelInfo Info { get; } = new(
        "lotka-volterra",
        "Competitive Lotka-Volterra system of three firm populations",
        "du_i/dt = u_i (r_i - sum_j a_ij u_j), i = 1..3",
        [
            new("u1", 0.1, "population of firm type 1"),
            new("u2", 0.2, "population of firm type 2"),
            new("u3", 0.3, "population of firm type 3"),
        ],
        [
            new("r1", 1.0, -10.0, 10.0, "growth rate of type 1"),
            new("r2", 1.0, -10.0, 10.0, "growth rate of type 2"),
            new("r3", 1.0, -10.0, 10.0, "growth rate of type 3"),
            new("a11", 1.0, -10.0, 10.0, "self-limitation of type 1"),
            new("a12", 0.5, -10.0, 10.0, "effect of type 2 on type 1"),
            new("a13", 0.5, -10.0, 10.0, "effect of type 3 on type 1"),
            new("a21", 0.5, -10.0, 10.0, "effect of type 1 on type 2"),
            new("a22", 1.0, -10.0, 10.0, "self-limitation of type 2"),
            new("a23", 0.5, -10.0, 10.0, "effect of type 3 on type 2"),
            new("a31", 0.5, -10.0, 10.0, "effect of type 1 on type 3"),
            new("a32", 0.5, -10.0, 10.0, "effect of type 2 on type 3"),
            new("a33", 1.0, -10.0, 10.0, "self-limitation of type 3"),
        ]);

    public static LotkaVolterra<T> Create(ParameterBlock<T> p) =>
        new(p.P0, p.P1, p.P2, p.P3, p.P4, p.P5, p.P6, p.P7, p.P8, p.P9, p.P10, p.P11);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3<T> Derivative(T t, Vec3<T> u) => new(
        u.X0 * (r1 - T.MulAdd(a11, u.X0, T.MulAdd(a12, u.X1, a13 * u.X2))),
        u.X1 * (r2 - T.MulAdd(a21, u.X0, T.MulAdd(a22, u.X1, a23 * u.X2))),
        u.X2 * (r3 - T.MulAdd(a31, u.X0, T.MulAdd(a32, u.X1, a33 * u.X2))));

    /// <summary>No noise: zero.</summary>
    public Vec3<T> Diffusion(T t, Vec3<T> u) => Vec3<T>.Broadcast(T.FromDouble(0.0));

    /// <summary>No tracked quantities: zero.</summary>
    public Vec3<T> Tracked(Vec3<T> u) => Vec3<T>.Broadcast(T.FromDouble(0.0));
}
