using System.Globalization;

namespace ClusterGpu.ModelFiles;

/// <summary>The kinds of <see cref="ExpressionToken"/>.</summary>
internal enum ExpressionTokenKind
{
    /// <summary>A numeric literal.</summary>
    Number,
    /// <summary>A name or function name.</summary>
    Name,
    /// <summary>One of <c>+ - * / ^</c>.</summary>
    Operator,
    /// <summary>One of <c>&lt; &lt;= &gt; &gt;=</c>.</summary>
    Comparison,
    /// <summary><c>(</c></summary>
    Open,
    /// <summary><c>)</c></summary>
    Close,
    /// <summary><c>,</c></summary>
    Comma,
    /// <summary>The end of the text.</summary>
    End,
}

/// <summary>One token of an expression: its kind, text, value (numbers) and place in the model file.</summary>
internal readonly record struct ExpressionToken(ExpressionTokenKind Kind, string Text, double Value, SourcePosition Position)
{
    /// <summary>How the token reads in a message: <c>'x'</c>, or "the end of the expression".</summary>
    public string Describe() => Kind == ExpressionTokenKind.End ? "the end of the expression" : $"'{Text}'";
}

/// <summary>
/// Splits an expression into tokens. Only numbers, names, <c>+ - * / ^ ( ) ,</c> and <c>&lt; &lt;= &gt; &gt;=</c> exist;
/// every other character (quotes, <c>;</c>, braces, member access <c>.</c>, …) is an error.
/// </summary>
internal static class ExpressionLexer
{
    private const string Allowed = "expressions may use only numbers, names, + - * / ^, parentheses, "
        + "comparisons inside ifelse(...) and the functions ";

    /// <summary>The tokens of <paramref name="source"/>, ending with one <see cref="ExpressionTokenKind.End"/> token.</summary>
    public static IReadOnlyList<ExpressionToken> Tokenize(ExpressionText source)
    {
        var text = source.Text;
        var tokens = new List<ExpressionToken>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            int start = i;
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                i = NumberEnd(source, i);
                var literal = text[start..i];
                double value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (!double.IsFinite(value))
                    throw source.Error(source.PositionOf(start), $"number {literal} in {source.Context} is too large", "use a finite number");
                if (i < text.Length && IsNameStart(text[i]))
                    throw source.Error(source.PositionOf(i), $"unexpected '{text[i]}' right after the number {literal} in {source.Context}",
                        $"write the product with '*', e.g. {literal}*{text[i]}");
                tokens.Add(new(ExpressionTokenKind.Number, literal, value, source.PositionOf(start)));
                continue;
            }
            if (IsNameStart(c))
            {
                while (i < text.Length && (IsNameStart(text[i]) || char.IsAsciiDigit(text[i]))) i++;
                if (i < text.Length && text[i] == '.')
                    throw source.Error(source.PositionOf(i), $"member access '{text[start..i]}.' in {source.Context} is not allowed",
                        Allowed + ExpressionFunctions.List);
                tokens.Add(new(ExpressionTokenKind.Name, text[start..i], 0, source.PositionOf(start)));
                continue;
            }
            var (kind, length) = c switch
            {
                '*' when i + 1 < text.Length && text[i + 1] == '*' =>
                    throw source.Error(source.PositionOf(i), $"'**' in {source.Context} is not an operator", "write powers as x^n"),
                '+' or '-' or '*' or '/' or '^' => (ExpressionTokenKind.Operator, 1),
                '<' or '>' => (ExpressionTokenKind.Comparison, i + 1 < text.Length && text[i + 1] == '=' ? 2 : 1),
                '(' => (ExpressionTokenKind.Open, 1),
                ')' => (ExpressionTokenKind.Close, 1),
                ',' => (ExpressionTokenKind.Comma, 1),
                _ => throw source.Error(source.PositionOf(i), $"unexpected character '{c}' in {source.Context}", Allowed + ExpressionFunctions.List),
            };
            i += length;
            tokens.Add(new(kind, text[start..i], 0, source.PositionOf(start)));
        }
        tokens.Add(new(ExpressionTokenKind.End, "", 0, source.PositionOf(text.Length)));
        return tokens;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    /// <summary>End of the number starting at <paramref name="i"/>: digits [. digits] [e|E [+|-] digits].</summary>
    private static int NumberEnd(ExpressionText source, int i)
    {
        var text = source.Text;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            int exponent = i + 1;
            if (exponent < text.Length && (text[exponent] == '+' || text[exponent] == '-')) exponent++;
            if (exponent >= text.Length || !char.IsAsciiDigit(text[exponent]))
                throw source.Error(source.PositionOf(i), $"malformed number exponent in {source.Context}", "write exponents as 1e-3 or 2.5E+4");
            i = exponent;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }
        return i;
    }
}
