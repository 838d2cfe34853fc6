using System.Globalization;

namespace ClusterGpu.Kernels.Steppers;

/// <summary>
/// An explicit Runge–Kutta tableau (c, A, b and, for embedded pairs, the error weights e = b − b̂) written
/// as exact fractions. It checks itself: row sums of A equal c, Σb = 1, Σe = 0, A strictly lower triangular,
/// and the order conditions up to <see cref="Order"/> (≤ 5). Kernel steppers hold the same numbers as
/// named constants; a test proves the two agree.
/// </summary>
public sealed class ButcherTableau
{
    /// <summary>Builds a tableau from fraction strings such as "-25360/2187".</summary>
    public ButcherTableau(string name, int order, string[] c, string[][] a, string[] b, string[]? errorWeights = null)
    {
        Name = name;
        Order = order;
        C = c.Select(Parse).ToArray();
        A = a.Select(row => row.Select(Parse).ToArray()).ToArray();
        B = b.Select(Parse).ToArray();
        E = errorWeights?.Select(Parse).ToArray();
    }

    public string Name { get; }
    /// <summary>Classical order of the propagated solution b.</summary>
    public int Order { get; }
    /// <summary>Nodes c_i.</summary>
    public double[] C { get; }
    /// <summary>Coefficients a_ij, row i holding i entries (j &lt; i).</summary>
    public double[][] A { get; }
    /// <summary>Weights b_i of the propagated solution.</summary>
    public double[] B { get; }
    /// <summary>Error weights e_i = b_i − b̂_i of the embedded pair, or null.</summary>
    public double[]? E { get; }

    /// <summary>Stages s.</summary>
    public int Stages => B.Length;

    /// <summary>Every violated consistency or order condition, as readable sentences; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        const double tol = 1e-14;
        var problems = new List<string>();
        int s = Stages;
        if (C.Length != s || A.Length != s) problems.Add($"{Name}: c and A must have {s} rows");
        for (int i = 0; i < Math.Min(s, A.Length); i++)
        {
            if (A[i].Length != i) problems.Add($"{Name}: row {i} of A must have {i} entries (explicit method)");
            else if (Math.Abs(A[i].Sum() - C[i]) > tol) problems.Add($"{Name}: row {i} of A sums to {A[i].Sum()}, c = {C[i]}");
        }
        if (Math.Abs(B.Sum() - 1) > tol) problems.Add($"{Name}: sum of b is {B.Sum()}, not 1");
        if (E is not null && Math.Abs(E.Sum()) > tol) problems.Add($"{Name}: sum of error weights is {E.Sum()}, not 0");
        if (problems.Count > 0) return problems;

        // Order conditions Σ b·Φ(tree) = 1/γ(tree) for every rooted tree up to the order (Hairer I, II.2).
        double Sum(Func<int, double> f) => Enumerable.Range(0, s).Sum(f);
        double Ac(int i, Func<int, double> g) => Enumerable.Range(0, i).Sum(j => A[i][j] * g(j));
        var conditions = new List<(int order, string tree, double value, double expected)>
        {
            (2, "b·c", Sum(i => B[i] * C[i]), 1.0 / 2),
            (3, "b·c²", Sum(i => B[i] * C[i] * C[i]), 1.0 / 3),
            (3, "b·Ac", Sum(i => B[i] * Ac(i, j => C[j])), 1.0 / 6),
            (4, "b·c³", Sum(i => B[i] * Math.Pow(C[i], 3)), 1.0 / 4),
            (4, "b·c·Ac", Sum(i => B[i] * C[i] * Ac(i, j => C[j])), 1.0 / 8),
            (4, "b·Ac²", Sum(i => B[i] * Ac(i, j => C[j] * C[j])), 1.0 / 12),
            (4, "b·AAc", Sum(i => B[i] * Ac(i, j => Ac(j, k => C[k]))), 1.0 / 24),
            (5, "b·c⁴", Sum(i => B[i] * Math.Pow(C[i], 4)), 1.0 / 5),
            (5, "b·c²·Ac", Sum(i => B[i] * C[i] * C[i] * Ac(i, j => C[j])), 1.0 / 10),
            (5, "b·(Ac)²", Sum(i => B[i] * Math.Pow(Ac(i, j => C[j]), 2)), 1.0 / 20),
            (5, "b·c·Ac²", Sum(i => B[i] * C[i] * Ac(i, j => C[j] * C[j])), 1.0 / 15),
            (5, "b·Ac³", Sum(i => B[i] * Ac(i, j => Math.Pow(C[j], 3))), 1.0 / 20),
            (5, "b·c·AAc", Sum(i => B[i] * C[i] * Ac(i, j => Ac(j, k => C[k]))), 1.0 / 30),
            (5, "b·A(c·Ac)", Sum(i => B[i] * Ac(i, j => C[j] * Ac(j, k => C[k]))), 1.0 / 40),
            (5, "b·AAc²", Sum(i => B[i] * Ac(i, j => Ac(j, k => C[k] * C[k]))), 1.0 / 60),
            (5, "b·AAAc", Sum(i => B[i] * Ac(i, j => Ac(j, k => Ac(k, l => C[l])))), 1.0 / 120),
        };
        foreach (var (order, tree, value, expected) in conditions)
            if (order <= Order && Math.Abs(value - expected) > 1e-13)
                problems.Add($"{Name}: order condition {tree} = {value}, expected {expected}");
        return problems;
    }

    private static double Parse(string fraction)
    {
        var parts = fraction.Split('/');
        double numerator = double.Parse(parts[0], CultureInfo.InvariantCulture);
        return parts.Length == 1 ? numerator : numerator / double.Parse(parts[1], CultureInfo.InvariantCulture);
    }
}
