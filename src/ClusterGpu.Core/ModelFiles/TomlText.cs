namespace ClusterGpu.ModelFiles;

/// <summary>
/// The text of a TOML file, for turning character offsets into 1-based line and column and for finding where each
/// character of a string value sits (after escapes, line-ending backslashes and the newline after <c>"""</c>).
/// </summary>
internal sealed class TomlText
{
    private readonly string text;
    private readonly int[] lineStarts;

    /// <summary>Indexes the lines of <paramref name="text"/>.</summary>
    public TomlText(string text)
    {
        this.text = text;
        lineStarts = text.Select((c, i) => (c, i)).Where(x => x.c == '\n').Select(x => x.i + 1).Prepend(0).ToArray();
    }

    /// <summary>The line and column of character <paramref name="offset"/>.</summary>
    public SourcePosition At(int offset)
    {
        int line = Array.BinarySearch(lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return new SourcePosition(line + 1, offset - lineStarts[line] + 1);
    }

    /// <summary>
    /// Where each character of the string whose opening quote is at <paramref name="quoteOffset"/> sits, given its decoded
    /// <paramref name="value"/>, and the place of its closing quote. Falls back to consecutive columns after the quote
    /// when the raw text does not decode to <paramref name="value"/> character for character.
    /// </summary>
    public (IReadOnlyList<SourcePosition> Characters, SourcePosition End) StringPositions(int quoteOffset, string value)
    {
        var offsets = DecodedOffsets(quoteOffset, out int end);
        if (offsets.Count != value.Length)
        {
            offsets = Enumerable.Range(quoteOffset + 1, value.Length).ToList();
            end = quoteOffset + 1 + value.Length;
        }
        return (offsets.Select(At).ToArray(), At(end));
    }

    private List<int> DecodedOffsets(int quoteOffset, out int end)
    {
        char quote = text[quoteOffset];
        bool multiLine = string.CompareOrdinal(text, quoteOffset, new string(quote, 3), 0, 3) == 0;
        string closing = new(quote, multiLine ? 3 : 1);
        int i = quoteOffset + closing.Length;
        if (multiLine && i < text.Length && text[i] == '\r') i++;
        if (multiLine && i < text.Length && text[i] == '\n') i++;
        var offsets = new List<int>();
        while (i < text.Length && string.CompareOrdinal(text, i, closing, 0, closing.Length) != 0)
        {
            if (quote == '"' && text[i] == '\\' && i + 1 < text.Length)
            {
                char escape = text[i + 1];
                if (multiLine && char.IsWhiteSpace(escape))
                {
                    i++;
                    while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
                    continue;
                }
                int length = escape switch { 'u' => 6, 'U' => 10, _ => 2 };
                offsets.Add(i);
                if (escape == 'U' && i + length <= text.Length
                    && int.TryParse(text.AsSpan(i + 2, 8), System.Globalization.NumberStyles.HexNumber, null, out int code) && code > 0xFFFF)
                    offsets.Add(i);
                i += length;
                continue;
            }
            offsets.Add(i++);
        }
        end = i;
        return offsets;
    }
}
