using ClusterGpu.Kernels.Numbers;

namespace ClusterGpu.Kernels.States;

/// <summary>
/// A model's state vector: one struct of named fields per size (<see cref="Vec1{T}"/> … <see cref="Vec16{T}"/>),
/// never a buffer or array, so kernels keep it in registers (a <c>fixed double[4]</c> spills to local memory).
/// </summary>
public interface IState<TSelf, T> where TSelf : struct, IState<TSelf, T> where T : struct, IReal<T>
{
    /// <summary>Number of components.</summary>
    static abstract int Length { get; }

    /// <summary>Component <paramref name="index"/> (0 ≤ index &lt; Length); use in loops with constant bounds.</summary>
    T this[int index] { get; set; }

    /// <summary>y + h·k, component-wise, fused.</summary>
    static abstract TSelf Axpy(TSelf y, T h, TSelf k);

    /// <summary>h·k, component-wise.</summary>
    static abstract TSelf Scale(T h, TSelf k);

    /// <summary>a + b, component-wise.</summary>
    static abstract TSelf Add(TSelf a, TSelf b);

    /// <summary>a·b, component-wise.</summary>
    static abstract TSelf Multiply(TSelf a, TSelf b);

    /// <summary>min(a, b), component-wise.</summary>
    static abstract TSelf Min(TSelf a, TSelf b);

    /// <summary>max(a, b), component-wise.</summary>
    static abstract TSelf Max(TSelf a, TSelf b);

    /// <summary>Every component equal to <paramref name="value"/>.</summary>
    static abstract TSelf Broadcast(T value);

    /// <summary>max_i |y_i| (the infinity norm).</summary>
    static abstract T MaxAbs(TSelf y);

    /// <summary>Σ_i y_i (a NaN or ±∞ in any component makes it non-finite).</summary>
    static abstract T Sum(TSelf y);

    /// <summary>Σ_i (v_i / (atol + rtol·max(|y_i|, |z_i|)))², the core of the weighted error norm.</summary>
    static abstract T ScaledSumOfSquares(TSelf v, TSelf y, TSelf z, T atol, T rtol);

    /// <summary>Per lane: <paramref name="whenTrue"/> where <paramref name="mask"/> is set, else <paramref name="whenFalse"/>.</summary>
    static abstract TSelf Select(T mask, TSelf whenTrue, TSelf whenFalse);
}
