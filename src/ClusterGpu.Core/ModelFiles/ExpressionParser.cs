using ClusterGpu.Errors;

namespace ClusterGpu.ModelFiles;

/// <summary>
/// Recursive-descent parser of model-file expressions. Grammar (loosest first):
/// <code>
/// sum      = product (("+" | "-") product)*
/// product  = unary (("*" | "/") unary)*
/// unary    = "-" unary | power                 -x^2 = -(x^2)
/// power    = primary ("^" unary)?              right-associative: 2^3^2 = 2^9
/// primary  = number | name | name "(" args ")" | "(" sum ")"
/// ifelse   = "ifelse" "(" sum ("&lt;" | "&lt;=" | "&gt;" | "&gt;=") sum "," sum "," sum ")"
/// </code>
/// Names are not resolved here (see <see cref="ModelFileReader"/>); function names and their arity are.
/// </summary>
public sealed class ExpressionParser
{
    private readonly ExpressionText source;
    private readonly IReadOnlyList<ExpressionToken> tokens;
    private int next;

    private ExpressionParser(ExpressionText source)
    {
        this.source = source;
        tokens = ExpressionLexer.Tokenize(source);
    }

    /// <summary>The syntax tree of <paramref name="source"/>; a one-line <see cref="UsageException"/> when malformed.</summary>
    public static Expression Parse(ExpressionText source)
    {
        var parser = new ExpressionParser(source);
        if (parser.Peek.Kind == ExpressionTokenKind.End)
            throw source.Error(parser.Peek.Position, $"empty {source.Context}", "write an expression such as \"-a*x\"");
        var expression = parser.Sum();
        var trailing = parser.Peek;
        if (trailing.Kind == ExpressionTokenKind.Close)
            throw source.Error(trailing.Position, $"unbalanced parenthesis in {source.Context}: ')' without a matching '('", "remove it or add the '('");
        if (trailing.Kind != ExpressionTokenKind.End)
            throw parser.Unexpected(trailing, "an operator or the end of the expression");
        return expression;
    }

    /// <summary>Parses a one-line expression on its own (positions: line 1, column = character + 1).</summary>
    public static Expression Parse(string text) => Parse(ExpressionText.Standalone(text));

    private ExpressionToken Peek => tokens[next];

    private ExpressionToken Take() => tokens[next++];

    private bool TakeOperator(string op)
    {
        if (Peek.Kind != ExpressionTokenKind.Operator || Peek.Text != op) return false;
        next++;
        return true;
    }

    private Expression Sum()
    {
        var left = Product();
        while (Peek.Kind == ExpressionTokenKind.Operator && Peek.Text is "+" or "-")
        {
            var op = Take();
            left = new BinaryExpression(op.Text == "+" ? BinaryOperator.Add : BinaryOperator.Subtract, left, Product(), op.Position);
        }
        return left;
    }

    private Expression Product()
    {
        var left = Unary();
        while (Peek.Kind == ExpressionTokenKind.Operator && Peek.Text is "*" or "/")
        {
            var op = Take();
            left = new BinaryExpression(op.Text == "*" ? BinaryOperator.Multiply : BinaryOperator.Divide, left, Unary(), op.Position);
        }
        return left;
    }

    private Expression Unary()
    {
        var position = Peek.Position;
        return TakeOperator("-") ? new NegateExpression(Unary(), position) : Power();
    }

    private Expression Power()
    {
        var primary = Primary();
        var position = Peek.Position;
        return TakeOperator("^") ? new BinaryExpression(BinaryOperator.Power, primary, Unary(), position) : primary;
    }

    private Expression Primary()
    {
        var token = Take();
        switch (token.Kind)
        {
            case ExpressionTokenKind.Number:
                return new NumberExpression(token.Value, token.Position);
            case ExpressionTokenKind.Name when Peek.Kind == ExpressionTokenKind.Open:
                return Call(token);
            case ExpressionTokenKind.Name:
                return new NameExpression(token.Text, token.Position);
            case ExpressionTokenKind.Open:
                var inner = Sum();
                if (Peek.Kind != ExpressionTokenKind.Close) throw Unclosed(token, "')'");
                next++;
                return inner;
            default:
                next--;
                throw Unexpected(token, "a number, a name, '-' or '('");
        }
    }

    private Expression Call(ExpressionToken name)
    {
        if (!ExpressionFunctions.Arity.TryGetValue(name.Text, out int arity))
            throw source.Error(name.Position, $"unknown function '{name.Text}' in {source.Context}",
                ModelNames.DidYouMean(name.Text, ExpressionFunctions.Arity.Keys) ?? $"the functions are {ExpressionFunctions.List}");
        var open = Take();
        var arguments = new List<Expression>();
        (ComparisonOperator Operator, Expression Right)? comparison = null;
        while (true)
        {
            arguments.Add(Sum());
            if (name.Text == ExpressionFunctions.IfElse && arguments.Count == 1)
            {
                if (Peek.Kind != ExpressionTokenKind.Comparison)
                    throw source.Error(Peek.Position, $"the first argument of ifelse in {source.Context} is not a comparison",
                        "write ifelse(a > b, value if true, value if false) with one of < <= > >=");
                var op = Take();
                comparison = (Comparison(op), Sum());
            }
            var separator = Peek;
            if (separator.Kind == ExpressionTokenKind.Close) { next++; break; }
            if (separator.Kind == ExpressionTokenKind.Comma) { next++; continue; }
            throw separator.Kind == ExpressionTokenKind.End ? Unclosed(open, $"')' of {name.Text}(...)") : Unexpected(separator, "',' or ')'");
        }
        if (arguments.Count != arity)
            throw source.Error(name.Position, $"function '{name.Text}' takes {arity} argument{(arity == 1 ? "" : "s")}, "
                + $"not {arguments.Count}, in {source.Context}", $"write {Usage(name.Text, arity)}");
        return name.Text switch
        {
            ExpressionFunctions.IfElse => new ConditionalExpression(comparison!.Value.Operator, arguments[0], comparison.Value.Right,
                arguments[1], arguments[2], name.Position),
            ExpressionFunctions.Pow => new BinaryExpression(BinaryOperator.Power, arguments[0], arguments[1], name.Position),
            _ => new CallExpression(name.Text, arguments, name.Position),
        };
    }

    private static string Usage(string function, int arity) => function switch
    {
        ExpressionFunctions.IfElse => "ifelse(a > b, value if true, value if false)",
        _ when arity == 1 => $"{function}(x)",
        _ => $"{function}(a, b)",
    };

    private static ComparisonOperator Comparison(ExpressionToken token) => token.Text switch
    {
        "<" => ComparisonOperator.Less,
        "<=" => ComparisonOperator.LessOrEqual,
        ">" => ComparisonOperator.Greater,
        _ => ComparisonOperator.GreaterOrEqual,
    };

    private UsageException Unclosed(ExpressionToken open, string closing) =>
        Peek.Kind is ExpressionTokenKind.End
            ? source.Error(open.Position, $"unbalanced parenthesis in {source.Context}: this '(' is never closed", $"add the missing {closing}")
            : Unexpected(Peek, closing);

    private UsageException Unexpected(ExpressionToken token, string expected) => token.Kind switch
    {
        ExpressionTokenKind.Comparison => source.Error(token.Position, $"comparison '{token.Text}' outside ifelse in {source.Context}",
            "comparisons may only be the first argument of ifelse(a > b, value if true, value if false)"),
        ExpressionTokenKind.End => source.Error(token.Position, $"{source.Context} ends unexpectedly", $"expected {expected}"),
        _ => source.Error(token.Position, $"unexpected {token.Describe()} in {source.Context}", $"expected {expected}"),
    };
}
