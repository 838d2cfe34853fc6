using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using ClusterGpu.Errors;
using ClusterGpu.Kernels.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ClusterGpu.ModelFiles;

/// <summary>Where a <see cref="CompiledModel"/> came from.</summary>
public enum ModelOrigin
{
    /// <summary>Roslyn compiled the generated source.</summary>
    Compiled,
    /// <summary>The assembly was read from the disk cache.</summary>
    DiskCache,
    /// <summary>The model was already loaded in this process by the same compiler.</summary>
    Memory,
}

/// <summary>A model file compiled and loaded: its open generic model struct, where it came from and how long that took.</summary>
public sealed record CompiledModel(Type Definition, ModelOrigin Origin, TimeSpan Elapsed, string Hash)
{
    /// <summary>True when Roslyn ran for this load.</summary>
    public bool RoslynRan => Origin == ModelOrigin.Compiled;

    /// <summary>"compiled in 1.2 s" or "loaded from cache".</summary>
    public string Describe() => RoslynRan ? $"compiled in {Elapsed.TotalSeconds:F1} s" : "loaded from cache";
}

/// <summary>
/// Compiles the C# of <see cref="ModelSourceGenerator"/> with Roslyn and loads it, caching by the SHA-256 of
/// (generated source, ClusterGpu.Kernels MVID): in memory (one load per model and compiler instance; <see cref="Shared"/>
/// serves the whole process) and on disk as <c>&lt;hash&gt;.dll</c> in <see cref="CacheDirectory"/>. A cache directory
/// that cannot be read or written only means no disk cache.
/// </summary>
public sealed class ModelFileCompiler(string? cacheDirectory)
{
    private static readonly Lazy<ModelFileCompiler> shared = new(() => new ModelFileCompiler(DefaultCacheDirectory()));
    private static readonly Lazy<MetadataReference[]> references = new(References);
    private static readonly Assembly kernels = typeof(IModel<,,>).Assembly;
    private readonly ConcurrentDictionary<string, Lazy<CompiledModel>> loaded = new();

    /// <summary>The compiler <see cref="ModelFile.Load"/> uses, with the <see cref="DefaultCacheDirectory"/>.</summary>
    public static ModelFileCompiler Shared => shared.Value;

    /// <summary>The disk cache; null: none.</summary>
    public string? CacheDirectory { get; } = cacheDirectory;

    /// <summary>
    /// <c>$CLUSTERGPU_CACHE</c>, else <c>$XDG_CACHE_HOME/clustergpu/models</c>, else <c>~/.cache/clustergpu/models</c>
    /// (null when there is no home directory).
    /// </summary>
    public static string? DefaultCacheDirectory()
    {
        if (Environment.GetEnvironmentVariable("CLUSTERGPU_CACHE") is { Length: > 0 } explicitDirectory) return explicitDirectory;
        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg) return Path.Combine(xdg, "clustergpu", "models");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length > 0 ? Path.Combine(home, ".cache", "clustergpu", "models") : null;
    }

    /// <summary>
    /// The open generic model struct of <paramref name="model"/>, whose generated <c>ModelMetadata.Info</c> is set to
    /// <paramref name="info"/> when its assembly is loaded.
    /// </summary>
    public CompiledModel Compile(ModelDefinition model, ModelInfo info)
    {
        var source = ModelSourceGenerator.Generate(model);
        var hash = ModelSourceGenerator.Sha256(source + "\n" + kernels.ManifestModule.ModuleVersionId);
        var entry = new Lazy<CompiledModel>(() => Load(model, info, source, hash));
        var actual = loaded.GetOrAdd(hash, entry);
        try
        {
            var compiled = actual.Value;
            return ReferenceEquals(actual, entry) ? compiled : compiled with { Origin = ModelOrigin.Memory, Elapsed = TimeSpan.Zero };
        }
        catch
        {
            loaded.TryRemove(new KeyValuePair<string, Lazy<CompiledModel>>(hash, actual));
            throw;
        }
    }

    private CompiledModel Load(ModelDefinition model, ModelInfo info, string source, string hash)
    {
        var clock = Stopwatch.StartNew();
        var origin = ModelOrigin.DiskCache;
        var assembly = FromDisk(hash);
        if (assembly is null)
        {
            origin = ModelOrigin.Compiled;
            var bytes = Emit(model, source, hash);
            assembly = Assembly.Load(bytes);
            ToDisk(hash, bytes);
        }
        assembly.GetType(ModelSourceGenerator.MetadataType, throwOnError: true)!
            .GetField(ModelSourceGenerator.MetadataField, BindingFlags.Public | BindingFlags.Static)!.SetValue(null, info);
        return new CompiledModel(assembly.GetType(ModelSourceGenerator.ModelType, throwOnError: true)!, origin, clock.Elapsed, hash);
    }

    private static byte[] Emit(ModelDefinition model, string source, string hash)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: model.Path + ".g.cs");
        var compilation = CSharpCompilation.Create($"ClusterGpu.ModelFiles.{model.Name}.{hash[..16]}", [tree], references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Disable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (result.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } error)
            throw new SourcePosition(1, 1).Error(model.Path, $"the C# generated for model '{model.Name}' does not compile ({error})",
                "this is a ClusterGpu bug: please report it with the model file");
        return stream.ToArray();
    }

    private Assembly? FromDisk(string hash)
    {
        if (CacheDirectory is null) return null;
        try
        {
            var file = Path.Combine(CacheDirectory, hash + ".dll");
            return File.Exists(file) ? Assembly.Load(File.ReadAllBytes(file)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException)
        {
            return null;
        }
    }

    /// <summary>Writes the cache file atomically (temporary file, then rename); failures only mean no disk cache.</summary>
    private void ToDisk(string hash, byte[] bytes)
    {
        if (CacheDirectory is null) return;
        var temporary = Path.Combine(CacheDirectory, $"{hash}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(CacheDirectory);
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, Path.Combine(CacheDirectory, hash + ".dll"), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temporary); }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>System.Private.CoreLib and System.Runtime of the running framework, and ClusterGpu.Kernels.</summary>
    private static MetadataReference[] References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform.Where(p => Path.GetFileName(p) is "System.Private.CoreLib.dll" or "System.Runtime.dll")
            .Append(kernels.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    }
}
