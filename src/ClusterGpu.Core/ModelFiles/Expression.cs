namespace ClusterGpu.ModelFiles;

/// <summary>
/// A node of the syntax tree of a model-file expression, with the place in the model file where it starts
/// (an operator node: where its operator sits).
/// </summary>
public abstract record Expression(SourcePosition Position)
{
    /// <summary>The direct sub-expressions, left to right.</summary>
    public abstract IEnumerable<Expression> Children { get; }

    /// <summary>This node and every node below it, depth first.</summary>
    public IEnumerable<Expression> DescendantsAndSelf() => Children.SelectMany(c => c.DescendantsAndSelf()).Prepend(this);

    /// <summary>Every name (state, parameter, <c>t</c>, <c>pi</c>) the expression refers to, with repetitions.</summary>
    public IEnumerable<NameExpression> Names() => DescendantsAndSelf().OfType<NameExpression>();
}

/// <summary>A numeric literal.</summary>
public sealed record NumberExpression(double Value, SourcePosition Position) : Expression(Position)
{
    /// <inheritdoc />
    public override IEnumerable<Expression> Children => [];
}

/// <summary>A state, a parameter, the time <c>t</c> or the constant <c>pi</c>.</summary>
public sealed record NameExpression(string Name, SourcePosition Position) : Expression(Position)
{
    /// <inheritdoc />
    public override IEnumerable<Expression> Children => [];
}

/// <summary>Unary minus.</summary>
public sealed record NegateExpression(Expression Operand, SourcePosition Position) : Expression(Position)
{
    /// <inheritdoc />
    public override IEnumerable<Expression> Children => [Operand];
}

/// <summary>The binary arithmetic operators.</summary>
public enum BinaryOperator
{
    /// <summary><c>+</c></summary>
    Add,
    /// <summary><c>-</c></summary>
    Subtract,
    /// <summary><c>*</c></summary>
    Multiply,
    /// <summary><c>/</c></summary>
    Divide,
    /// <summary><c>^</c> (also the function <c>pow</c>)</summary>
    Power,
}

/// <summary><c>Left op Right</c>.</summary>
public sealed record BinaryExpression(BinaryOperator Operator, Expression Left, Expression Right, SourcePosition Position)
    : Expression(Position)
{
    /// <inheritdoc />
    public override IEnumerable<Expression> Children => [Left, Right];
}

/// <summary>A call of one of the <see cref="ExpressionFunctions"/> other than <c>ifelse</c> and <c>pow</c>.</summary>
public sealed record CallExpression(string Function, IReadOnlyList<Expression> Arguments, SourcePosition Position)
    : Expression(Position)
{
    /// <inheritdoc />
    public override IEnumerable<Expression> Children => Arguments;
}

/// <summary>The comparisons allowed as the first argument of <c>ifelse</c>.</summary>
public enum ComparisonOperator
{
    /// <summary><c>&lt;</c></summary>
    Less,
    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,
    /// <summary><c>&gt;</c></summary>
    Greater,
    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,
}

/// <summary><c>ifelse(Left cmp Right, WhenTrue, WhenFalse)</c>.</summary>
public sealed record ConditionalExpression(
    ComparisonOperator Comparison, Expression Left, Expression Right, Expression WhenTrue, Expression WhenFalse, SourcePosition Position)
    : Expression(Position)
{
    /// <inheritdoc />
    public override IEnumerable<Expression> Children => [Left, Right, WhenTrue, WhenFalse];
}
