using System.Runtime.CompilerServices;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.States;

namespace ClusterGpu.Kernels.Solvers;

/// <summary>
/// An n×n matrix (n = <c>TState.Length</c> ≤ 4) held as rows in named fields (registers on a GPU), with
/// Gauss–Jordan inversion by partial pivoting written with masks, so SIMD lanes may pivot on different rows.
/// </summary>
public struct SquareMatrix<T, TState>
    where T : struct, IReal<T>
    where TState : struct, IState<TState, T>
{
    /// <summary>The largest supported size.</summary>
    public const int Capacity = 4;

    private TState r0, r1, r2, r3;

    /// <summary>Row <paramref name="i"/> (0 ≤ i &lt; n).</summary>
    public TState this[int i]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        readonly get => i switch { 0 => r0, 1 => r1, 2 => r2, _ => r3 };
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set
        {
            switch (i)
            {
                case 0: r0 = value; break;
                case 1: r1 = value; break;
                case 2: r2 = value; break;
                default: r3 = value; break;
            }
        }
    }

    /// <summary>I − c·A for the matrix A given by columns (e.g. the Jacobian columns: W = I − γh·J).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SquareMatrix<T, TState> IdentityMinus(T c, TState a0, TState a1, TState a2, TState a3)
    {
        var zero = T.FromDouble(0.0);
        var one = T.FromDouble(1.0);
        var m = default(SquareMatrix<T, TState>);
        for (int i = 0; i < TState.Length; i++)
        {
            var row = default(TState);
            for (int j = 0; j < TState.Length; j++)
            {
                var column = j switch { 0 => a0, 1 => a1, 2 => a2, _ => a3 };
                row[j] = T.MulAdd(-c, column[i], i == j ? one : zero);
            }
            m[i] = row;
        }
        return m;
    }

    /// <summary>
    /// The inverse by Gauss–Jordan elimination on [M | I] with partial pivoting: for each column the row of largest
    /// magnitude (per lane, by masked swaps) becomes the pivot row. A singular matrix gives non-finite entries.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly SquareMatrix<T, TState> Inverse()
    {
        var a = this;
        var inverse = IdentityMinus(T.FromDouble(0.0), default, default, default, default);
        for (int k = 0; k < TState.Length; k++)
        {
            for (int i = k + 1; i < TState.Length; i++)
            {
                var swap = T.LessThan(T.Abs(a[k][k]), T.Abs(a[i][k]));
                Swap(ref a, k, i, swap);
                Swap(ref inverse, k, i, swap);
            }
            var scale = T.FromDouble(1.0) / a[k][k];
            a[k] = TState.Scale(scale, a[k]);
            inverse[k] = TState.Scale(scale, inverse[k]);
            for (int i = 0; i < TState.Length; i++)
            {
                if (i == k) continue;
                var factor = -a[i][k];
                a[i] = TState.Axpy(a[i], factor, a[k]);
                inverse[i] = TState.Axpy(inverse[i], factor, inverse[k]);
            }
        }
        return inverse;
    }

    /// <summary>The product M·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly TState Multiply(TState x)
    {
        var y = default(TState);
        for (int i = 0; i < TState.Length; i++) y[i] = TState.Sum(TState.Multiply(this[i], x));
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Swap(ref SquareMatrix<T, TState> m, int i, int k, T mask)
    {
        var rowI = m[i];
        var rowK = m[k];
        m[i] = TState.Select(mask, rowK, rowI);
        m[k] = TState.Select(mask, rowI, rowK);
    }
}
