using ClusterGpu.Analysis;
using ClusterGpu.Backends;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.ModelFiles;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using static ClusterGpu.Tests.ModelFiles.ModelFileTestSupport;

namespace ClusterGpu.Tests.ModelFiles;

/// <summary>A compiler with its own disk cache in a temporary directory, shared by the tests of one class.</summary>
public sealed class TemporaryCompiler : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"clustergpu-models-{Guid.NewGuid():N}");

    public ModelFileCompiler Compiler { get; }

    public TemporaryCompiler() => Compiler = new ModelFileCompiler(Directory);

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}

public class ModelFileCompilerTests(TemporaryCompiler temporary) : IClassFixture<TemporaryCompiler>
{
    private LoadedModelFile Load(string model) => ModelFile.Check(ModelPath(model), temporary.Compiler);

    public static TheoryData<string> ModelFiles() =>
        [.. Directory.EnumerateFiles(ModelsFolder, "*.toml", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(ModelsFolder, p))];

    [Fact]
    public void A_model_file_round_trips_through_Roslyn_into_a_model_handle()
    {
        var loaded = Load("builtin/lorenz.toml");
        var info = loaded.Handle.Info;
        Assert.Equal("lorenz", info.Name);
        Assert.Equal(["x", "y", "z"], info.States.Select(s => s.Name));
        Assert.Equal(["sigma", "rho", "beta"], info.Parameters.Select(p => p.Name));
        Assert.Equal(ModelPath("builtin/lorenz.toml"), loaded.Handle.SourcePath);
        Assert.Equal(File.ReadAllText(ModelPath("builtin/lorenz.toml")), loaded.Handle.SourceText);
        Assert.Null(ModelRegistry.Find("lorenz").SourceText);
    }

    [Theory]
    [MemberData(nameof(ModelFiles))]
    public void The_compiled_right_hand_side_agrees_with_the_interpreter(string model)
    {
        var loaded = Load(model);
        var definition = loaded.Definition;
        var random = new Random(11);
        for (int trial = 0; trial < 10; trial++)
        {
            var u = definition.States.Select(_ => random.NextDouble() * 0.9 + 0.05).ToArray();
            var p = definition.Parameters.Select(q => q.Min + (q.Max - q.Min) * random.NextDouble()).ToArray();
            var compiled = Jacobian.Derivative(loaded.Handle, u, p, 0.75);
            var interpreted = definition.Drift(0.75, u, p);
            for (int i = 0; i < u.Length; i++)
                Assert.True(Math.Abs(compiled[i] - interpreted[i]) <= 1e-12 * (1 + Math.Abs(interpreted[i])),
                    $"{model}: f[{i}] = {compiled[i]} (compiled) vs {interpreted[i]} (interpreted)");
        }
    }

    [Theory]
    [MemberData(nameof(ModelFiles))]
    public void The_compiled_noise_and_observables_agree_with_the_interpreter(string model)
    {
        var loaded = Load(model);
        var definition = loaded.Definition;
        var random = new Random(13);
        for (int trial = 0; trial < 10; trial++)
        {
            var u = definition.States.Select(_ => random.NextDouble() * 0.9 + 0.05).ToArray();
            var p = definition.Parameters.Select(q => q.Min + (q.Max - q.Min) * random.NextDouble()).ToArray();
            var observables = definition.ObservableValues(u, p);
            AssertClose(definition.Diffusion(0.25, u, p), Invoke(loaded.Handle, "Diffusion", 0.25, u, p), $"{model} noise");
            AssertClose([.. observables, .. new double[u.Length - observables.Length]], Invoke(loaded.Handle, "Tracked", null, u, p),
                $"{model} observables");
        }
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("scalar")]
    public void A_model_file_solves_like_the_built_in_model(string backend)
    {
        var settings = new IntegrationSettings { TEnd = 1.0 };
        double[] rhos = [10.0, 20.0, 28.0, 35.0, 40.0];
        EnsembleResult Solve(ModelHandle model) => new EnsembleSolver(BackendFactory.Create(backend))
            .Solve(EnsembleProblem.FromDefaults(model, rhos.Length, (i, p, _) => p[1] = rhos[i]), settings);
        var file = Solve(Load("builtin/lorenz.toml").Handle);
        var builtin = Solve(ModelRegistry.Find("lorenz"));
        for (int i = 0; i < rhos.Length; i++)
            for (int c = 0; c < 3; c++)
                Assert.True(Math.Abs(file.FinalState(i, c) - builtin.FinalState(i, c)) <= 1e-6 * (1 + Math.Abs(builtin.FinalState(i, c))),
                    $"rho = {rhos[i]}, state {c}: {file.FinalState(i, c)} (file) vs {builtin.FinalState(i, c)} (built-in)");
    }

    [Fact]
    public void The_compiled_jacobian_is_zero_where_the_structure_says_so()
    {
        var loaded = Load("builtin/lorenz.toml");
        var structure = ModelFile.JacobianStructure(loaded.Definition);
        var jacobian = Jacobian.Compute(loaded.Handle, [1.0, 2.0, 3.0], [10.0, 28.0, 8.0 / 3.0]);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                if (!structure[i, j]) Assert.Equal(0.0, jacobian[i, j]);
        Assert.Equal(-10.0, jacobian[0, 0]);
    }

    [Fact]
    public void The_in_process_cache_returns_the_same_type_twice()
    {
        var first = Load("builtin/haken.toml");
        var second = Load("builtin/haken.toml");
        Assert.Same(first.Compilation.Definition, second.Compilation.Definition);
        Assert.Equal(ModelOrigin.Memory, second.Compilation.Origin);
        Assert.False(second.Compilation.RoslynRan);
    }

    [Fact]
    public void The_disk_cache_is_used_by_a_second_compiler_without_Roslyn()
    {
        using var cache = new TemporaryCompiler();
        var definition = ParseFile("builtin/brusselator.toml");
        var first = ModelFile.Compile(definition, cache.Compiler);
        Assert.True(first.Compilation.RoslynRan);
        Assert.StartsWith("compiled in ", first.Compilation.Describe());
        Assert.True(File.Exists(Path.Combine(cache.Directory, first.Compilation.Hash + ".dll")));
        Assert.Empty(Directory.EnumerateFiles(cache.Directory, "*.tmp"));

        var second = ModelFile.Compile(definition, new ModelFileCompiler(cache.Directory));
        Assert.Equal(ModelOrigin.DiskCache, second.Compilation.Origin);
        Assert.Equal("loaded from cache", second.Compilation.Describe());
        Assert.Equal("brusselator", second.Handle.Info.Name);
        Assert.Equal(Jacobian.Derivative(first.Handle, [1.0, 2.0], [1.0, 3.0]), Jacobian.Derivative(second.Handle, [1.0, 2.0], [1.0, 3.0]));
    }

    [Fact]
    public void An_unusable_cache_directory_only_means_no_disk_cache()
    {
        var file = Path.GetTempFileName();
        try
        {
            var loaded = ModelFile.Compile(ParseFile("builtin/logistic.toml"), new ModelFileCompiler(Path.Combine(file, "models")));
            Assert.True(loaded.Compilation.RoslynRan);
            Assert.Equal("logistic", loaded.Handle.Info.Name);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Observables_become_output_variables_reading_the_tracked_means()
    {
        var info = Load("two-clusters.toml").Handle.Info;
        Assert.Equal(["gap", "sync"], info.Observables.Select(o => o.Name));
        Assert.Equal("abs(x1 - x2) (time mean over the window)", info.Observables[0].Description);
        Assert.Equal(11.0, info.Observables[1].Evaluate(new TrackedMeans()));
    }

    /// <summary>Window statistics whose tracked mean k is 10 + k.</summary>
    private sealed class TrackedMeans : IWindowStatistics
    {
        public double Parameter(string name) => throw new NotSupportedException();
        public double Mean(string state) => throw new NotSupportedException();
        public double MeanSquare(string state) => throw new NotSupportedException();
        public double Min(string state) => throw new NotSupportedException();
        public double Max(string state) => throw new NotSupportedException();
        public double TrackedMean(int index) => 10 + index;
    }

    /// <summary>Calls Diffusion(t, u) (or Tracked(u) when <paramref name="t"/> is null) of the compiled model over F64.</summary>
    private static double[] Invoke(ModelHandle handle, string method, double? t, double[] u, double[] p)
    {
        var block = new ParameterBlock<F64>();
        for (int i = 0; i < p.Length; i++) block[i] = new F64(p[i]);
        var model = handle.Close(typeof(F64)).GetMethod("Create")!.Invoke(null, [block]);
        var stateType = handle.StateType(typeof(F64));
        var indexer = stateType.GetProperty("Item")!;
        var state = Activator.CreateInstance(stateType)!;
        for (int i = 0; i < u.Length; i++) indexer.SetValue(state, new F64(u[i]), [i]);
        object?[] arguments = t is { } time ? [new F64(time), state] : [state];
        var result = handle.Close(typeof(F64)).GetMethod(method)!.Invoke(model, arguments)!;
        return Enumerable.Range(0, u.Length).Select(i => ((F64)indexer.GetValue(result, [i])!).Value).ToArray();
    }

    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * (1 + Math.Abs(expected[i])),
                $"{what}[{i}] = {actual[i]} (compiled) vs {expected[i]} (interpreted)");
    }
}
