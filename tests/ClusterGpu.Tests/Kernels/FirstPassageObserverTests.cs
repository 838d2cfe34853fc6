using System.Diagnostics;
using ClusterGpu.Backends;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using ClusterGpu.Sweeps;
using Xunit.Abstractions;
using static ClusterGpu.Tests.Analysis.AnalysisSupport;

namespace ClusterGpu.Tests.Kernels;

/// <summary>
/// <see cref="ClusterGpu.Kernels.Observers.FirstPassageObserver{TInner, T, TState}"/> against closed forms on every backend:
/// logistic u(t) = k/(1 + (k/u0 − 1)e^{−rt}) reaches L at τ = ln((k/u0 − 1)/(k/L − 1))/r when L lies between u0 and k
/// (upward or downward), at τ = 0 when u0 = L, never otherwise; lanes of one SIMD register mix all four cases.
/// Stuart–Landau checks a second state component; the sweep variable and the Lyapunov composition are checked too.
/// </summary>
public sealed class FirstPassageObserverTests(ITestOutputHelper output)
{
    private static readonly double[] Starts = [0.01, 0.3, 0.8, 1.5, 0.05, 2.0, 0.6, 1.2, 3.0, 0.001, 0.9];

    /// <summary>37 logistic trajectories (not a whole number of SIMD registers), k = 1, rates 0.5 + 0.05 i, starts cycling <see cref="Starts"/>.</summary>
    private static EnsembleProblem LogisticProblem() =>
        EnsembleProblem.FromDefaults(ModelRegistry.Find("logistic"), 37, (i, p, y) => { p[0] = 0.5 + 0.05 * i; p[1] = 1; y[0] = Starts[i % Starts.Length]; });

    private static double LogisticPassage(double u0, double r, double level) =>
        u0 == level ? 0
        : (u0 < level && level < 1) || (1 < level && level < u0) ? Math.Log((1 / u0 - 1) / (1 / level - 1)) / r
        : double.NaN;

    [Theory]
    [InlineData("cpu", 0.8)]
    [InlineData("cpu", 1.2)]
    [InlineData("scalar", 0.8)]
    [InlineData("scalar", 1.2)]
    [InlineData("ilgpu-cpu", 0.8)]
    [InlineData("ilgpu-cpu", 1.2)]
    public void Logistic_PassageTime_MatchesTheClosedForm(string backend, double level)
    {
        var problem = LogisticProblem();
        var observation = new Observation(FirstPassage: new FirstPassageLevel(0, level));
        var clock = Stopwatch.StartNew();
        var result = Solve(backend, problem, Rk4(30, 1e-3), observation);
        int column = Observation.FirstPassageColumn(1);
        double worst = 0;
        int reached = 0;
        for (int i = 0; i < problem.Count; i++)
        {
            double expected = LogisticPassage(problem.InitialStates[i], problem.Parameters[i], level), actual = result.ObserverColumn(i, column);
            if (double.IsNaN(expected))
            {
                Assert.True(double.IsNaN(actual), $"trajectory {i} (u0 {problem.InitialStates[i]}) never reaches {level}, yet τ = {actual}");
                continue;
            }
            reached++;
            worst = Math.Max(worst, Math.Abs(actual - expected));
        }
        output.WriteLine($"{backend}, level {level}: {reached} of {problem.Count} reach it, max |τ − τ_exact| = {worst:E2} ({clock.Elapsed.TotalSeconds:F2} s)");
        Assert.True(reached >= 6 && reached < problem.Count, "every case is exercised");
        Assert.True(worst < 1e-6, $"max error {worst:E2}");
    }

    [Fact]
    public void StuartLandau_SecondComponent_PassageMatchesTheClosedForm()
    {
        // μ = ω = 1 from (r0, 0): y(t) = r(t) sin t, r(t)² = 1/(1 + (1/r0² − 1) e^{−2t}); y rises monotonically on [0, π/2]
        // past 0.5, so τ is the root of r(t) sin t = 0.5 there (bisection).
        double[] radii = [0.55, 0.7, 0.9, 1.2, 1.5];
        var problem = EnsembleProblem.FromDefaults(ModelRegistry.Find("stuart-landau"), radii.Length, (i, p, y) => { p[0] = 1; p[1] = 1; y[0] = radii[i]; y[1] = 0; });
        var result = Solve("cpu", problem, Rk4(5, 1e-3), new Observation(FirstPassage: new FirstPassageLevel(1, 0.5)));
        double worst = 0;
        for (int i = 0; i < radii.Length; i++)
        {
            double r0 = radii[i];
            double Y(double t) => Math.Sin(t) / Math.Sqrt(1 + (1 / (r0 * r0) - 1) * Math.Exp(-2 * t));
            double low = 0, high = Math.PI / 2;
            for (int k = 0; k < 100; k++) { double mid = (low + high) / 2; if (Y(mid) < 0.5) low = mid; else high = mid; }
            worst = Math.Max(worst, Math.Abs(result.ObserverColumn(i, Observation.FirstPassageColumn(2)) - low));
        }
        output.WriteLine($"max |τ − τ_exact| = {worst:E2}");
        Assert.True(worst < 1e-6, $"max error {worst:E2}");
    }

    [Fact]
    public void WithLyapunov_PassageColumnPrecedesTheExponent_BothUnchanged()
    {
        var problem = LogisticProblem();
        var settings = Rk4(30, 1e-3);
        var passage = new FirstPassageLevel(0, 0.8);
        var alone = Solve("cpu", problem, settings, new Observation(FirstPassage: passage));
        var lyapunov = Solve("cpu", problem, settings, new Observation(Lyapunov: true));
        var both = Solve("cpu", problem, settings, new Observation(Lyapunov: true, FirstPassage: passage));
        int column = Observation.FirstPassageColumn(1);
        Assert.Equal(column + 2, Observation.Columns(new Observation(Lyapunov: true, FirstPassage: passage), 1));
        for (int i = 0; i < problem.Count; i++)
        {
            Assert.Equal(alone.ObserverColumn(i, column), both.ObserverColumn(i, column));
            Assert.Equal(lyapunov.ObserverColumn(i, column), both.ObserverColumn(i, column + 1));
        }
    }

    [Fact]
    public void Sweep_FirstPassageVariable_MatchesTheClosedForm()
    {
        var model = ModelRegistry.Find("logistic");
        var space = ParameterSpace.Grid(model, [GridAxis.Parse("r=0.5:2:4", model.Info)], new Dictionary<string, double>(), InitialConditions.Parse(["u=0.01,0.5,0.95"], false, model.Info));
        var passage = new FirstPassageLevel(0, 0.5);
        using var backend = BackendFactory.Create("cpu");
        var result = new SweepRunner(backend).Run(space, Rk4(60, 1e-3), new Observation(Lyapunov: true, FirstPassage: passage), new RegimeRules());
        Assert.Contains("first_passage_u", SweepRunner.VariableNames(model.Info, firstPassage: passage));
        Assert.DoesNotContain("first_passage_u", SweepRunner.VariableNames(model.Info, lyapunov: true));
        var times = (double[])result["first_passage_u"].Values;
        var exponents = (double[])result["lle"].Values;
        for (int i = 0; i < times.Length; i++)
        {
            double r = 0.5 + 0.5 * (i / 3), u0 = new[] { 0.01, 0.5, 0.95 }[i % 3], expected = LogisticPassage(u0, r, 0.5);
            if (double.IsNaN(expected)) Assert.True(double.IsNaN(times[i]), $"point {i}: {times[i]}");
            else Assert.Equal(expected, times[i], 1e-6);
            Assert.InRange(exponents[i], -r - 0.05, -r + 0.05); // the stable node u = k: f'(k) = −r
        }
    }
}
