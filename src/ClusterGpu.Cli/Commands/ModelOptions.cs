using System.CommandLine;
using ClusterGpu.Errors;
using ClusterGpu.ModelFiles;
using ClusterGpu.Models;

namespace ClusterGpu.Cli.Commands;

/// <summary>
/// How every verb names its model: <c>--model NAME</c> (built in, see <c>clustergpu models</c>) or <c>--model-file PATH</c>
/// (a TOML model file compiled at run time into the same kernels, see <c>models/</c>).
/// </summary>
internal sealed class ModelOptions(string modelDescription, string? defaultModel = null)
{
    public Option<string> Name { get; } = new("--model")
    {
        Description = modelDescription + (defaultModel is null ? "" : $" (default {defaultModel})"),
    };

    public Option<string> File { get; } = new("--model-file") { Description = "Model file (TOML: states, parameters, equations as text; see models/), instead of --model" };

    public IEnumerable<Option> All => [Name, File];

    /// <summary>True when the command line (or config) names a model file.</summary>
    public bool HasFile(ParseResult parse) => parse.GetValue(File) is not null;

    /// <summary>The built-in model name given with --model, or null (then <see cref="Resolve"/> uses the file or the default).</summary>
    public string? BuiltInName(ParseResult parse) => parse.GetValue(Name);

    /// <summary>The model: from --model-file, else --model, else the default; both at once is refused.</summary>
    public ModelHandle Resolve(ParseResult parse)
    {
        string? name = parse.GetValue(Name), path = parse.GetValue(File);
        if (name is not null && path is not null)
            throw new UsageException($"Give either --model {name} or --model-file {path}, not both.");
        if (path is not null) return ModelFile.Load(path);
        return ModelRegistry.Find(name ?? defaultModel ?? throw new UsageException("Give --model NAME (see 'clustergpu models') or --model-file PATH (see models/)."));
    }
}
