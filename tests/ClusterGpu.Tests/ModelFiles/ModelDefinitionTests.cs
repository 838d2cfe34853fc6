using ClusterGpu.Analysis;
using ClusterGpu.Kernels.Models;
using ClusterGpu.ModelFiles;
using ClusterGpu.Models;
using static ClusterGpu.Tests.ModelFiles.ModelFileTestSupport;

namespace ClusterGpu.Tests.ModelFiles;

public class ModelDefinitionTests
{
    [Fact]
    public void The_interpreter_evaluates_the_innovation_cluster_by_hand()
    {
        var model = ParseFile("innovation-cluster.toml");
        var p = model.Parameters.Select(q => q.Default).ToArray();
        p[model.Parameters.Select(q => q.Name).ToList().IndexOf("sigma_x")] = 0.1;
        p[model.Parameters.Select(q => q.Name).ToList().IndexOf("sigma_e")] = 0.2;
        double[] u = [0.5, 0.2, 1.5, 2.0];
        var f = model.Drift(0, u, p);
        Assert.Equal([-0.35, 0.05, -1.9, 0.0], f.Select(v => Math.Round(v, 12)));
        Assert.Equal([0.1, 0.0, 0.0, 0.4], model.Diffusion(0, u, p).Select(v => Math.Round(v, 12)));
        Assert.Equal(2.0 * 1.5 / 1.1, model.ObservableValues(u, p)[0], 12);
    }

    [Fact]
    public void The_noisy_adoption_model_uses_time_tanh_exp_and_a_real_hill_exponent()
    {
        var model = ParseFile("noisy-adoption.toml");
        var p = model.Parameters.Select(q => q.Default).ToArray(); // r n k delta alpha beta m0 tau sigma sigma_m
        double x = 0.2, m = 0.3, t = 1.5;
        double hill = Math.Pow(x, 2.5) / (Math.Pow(0.3, 2.5) + Math.Pow(x, 2.5));
        var f = model.Drift(t, [x, m], p);
        Assert.Equal(2.0 * (m + hill) * (1 - x) - 0.1 * x, f[0], 12);
        Assert.Equal(Math.Tanh(3.0 * x) - m + 0.5 * Math.Exp(-t / 5.0), f[1], 12);
        Assert.Equal(0.05 * Math.Sqrt(x * (1 - x)), model.Diffusion(t, [x, m], p)[0], 12);
    }

    public static TheoryData<string> BuiltinModels() => [.. ModelRegistry.All.Select(m => m.Info.Name)];

    [Theory]
    [MemberData(nameof(BuiltinModels))]
    public void Every_builtin_model_has_a_model_file_with_the_same_states_parameters_and_equations(string name)
    {
        var builtin = ModelRegistry.Find(name);
        var file = ParseFile($"builtin/{name}.toml");
        Assert.Equal(name, file.Name);
        Assert.Equal(builtin.Info.States.Select(s => (s.Name, s.Initial)), file.States.Select(s => (s.Name, s.Initial)));
        Assert.Equal(builtin.Info.Parameters.Select(p => (p.Name, p.Default, p.Min, p.Max)),
            file.Parameters.Select(p => (p.Name, p.Default, p.Min, p.Max)));
        var random = new Random(7);
        for (int trial = 0; trial < 20; trial++)
        {
            var u = file.States.Select(_ => random.NextDouble() * 4 - 2).ToArray();
            var p = file.Parameters.Select(q => q.Min + (q.Max - q.Min) * random.NextDouble()).ToArray();
            var expected = Jacobian.Derivative(builtin, u, p, 0.5);
            var actual = file.Drift(0.5, u, p);
            for (int i = 0; i < u.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * (1 + Math.Abs(expected[i])),
                    $"{name}: f[{i}] = {actual[i]} (file) vs {expected[i]} (built-in)");
        }
    }

    [Fact]
    public void The_order_scale_is_evaluated_on_the_host()
    {
        var info = ModelFile.CreateInfo(ParseFile("innovation-cluster.toml"));
        Assert.Equal("x", info.Order!.State);
        Assert.Equal("sqrt(kappa*lambda/(a*b))", info.Order.ScaleFormula);
        Assert.Equal(2.0, info.Order.Scale(p => p == "kappa" ? 4.0 : 1.0), 12);
        Assert.Equal("y", info.OscillationState);
    }

    [Fact]
    public void Model_info_describes_equations_noise_and_observables()
    {
        var info = ModelFile.CreateInfo(ParseFile("innovation-cluster.toml"));
        Assert.StartsWith("dx/dt = (kappa - gamma*s - a*y)*x [+ sigma_x dW_x, Ito]; dy/dt = b*x^2 - lambda*y; ", info.Equations);
        Assert.EndsWith("de/dt = rho*(e0 + chi*x^2 - e) [+ (sigma_e*e) dW_e, Ito]", info.Equations);
        Assert.Equal(["sigma_e"], info.MultiplicativeNoiseParameters);
        Assert.Equal(ModelRegistry.Find("innovation-cluster").Info.MultiplicativeNoiseParameters, info.MultiplicativeNoiseParameters);
        var observable = Assert.Single(info.Observables);
        Assert.Equal("negentropy_ratio", observable.Name);
        Assert.Equal("e*s/(sigma0 + eta*y) (time mean over the window)", observable.Description);
    }

    [Theory]
    [InlineData("0.1*x", true, new string[0])]
    [InlineData("k*x", false, new[] { "k" })]
    [InlineData("k", false, new string[0])]
    [InlineData("0.1", false, new string[0])]
    public void State_dependent_noise_is_flagged_with_the_parameters_that_scale_it(string noise, bool withoutParameter, string[] multiplicative)
    {
        var info = ModelFile.CreateInfo(ModelFile.Parse(
            $"name = \"m\"\n[states]\nx = {{ initial = 1.0 }}\n[parameters]\nk = {{ default = 1.0, min = 0.0, max = 2.0 }}\n"
            + $"[equations]\nx = \"-x\"\n[noise]\nx = \"{noise}\"\n", "m.toml"));
        Assert.Equal(withoutParameter, info.StateDependentNoiseWithoutParameter);
        Assert.Equal(multiplicative, info.MultiplicativeNoiseParameters);
    }

    [Fact]
    public void Two_clusters_has_eight_states_and_at_most_sixteen_parameters()
    {
        var model = ParseFile("two-clusters.toml");
        Assert.Equal(["x1", "y1", "s1", "e1", "x2", "y2", "s2", "e2"], model.States.Select(s => s.Name));
        Assert.InRange(model.Parameters.Count, 1, ParameterBlock<ClusterGpu.Kernels.Numbers.F64>.Capacity);
        Assert.Equal(["gap", "sync"], model.Observables.Select(o => o.Name));
        var p = model.Parameters.Select(q => q.Default).ToArray();
        double[] u = [0.3, 0.1, 1.0, 1.0, 0.1, 0.0, 1.0, 1.0];
        var f = model.Drift(0, u, p);
        Assert.Equal((1 - 1 - 0.1) * 0.3 + 0.1 * (0.1 - 0.3), f[0], 12);
        Assert.Equal((1 - 1 - 0.0) * 0.1 + 0.1 * (0.3 - 0.1), f[4], 12);
        Assert.Equal([0.2, 0.03], model.ObservableValues(u, p).Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void The_jacobian_structure_of_lorenz_has_two_structural_zeros()
    {
        var structure = ModelFile.JacobianStructure(ParseFile("builtin/lorenz.toml"));
        bool[,] expected = { { true, true, false }, { true, true, true }, { true, true, true } };
        Assert.Equal(expected, structure);
    }
}
