using System.Runtime.InteropServices;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.ModelFiles;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using ClusterGpu.Sweeps;
using Xunit.Abstractions;
using static ClusterGpu.Tests.Analysis.AnalysisSupport;
using static ClusterGpu.Tests.ModelFiles.ModelFileTestSupport;

namespace ClusterGpu.Tests.ModelFiles;

/// <summary>
/// Model files against independent oracles: the built-in models they restate (same final states up to rounding order),
/// themselves on every backend (same bits), a second implementation of the same equation text (the interpreter driving a
/// textbook RK4 written here), and a closed-form threshold of the two-cluster model.
/// </summary>
public sealed class ModelFileAgreementTests(ITestOutputHelper output)
{
    public static TheoryData<string> BuiltIns() => [.. ModelRegistry.All.Select(m => m.Info.Name)];

    /// <summary>64 trajectories, every parameter spread ±10 % around its default (10 % of its range when 0), states ±5 %.</summary>
    private static EnsembleProblem Spread(ModelHandle model, int seed)
    {
        var random = new Random(seed);
        return EnsembleProblem.FromDefaults(model, 64, (i, p, y) =>
        {
            for (int k = 0; k < p.Length; k++)
            {
                var info = model.Info.Parameters[k];
                double scale = info.Default != 0 ? Math.Abs(info.Default) : 0.1 * (info.Max - info.Min);
                p[k] = Math.Clamp(info.Default + 0.1 * scale * (2 * random.NextDouble() - 1), info.Min, info.Max);
            }
            for (int k = 0; k < y.Length; k++) y[k] *= 1 + 0.05 * (2 * random.NextDouble() - 1);
        });
    }

    private static IntegrationSettings Method(string name, string model) => name switch
    {
        "rk4" => Rk4(5, 0.01),
        "dopri5" => Dopri5(5, 1e-12, 1e-14),
        _ => new() { Method = MethodKind.EulerMaruyama, TEnd = 5, Dt = 0.01, Seed = 7 },
    };

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void BuiltInWrittenAsModelFile_GivesTheBuiltInsFinalStates_AndTheSameBitsOnEveryBackend(string name)
    {
        var builtIn = ModelRegistry.Find(name);
        var file = ModelFile.Load(ModelPath($"builtin/{name}.toml"));
        var methods = builtIn.Info.Equations.Contains("dW") ? new[] { "rk4", "dopri5", "euler-maruyama" } : ["rk4", "dopri5"];
        foreach (var method in methods)
        {
            var settings = Method(method, name);
            int seed = name.Length * 31 + method.Length;
            var reference = Solve("cpu", Spread(builtIn, seed), settings);
            var compiled = Solve("cpu", Spread(file, seed), settings);
            double worst = 0;
            for (int i = 0; i < reference.Count; i++)
            {
                Assert.Equal(reference.Status(i), compiled.Status(i));
                if (reference.Status(i) != TrajectoryStatus.Success) continue; // e.g. stiff van der Pol under rk4: both fail alike
                for (int s = 0; s < reference.StateCount; s++)
                {
                    double a = reference.FinalState(i, s), b = compiled.FinalState(i, s);
                    worst = Math.Max(worst, Math.Abs(a - b) / (1 + Math.Abs(a)));
                }
            }
            output.WriteLine($"{name} {method}: largest difference from the built-in {worst:E2}");
            Assert.True(worst <= 1e-9, $"{name} {method}: model file differs from the built-in by {worst:E2}");
            foreach (var backend in new[] { "scalar", "ilgpu-cpu" })
            {
                var other = Solve(backend, Spread(file, seed), settings);
                Assert.True(MemoryMarshal.Cast<double, long>(compiled.Columns.AsSpan()).SequenceEqual(MemoryMarshal.Cast<double, long>(other.Columns.AsSpan())),
                    $"{name} {method}: the model file gives different bits on cpu and {backend}");
            }
        }
    }

    /// <summary>Eight states, three parameters, every function and operator of the language (ifelse's branches kept C¹).</summary>
    private const string EveryFunction = """
        name = "every-function"
        description = "every function of the expression language"
        [states]
        u1 = { initial = 0.3 }
        u2 = { initial = -0.2 }
        u3 = { initial = 0.5 }
        u4 = { initial = 0.1 }
        u5 = { initial = 0.0 }
        u6 = { initial = 0.4 }
        u7 = { initial = 0.2 }
        u8 = { initial = -0.1 }
        [parameters]
        a = { default = 1.5, min = 0, max = 5 }
        b = { default = 0.7, min = 0, max = 5 }
        c = { default = 0.3, min = 0, max = 5 }
        [equations]
        u1 = "-u1 + tanh(a*u2) + 0.1*sin(t)"
        u2 = "-u2 + cos(u1)*exp(-u3^2)"
        u3 = "0.5*log(1 + u1^2) - u3 + 0.1*pow(1 + u2^2, 0.3)"
        u4 = "-u4 + sqrt(1 + u5^2) - 1 + 0.2*min(u1, u2)*max(u3, u4)"
        u5 = "-2*u5 + abs(u6)^1.5 - 0.1*u7^-2 + 0.1*u7^(-2)"
        u6 = "-u6 + 0.05*ifelse(u1 > 0, u1^2, 0) + 0.05*ifelse(u2 < 0, u2^2, 0) + 0.05*ifelse(u3 >= 0.2, (u3 - 0.2)^2, 0) + 0.05*ifelse(u4 <= 0, u4^2, 0) + 0.3"
        u7 = "-u7 + 1/(1 + exp(-u8)) + pi/10 - 2^3^0.5/10"
        u8 = "-u8 + b*u1*u2 - c*abs(u3)^2.5/(1 + u3^2) - -u4/3"
        """;

    /// <summary>Classical RK4 over the interpreter (System.Math functions): the second implementation.</summary>
    private static double[] InterpretedRk4(ModelDefinition model, double[] y, double[] p, double tEnd, double dt)
    {
        int steps = (int)Math.Round(tEnd / dt);
        for (int k = 0; k < steps; k++)
        {
            double t = k * dt;
            double[] Shift(double[] by, double h) => y.Select((v, i) => v + h * by[i]).ToArray();
            var k1 = model.Drift(t, y, p);
            var k2 = model.Drift(t + dt / 2, Shift(k1, dt / 2), p);
            var k3 = model.Drift(t + dt / 2, Shift(k2, dt / 2), p);
            var k4 = model.Drift(t + dt, Shift(k3, dt), p);
            y = y.Select((v, i) => v + dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i])).ToArray();
        }
        return y;
    }

    [Fact]
    public void EightStateModelWithEveryFunction_AgreesWithAnIndependentIntegratorOfTheSameText()
    {
        var definition = ModelFile.Parse(EveryFunction, "every-function.toml");
        var model = ModelFile.Compile(definition, ModelFileCompiler.Shared).Handle;
        var points = Enumerable.Range(0, 12).Select(i => new[] { 0.2 + 0.4 * i, 0.1 + 0.3 * (i % 5), 0.05 * i }).ToArray();
        var problem = EnsembleProblem.FromDefaults(model, points.Length, (i, p, y) => points[i].CopyTo(p, 0));
        var rk4 = Solve("cpu", problem, Rk4(3, 1e-3));
        var dopri5 = Solve("cpu", problem, Dopri5(3, 1e-11, 1e-13));
        double worstRk4 = 0, worstDopri5 = 0;
        for (int i = 0; i < points.Length; i++)
        {
            var expected = InterpretedRk4(definition, definition.States.Select(s => s.Initial).ToArray(), points[i], 3, 1e-3);
            for (int s = 0; s < 8; s++)
            {
                Assert.True(double.IsFinite(expected[s]));
                worstRk4 = Math.Max(worstRk4, Math.Abs(rk4.FinalState(i, s) - expected[s]));
                worstDopri5 = Math.Max(worstDopri5, Math.Abs(dopri5.FinalState(i, s) - expected[s]));
            }
        }
        output.WriteLine($"compiled rk4 vs interpreted rk4 (same steps): {worstRk4:E2}; compiled dopri5 rtol 1e-11 vs interpreted rk4 dt 1e-3: {worstDopri5:E2}");
        Assert.True(worstRk4 < 1e-12, $"same RK4 steps differ by {worstRk4:E2}");
        Assert.True(worstDopri5 < 1e-9, $"dopri5 differs from the interpreted RK4 by {worstDopri5:E2}");
    }

    /// <summary>
    /// two-clusters with κ = γ = σ0 = 1: its disordered state (x1 = x2 = 0) loses stability where the linear x-block
    /// [[κ − γσ0/e01 − D, D], [D, κ − γσ0/e02 − D]] gets a zero eigenvalue, (κ − γσ0/e01 − D)(κ − γσ0/e02 − D) = D²; for
    /// e02 = 0.5 that is e01 = 1 + D. The simulated phase boundary must sit on this line.
    /// </summary>
    [Fact]
    public void TwoClusters_OrderingThreshold_IsOnePlusSpillover()
    {
        var model = ModelFile.Load(ModelPath("two-clusters.toml"));
        foreach (double d in new[] { 0.0, 0.3, 0.8 })
        {
            var space = ParameterSpace.Grid(model, [GridAxis.Parse("e01=0.5123:2.5123:81", model.Info)],
                new Dictionary<string, double> { ["D"] = d }, InitialConditions.Default(model.Info));
            using var backend = ClusterGpu.Backends.BackendFactory.Create("cpu");
            var sweep = new SweepRunner(backend).Run(space, Dopri5(3000, 1e-8, 1e-11), new Observation(), new RegimeRules());
            var regimes = (byte[])sweep["regime"].Values;
            int first = Array.FindIndex(regimes, r => r == (byte)Regime.Ordered);
            double cell = 2.0 / 80, e01 = 0.5123 + first * cell; // the closed form falls inside a cell, never on a point
            output.WriteLine($"D = {d}: first ordered e01 = {e01:F4}, closed form {1 + d}");
            Assert.True(first > 0 && regimes.Take(first).All(r => r == (byte)Regime.Disordered), $"D = {d}: regimes below the threshold are not all disordered");
            Assert.InRange(1 + d, e01 - cell, e01);
        }
    }
}
