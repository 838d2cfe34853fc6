using System.Numerics;
using ClusterGpu.Models;
using MathNet.Numerics.LinearAlgebra;

namespace ClusterGpu.Analysis;

/// <summary>Linear stability of a state: eigenvalues of the exact <see cref="Jacobian"/>.</summary>
public static class Stability
{
    /// <summary>The eigenvalues of the square matrix <paramref name="matrix"/>, sorted by real part descending, then imaginary part descending.</summary>
    public static Complex[] Eigenvalues(double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.GetLength(0) != matrix.GetLength(1)) throw new ArgumentException("The matrix must be square.", nameof(matrix));
        return Matrix<double>.Build.DenseOfArray(matrix).Evd().EigenValues
            .OrderByDescending(z => z.Real).ThenByDescending(z => z.Imaginary).ToArray();
    }

    /// <summary>The eigenvalues of the Jacobian of <paramref name="model"/> at <paramref name="state"/> and <paramref name="parameters"/>, sorted as <see cref="Eigenvalues(double[,])"/>.</summary>
    public static Complex[] Eigenvalues(ModelHandle model, IReadOnlyList<double> state, IReadOnlyList<double> parameters, double t = 0) =>
        Eigenvalues(Jacobian.Compute(model, state, parameters, t));

    /// <summary>The spectral abscissa max Re λ of the Jacobian at the given point: negative means linearly stable.</summary>
    public static double SpectralAbscissa(ModelHandle model, IReadOnlyList<double> state, IReadOnlyList<double> parameters, double t = 0) =>
        Eigenvalues(model, state, parameters, t)[0].Real;
}
