using ClusterGpu.Errors;

namespace ClusterGpu.ModelFiles;

/// <summary>A place in a model file: 1-based line and column (UTF-16 code units).</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    /// <summary>"line:column".</summary>
    public override string ToString() => $"{Line}:{Column}";

    /// <summary>
    /// The one-line <see cref="UsageException"/> "<c>path:line:col: problem; fix</c>" for a problem at this place in
    /// the model file <paramref name="path"/>.
    /// </summary>
    public UsageException Error(string path, string problem, string fix) =>
        new(OneLine($"{path}:{Line}:{Column}: {problem}; {fix}"));

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
