using ClusterGpu.Errors;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Models;

namespace ClusterGpu.ModelFiles;

/// <summary>A model file read, checked, compiled and loaded: its handle, its definition and how it was compiled.</summary>
public sealed record LoadedModelFile(ModelHandle Handle, ModelDefinition Definition, CompiledModel Compilation);

/// <summary>
/// User models written as TOML model files (see <c>models/*.toml</c>), compiled at run time into the same generic kernels
/// as the built-in models.
/// </summary>
public static class ModelFile
{
    /// <summary>The model in the file <paramref name="path"/>; a one-line <see cref="UsageException"/> for any problem.</summary>
    public static ModelHandle Load(string path) => Check(path).Handle;

    /// <summary>
    /// Reads, checks, compiles (or takes from the cache of <paramref name="compiler"/>, default
    /// <see cref="ModelFileCompiler.Shared"/>) and loads the model file <paramref name="path"/>.
    /// </summary>
    public static LoadedModelFile Check(string path, ModelFileCompiler? compiler = null) =>
        Compile(Parse(ReadText(path), path), compiler ?? ModelFileCompiler.Shared);

    /// <summary>
    /// The model whose file text is <paramref name="text"/> (recorded in a result file's provenance, say), reported as
    /// coming from <paramref name="path"/>; nothing is read from disk.
    /// </summary>
    public static LoadedModelFile FromSource(string text, string path) => Compile(Parse(text, path), ModelFileCompiler.Shared);

    /// <summary>Compiles and loads a parsed model with <paramref name="compiler"/>.</summary>
    public static LoadedModelFile Compile(ModelDefinition definition, ModelFileCompiler compiler)
    {
        var compiled = compiler.Compile(definition, CreateInfo(definition));
        return new LoadedModelFile(new ModelHandle(compiled.Definition, definition.SourceText, definition.Path), definition, compiled);
    }

    /// <summary>The checked model in the TOML <paramref name="text"/> of the file <paramref name="path"/> (nothing is read from disk).</summary>
    public static ModelDefinition Parse(string text, string path) => ModelFileReader.Read(text, path);

    /// <summary>The host-side metadata of a model file: names, ranges, equations as text, order parameter, observables, noise kind.</summary>
    public static ModelInfo CreateInfo(ModelDefinition definition)
    {
        var states = definition.States.Select(s => s.Name).ToHashSet();
        var parameters = definition.Parameters.Select(p => p.Name).ToHashSet();
        var stateDependentNoise = definition.Noise.OfType<ModelExpression>()
            .Where(g => g.Tree.Names().Any(n => states.Contains(n.Name)))
            .Select(g => g.Tree.Names().Select(n => n.Name).Where(parameters.Contains).Distinct().ToArray())
            .ToArray();
        var orderScale = definition.OrderScale;
        return new ModelInfo(definition.Name, definition.Description, EquationsText(definition), definition.States, definition.Parameters)
        {
            Order = new OrderParameter(definition.OrderState, orderScale?.Text ?? "1", p => definition.Scale(p)),
            OscillationState = definition.OscillationState,
            Observables = definition.Observables.Select((o, k) => new DerivedObservable(o.Name,
                $"{OneLine(o.Expression.Text)} (time mean over the window)", w => w.TrackedMean(k))).ToArray(),
            MultiplicativeNoiseParameters = definition.Parameters.Select(p => p.Name)
                .Where(p => stateDependentNoise.Any(used => used.Contains(p))).ToArray(),
            StateDependentNoiseWithoutParameter = stateDependentNoise.Any(used => used.Length == 0),
        };
    }

    /// <summary>
    /// Which entries ∂f_i/∂u_j of the Jacobian are structurally non-zero: [i, j] is true when equation i mentions state j.
    /// </summary>
    public static bool[,] JacobianStructure(ModelDefinition definition)
    {
        int n = definition.States.Count;
        var structure = new bool[n, n];
        for (int i = 0; i < n; i++)
        {
            var names = definition.Equations[i].Tree.Names().Select(x => x.Name).ToHashSet();
            for (int j = 0; j < n; j++) structure[i, j] = names.Contains(definition.States[j].Name);
        }
        return structure;
    }

    /// <summary>"dx/dt = f_x [+ g_x dW_x, Ito]; dy/dt = …".</summary>
    private static string EquationsText(ModelDefinition definition) =>
        string.Join("; ", definition.States.Select((s, i) =>
            $"d{s.Name}/dt = {OneLine(definition.Equations[i].Text)}" + (definition.Noise[i] is { } g
                ? $" [+ {(g.Tree is NameExpression or NumberExpression ? OneLine(g.Text) : $"({OneLine(g.Text)})")} dW_{s.Name}, Ito]"
                : "")));

    private static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SourcePosition(1, 1).Error(path, $"cannot read the model file ({e.Message})", "check the path and its permissions");
        }
    }
}
