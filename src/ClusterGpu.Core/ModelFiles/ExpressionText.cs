using ClusterGpu.Errors;

namespace ClusterGpu.ModelFiles;

/// <summary>
/// An expression as written in a model file: its text, what it is (<see cref="Context"/>, e.g. "equation for x"), and
/// where each of its characters sits in the file <see cref="Path"/>, so errors point into the file.
/// </summary>
public sealed class ExpressionText
{
    private readonly IReadOnlyList<SourcePosition> positions;
    private readonly SourcePosition end;

    /// <summary>
    /// <paramref name="positions"/>[i] is the place of character i of <paramref name="text"/>; <paramref name="end"/> the
    /// place just after the last one.
    /// </summary>
    public ExpressionText(string text, string path, string context, IReadOnlyList<SourcePosition> positions, SourcePosition end)
    {
        if (positions.Count != text.Length) throw new ArgumentException("One position per character is needed.", nameof(positions));
        (Text, Path, Context, this.positions, this.end) = (text, path, context, positions, end);
    }

    /// <summary>A one-line expression on its own (line 1, column i + 1), for tests and the command line.</summary>
    public static ExpressionText Standalone(string text, string path = "<expression>", string context = "expression") =>
        new(text, path, context, Enumerable.Range(1, text.Length).Select(c => new SourcePosition(1, c)).ToArray(),
            new SourcePosition(1, text.Length + 1));

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>What the expression is, for messages: "equation for x", "noise for e", "observable gap", "order_scale".</summary>
    public string Context { get; }

    /// <summary>The place in the file of character <paramref name="index"/> (the end for index ≥ length).</summary>
    public SourcePosition PositionOf(int index) => index < positions.Count ? positions[index] : end;

    /// <summary>The one-line error "path:line:col: problem; fix" at <paramref name="position"/>.</summary>
    public UsageException Error(SourcePosition position, string problem, string fix) => position.Error(Path, problem, fix);
}
