using ClusterGpu.Models;
using ClusterGpu.Solving;
using ClusterGpu.Sweeps;
using Xunit.Abstractions;
using static ClusterGpu.Tests.Analysis.AnalysisSupport;

namespace ClusterGpu.Tests.Kernels;

/// <summary>
/// Window statistics from the adaptive steps' Hermite cubics against an independent integrator: the right-hand sides
/// written out here, a classical RK4 with a step 400 times below the solver's, Simpson's rule for ∫y and ∫y² over the
/// window, parabolic refinement of the grid's extremes; and the limit-cycle periods of MODELS.md.
/// </summary>
public sealed class DenseWindowStatisticsTests(ITestOutputHelper output)
{
    private const double TEnd = 40, WindowStart = 20, Dt = 2.5e-4;

    private sealed record Case(string Model, (string, double)[] Parameters, Func<double[], double[]> RightHandSide, double Period);

    private static readonly Case Flagship = new("innovation-cluster", [("kappa", 3), ("eta", 8), ("e0", 1.5)], u =>
    {
        // kappa 3, gamma 1, a 1, b 1, lambda 1, sigma0 1, eta 8, e0 1.5, chi 0, rho 1
        double x = u[0], y = u[1], s = u[2], e = u[3];
        return [(3 - s - y) * x, x * x - y, 1 + 8 * y - e * s, 1.5 - e];
    }, 4.92965179);

    private static readonly Case Brusselator = new("brusselator", [("a", 1), ("b", 3)], u =>
    {
        double x = u[0], y = u[1];
        return [1 - 4 * x + x * x * y, 3 * x - x * x * y];
    }, 7.15691);

    public static TheoryData<string, double> Cases() => new() { { "innovation-cluster", 1e-6 }, { "innovation-cluster", 1e-10 }, { "brusselator", 1e-6 }, { "brusselator", 1e-10 } };

    /// <summary>Mean, mean square, minimum and maximum of every state over [WindowStart, TEnd], from the fine RK4 solution.</summary>
    private static (double[] Mean, double[] MeanSquare, double[] Min, double[] Max, double[] Final) Reference(Case c, double[] y0)
    {
        int n = y0.Length, steps = (int)Math.Round(TEnd / Dt), first = (int)Math.Round(WindowStart / Dt);
        var y = (double[])y0.Clone();
        var sum = new double[n];
        var squares = new double[n];
        var min = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, n).ToArray();
        var previous = new double[2][];
        for (int i = 0; i <= steps; i++)
        {
            if (i >= first)
            {
                // Simpson: weights 1, 4, 2, 4, …, 4, 1 (an even number of intervals).
                double w = i == first || i == steps ? 1 : (i - first) % 2 == 1 ? 4 : 2;
                for (int k = 0; k < n; k++)
                {
                    sum[k] += w * y[k];
                    squares[k] += w * y[k] * y[k];
                    if (i >= first + 2)
                    {
                        // Parabola through the last three grid values: its extreme when the middle one is a grid extreme.
                        double a = previous[0][k], b = previous[1][k], c2 = y[k];
                        if ((b >= a && b >= c2) || (b <= a && b <= c2))
                        {
                            double curvature = a - 2 * b + c2;
                            double vertex = curvature == 0 ? b : b - (c2 - a) * (c2 - a) / (8 * curvature);
                            min[k] = Math.Min(min[k], vertex);
                            max[k] = Math.Max(max[k], vertex);
                        }
                    }
                    min[k] = Math.Min(min[k], y[k]);
                    max[k] = Math.Max(max[k], y[k]);
                }
                previous[0] = previous[1];
                previous[1] = (double[])y.Clone();
            }
            if (i == steps) break;
            var k1 = c.RightHandSide(y);
            var k2 = c.RightHandSide(y.Select((v, j) => v + Dt / 2 * k1[j]).ToArray());
            var k3 = c.RightHandSide(y.Select((v, j) => v + Dt / 2 * k2[j]).ToArray());
            var k4 = c.RightHandSide(y.Select((v, j) => v + Dt * k3[j]).ToArray());
            for (int j = 0; j < n; j++) y[j] += Dt / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
        }
        double scale = Dt / 3 / (TEnd - WindowStart);
        return (sum.Select(v => v * scale).ToArray(), squares.Select(v => v * scale).ToArray(), min, max, y);
    }

    private static SweepResult Sweep(Case c, double rtol, double tEnd = TEnd)
    {
        var model = ModelRegistry.Find(c.Model);
        var set = c.Parameters.ToDictionary(p => p.Item1, p => p.Item2);
        var axis = GridAxis.Parse($"{c.Parameters[0].Item1}={c.Parameters[0].Item2}:{c.Parameters[0].Item2}:1", model.Info);
        set.Remove(c.Parameters[0].Item1);
        var space = ParameterSpace.Grid(model, [axis], set, InitialConditions.Default(model.Info));
        using var backend = ClusterGpu.Backends.BackendFactory.Create("cpu");
        return new SweepRunner(backend).Run(space, Dopri5(tEnd, rtol, rtol * 1e-3), new Observation(WindowFraction: 0.5), new RegimeRules());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WindowMeansSquaresAndExtremes_AreAsAccurateAsTheSolver(string modelName, double rtol)
    {
        var c = modelName == "brusselator" ? Brusselator : Flagship;
        var info = ModelRegistry.Find(c.Model).Info;
        var (mean, meanSquare, min, max, final) = Reference(c, info.DefaultInitialState());
        var sweep = Sweep(c, rtol);
        double worst = 0;
        for (int k = 0; k < info.States.Count; k++)
        {
            string s = info.States[k].Name;
            double m = ((double[])sweep[$"mean_{s}"].Values)[0], sd = ((double[])sweep[$"std_{s}"].Values)[0];
            double scale = Math.Sqrt(meanSquare[k]);
            var errors = new[]
            {
                Math.Abs(m - mean[k]) / scale,
                Math.Abs(m * m + sd * sd - meanSquare[k]) / meanSquare[k],
                Math.Abs(((double[])sweep[$"min_{s}"].Values)[0] - min[k]) / scale,
                Math.Abs(((double[])sweep[$"max_{s}"].Values)[0] - max[k]) / scale,
            };
            double finalError = Math.Abs(((double[])sweep[$"final_{s}"].Values)[0] - final[k]) / scale;
            output.WriteLine($"{modelName} rtol {rtol:E0} {s}: mean {errors[0]:E1}, mean square {errors[1]:E1}, min {errors[2]:E1}, max {errors[3]:E1}; final state {finalError:E1}");
            worst = Math.Max(worst, errors.Max());
        }
        Assert.True(worst <= 10 * rtol, $"{modelName} at rtol {rtol:E0}: window statistics off by {worst:E2} (relative), more than 10 rtol");
    }

    [Theory]
    [InlineData("innovation-cluster")]
    [InlineData("brusselator")]
    public void LimitCyclePeriod_MatchesMODELS_ToOneInAHundredMillion_AtRtol1e11(string modelName)
    {
        var c = modelName == "brusselator" ? Brusselator : Flagship;
        double period = ((double[])Sweep(c, 1e-11, tEnd: 400)["period"].Values)[0]; // the cycle reached, ~28 periods in the window's second half
        output.WriteLine($"{modelName}: period {period:R}, MODELS.md {c.Period}");
        Assert.Equal(c.Period, period, modelName == "brusselator" ? 1e-5 : 1e-8); // MODELS.md gives the Brusselator's to 6 digits
    }
}
