using ClusterGpu.Errors;
using ClusterGpu.ModelFiles;

namespace ClusterGpu.Tests.ModelFiles;

/// <summary>Paths of the repository's model files, and assertions on model-file errors.</summary>
internal static class ModelFileTestSupport
{
    /// <summary>The repository's <c>models/</c> folder.</summary>
    public static string ModelsFolder { get; } = FindModelsFolder();

    public static string ModelPath(string relative) => Path.Combine(ModelsFolder, relative);

    public static ModelDefinition ParseFile(string relative) => ModelFile.Parse(File.ReadAllText(ModelPath(relative)), relative);

    /// <summary>
    /// Parsing <paramref name="text"/> fails with one line "test.toml:line:col: problem; fix" where the place is the first
    /// occurrence of <paramref name="at"/> on the first line containing <paramref name="onLine"/>.
    /// </summary>
    public static UsageException AssertError(string text, string onLine, string at, params string[] fragments)
    {
        var lines = text.Split('\n');
        int line = Array.FindIndex(lines, l => l.Contains(onLine));
        Assert.True(line >= 0, $"no line contains '{onLine}'");
        int column = lines[line].IndexOf(at, lines[line].IndexOf(onLine), StringComparison.Ordinal);
        Assert.True(column >= 0, $"'{at}' is not on line '{lines[line]}'");
        return AssertError(text, line + 1, column + 1, fragments);
    }

    /// <summary>Parsing <paramref name="text"/> fails with one line "test.toml:line:col: problem; fix" containing every fragment.</summary>
    public static UsageException AssertError(string text, int line, int column, params string[] fragments)
    {
        var error = Assert.Throws<UsageException>(() => ModelFile.Parse(text, "test.toml"));
        AssertOneLine(error, "test.toml", line, column, fragments);
        return error;
    }

    public static void AssertOneLine(UsageException error, string path, int line, int column, params string[] fragments)
    {
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith($"{path}:{line}:{column}: ", error.Message);
        Assert.Contains("; ", error.Message);
        foreach (var fragment in fragments) Assert.Contains(fragment, error.Message);
    }

    private static string FindModelsFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (Directory.Exists(Path.Combine(directory.FullName, "models", "builtin"))) return Path.Combine(directory.FullName, "models");
        throw new DirectoryNotFoundException("models/builtin not found above the test binaries.");
    }
}
