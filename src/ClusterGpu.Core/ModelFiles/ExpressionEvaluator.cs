namespace ClusterGpu.ModelFiles;

/// <summary>
/// Interpreter of model-file expressions in double precision with <see cref="Math"/>: evaluates <c>order_scale</c> on
/// the host, and is the independent second implementation the compiled models are tested against.
/// </summary>
public static class ExpressionEvaluator
{
    /// <summary>
    /// The value of <paramref name="expression"/>, where <paramref name="valueOf"/> gives each state, parameter and
    /// <c>t</c> (<c>pi</c> is built in).
    /// </summary>
    public static double Evaluate(Expression expression, Func<string, double> valueOf) => expression switch
    {
        NumberExpression n => n.Value,
        NameExpression { Name: ModelNames.Pi } => Math.PI,
        NameExpression n => valueOf(n.Name),
        NegateExpression n => -Evaluate(n.Operand, valueOf),
        BinaryExpression b => Apply(b.Operator, Evaluate(b.Left, valueOf), Evaluate(b.Right, valueOf)),
        CallExpression c => Call(c.Function, c.Arguments.Select(a => Evaluate(a, valueOf)).ToArray()),
        ConditionalExpression c => Holds(c.Comparison, Evaluate(c.Left, valueOf), Evaluate(c.Right, valueOf))
            ? Evaluate(c.WhenTrue, valueOf)
            : Evaluate(c.WhenFalse, valueOf),
        _ => throw new ArgumentException($"Unknown expression node {expression.GetType().Name}.", nameof(expression)),
    };

    private static double Apply(BinaryOperator op, double a, double b) => op switch
    {
        BinaryOperator.Add => a + b,
        BinaryOperator.Subtract => a - b,
        BinaryOperator.Multiply => a * b,
        BinaryOperator.Divide => a / b,
        _ => Math.Pow(a, b),
    };

    private static double Call(string function, double[] x) => function switch
    {
        "exp" => Math.Exp(x[0]),
        "log" => Math.Log(x[0]),
        "sqrt" => Math.Sqrt(x[0]),
        "abs" => Math.Abs(x[0]),
        "sin" => Math.Sin(x[0]),
        "cos" => Math.Cos(x[0]),
        "tanh" => Math.Tanh(x[0]),
        "min" => Math.Min(x[0], x[1]),
        "max" => Math.Max(x[0], x[1]),
        _ => throw new ArgumentException($"Unknown function '{function}'.", nameof(function)),
    };

    private static bool Holds(ComparisonOperator op, double a, double b) => op switch
    {
        ComparisonOperator.Less => a < b,
        ComparisonOperator.LessOrEqual => a <= b,
        ComparisonOperator.Greater => a > b,
        _ => a >= b,
    };
}
