using ClusterGpu.Kernels.Models;

namespace ClusterGpu.Models;

/// <summary>
/// A model without time integration: an output y = f(inputs) in closed form, such as the sensitivity-analysis
/// test functions whose indices are known analytically. Inputs are parameters (name, default, range); the one
/// observable is <c>y</c>.
/// </summary>
public sealed record AlgebraicModel(string Name, string Summary, string Formula, IReadOnlyList<ParameterInfo> Parameters, Func<double[], double> Evaluate)
{
    /// <summary>Index of the parameter called <paramref name="name"/>, or −1.</summary>
    public int ParameterIndex(string name)
    {
        for (int i = 0; i < Parameters.Count; i++) if (Parameters[i].Name == name) return i;
        return -1;
    }

    /// <summary>
    /// <c>ishigami</c>: y = sin x1 + a sin² x2 + b x3⁴ sin x1, inputs on [−π, π], a = 7, b = 0.1
    /// (Ishigami &amp; Homma 1990). S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
    /// </summary>
    public static AlgebraicModel Ishigami { get; } = new(
        "ishigami", "Ishigami-Homma function, the standard test of Sobol' indices", "y = sin(x1) + a sin(x2)^2 + b x3^4 sin(x1)",
        [
            new("x1", 0, -Math.PI, Math.PI, "input 1, uniform on [-pi, pi]"),
            new("x2", 0, -Math.PI, Math.PI, "input 2, uniform on [-pi, pi]"),
            new("x3", 0, -Math.PI, Math.PI, "input 3, uniform on [-pi, pi]"),
            new("a", 7, 0, 100, "constant a"),
            new("b", 0.1, 0, 10, "constant b"),
        ],
        p => Math.Sin(p[0]) + p[3] * Math.Pow(Math.Sin(p[1]), 2) + p[4] * Math.Pow(p[2], 4) * Math.Sin(p[0]));

    /// <summary>
    /// <c>sobol-g</c>: y = Π_i (|4x_i − 2| + a_i)/(1 + a_i), inputs on [0, 1], a = (0, 1, 4.5, 9, 99, 99, 99, 99)
    /// (Saltelli &amp; Sobol' 1995). S1_i = V_i / V with V_i = 1/(3(1 + a_i)²), V = Π(1 + V_i) − 1:
    /// 0.7162, 0.1790, 0.0237, 0.0072, 0.00007 (×4).
    /// </summary>
    public static AlgebraicModel SobolG { get; } = new(
        "sobol-g", "Sobol' G function, test of Sobol' indices with known values", "y = prod_i (|4 x_i - 2| + a_i) / (1 + a_i), i = 1..8",
        [
            .. Enumerable.Range(1, 8).Select(i => new ParameterInfo($"x{i}", 0.5, 0, 1, $"input {i}, uniform on [0, 1]")),
            .. new[] { 0.0, 1, 4.5, 9, 99, 99, 99, 99 }.Select((a, i) => new ParameterInfo($"a{i + 1}", a, 0, 1e6, $"coefficient of input {i + 1} (small: important)")),
        ],
        p =>
        {
            double y = 1;
            for (int i = 0; i < 8; i++) y *= (Math.Abs(4 * p[i] - 2) + p[8 + i]) / (1 + p[8 + i]);
            return y;
        });

    /// <summary>Every algebraic model.</summary>
    public static IReadOnlyList<AlgebraicModel> All { get; } = [Ishigami, SobolG];
}
