using System.Runtime.CompilerServices;
using ILGPU.IR.Intrinsics;

namespace ClusterGpu.Kernels.Numbers;

/// <summary>
/// IEEE-754 operations, each rounded once to nearest. On the CPU these are the .NET operations; in PTX each is one
/// explicitly rounded instruction (<c>add.rn.f64</c>, <c>fma.rn.f32</c>, …: <c>ClusterGpu.Gpu.IeeeIntrinsics</c>), which
/// ptxas never contracts or approximates, whereas the plain <c>mul.f64</c> / <c>add.f64</c> ILGPU 1.5.3 emits for the
/// operators are fused into FMAs at ptxas's discretion.
/// </summary>
public static class Ieee
{
    [IntrinsicImplementation, MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Add(double a, double b) => a + b;
    [IntrinsicImplementation, MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sub(double a, double b) => a - b;
    [IntrinsicImplementation, MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Mul(double a, double b) => a * b;
    [IntrinsicImplementation, MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Div(double a, double b) => a / b;
    [IntrinsicImplementation, MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sqrt(double x) => Math.Sqrt(x);

    /// <summary>a·b + c with one rounding.</summary>
    [IntrinsicImplementation, MethodImpl(MethodImplOptions.AggressiveInlining)] public static double MulAdd(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);

    /// <summary>The largest integer ≤ x (exact; <c>cvt.rmi</c> in PTX, where ILGPU's own Math.Floor is a branching software routine).</summary>
    [IntrinsicImplementation, MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Floor(double x) => Math.Floor(x);

    [IntrinsicImplementation, MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Add(float a, float b) => a + b;
    [IntrinsicImplementation, MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sub(float a, float b) => a - b;
    [IntrinsicImplementation, MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Mul(float a, float b) => a * b;
    [IntrinsicImplementation, MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Div(float a, float b) => a / b;
    [IntrinsicImplementation, MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sqrt(float x) => MathF.Sqrt(x);

    /// <summary>a·b + c with one rounding.</summary>
    [IntrinsicImplementation, MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MulAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    /// <summary>The largest integer ≤ x (exact).</summary>
    [IntrinsicImplementation, MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Floor(float x) => MathF.Floor(x);
}
