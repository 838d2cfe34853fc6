using ClusterGpu.Errors;
using ClusterGpu.ModelFiles;

namespace ClusterGpu.Tests.ModelFiles;

public class ExpressionParserTests
{
    private static double Value(string text, double x = 3.0) =>
        ExpressionEvaluator.Evaluate(ExpressionParser.Parse(text), name => name == "x" ? x : throw new KeyNotFoundException(name));

    [Theory]
    [InlineData("2^3^2", 512.0)]
    [InlineData("-2^2", -4.0)]
    [InlineData("(-2)^2", 4.0)]
    [InlineData("2^-1", 0.5)]
    [InlineData("2 + 3*4", 14.0)]
    [InlineData("(2 + 3)*4", 20.0)]
    [InlineData("8/4/2", 1.0)]
    [InlineData("2 - 3 - 4", -5.0)]
    [InlineData("-x^2", -9.0)]
    [InlineData("--x", 3.0)]
    [InlineData("2*-x", -6.0)]
    [InlineData("1e-3*1000 + .5 + 2.5E+1", 26.5)]
    public void Operators_have_the_usual_precedence_and_power_is_right_associative(string text, double expected) =>
        Assert.Equal(expected, Value(text), 12);

    [Theory]
    [InlineData("exp(0) + log(1) + sqrt(16) + abs(-2)", 7.0)]
    [InlineData("sin(0) + cos(0) + tanh(0)", 1.0)]
    [InlineData("min(2, x) + max(2, x)", 5.0)]
    [InlineData("pow(2, 10)", 1024.0)]
    [InlineData("pi", Math.PI)]
    [InlineData("ifelse(x > 2, 1, 0)", 1.0)]
    [InlineData("ifelse(x < 2, 1, 0)", 0.0)]
    [InlineData("ifelse(x >= 3, 1, 0)", 1.0)]
    [InlineData("ifelse(x <= 2.5, 1, 0)", 0.0)]
    [InlineData("x^2.5", 15.588457268119896)]
    public void The_interpreter_computes_functions_like_System_Math(string text, double expected) =>
        Assert.Equal(expected, Value(text), 12);

    [Fact]
    public void Unary_minus_binds_looser_than_power_in_the_tree()
    {
        var negate = Assert.IsType<NegateExpression>(ExpressionParser.Parse("-x^2"));
        Assert.Equal(BinaryOperator.Power, Assert.IsType<BinaryExpression>(negate.Operand).Operator);
    }

    [Fact]
    public void Every_node_knows_its_line_and_column()
    {
        var sum = Assert.IsType<BinaryExpression>(ExpressionParser.Parse("a + bb*c"));
        Assert.Equal(new SourcePosition(1, 3), sum.Position);
        var product = Assert.IsType<BinaryExpression>(sum.Right);
        Assert.Equal(new SourcePosition(1, 5), product.Left.Position);
        Assert.Equal(new SourcePosition(1, 8), product.Right.Position);
    }

    [Fact]
    public void Pow_is_the_power_operator()
    {
        var power = Assert.IsType<BinaryExpression>(ExpressionParser.Parse("pow(x, 3)"));
        Assert.Equal(BinaryOperator.Power, power.Operator);
    }

    [Theory]
    [InlineData("x +", 4, "ends unexpectedly")]
    [InlineData("(x + 1", 1, "unbalanced parenthesis")]
    [InlineData("x + 1)", 6, "unbalanced parenthesis")]
    [InlineData("x y", 3, "unexpected 'y'")]
    [InlineData("x > 1", 3, "comparison '>' outside ifelse")]
    [InlineData("ifelse(x, 1, 2)", 9, "not a comparison")]
    [InlineData("min(x)", 1, "takes 2 arguments, not 1")]
    [InlineData("exp(x, 1)", 1, "takes 1 argument, not 2")]
    [InlineData("expp(x)", 1, "did you mean 'exp'?")]
    [InlineData("System.Math.Exp(x)", 7, "member access 'System.'")]
    [InlineData("x.ToString()", 2, "member access 'x.'")]
    [InlineData("x; y", 2, "unexpected character ';'")]
    [InlineData("{x}", 1, "unexpected character '{'")]
    [InlineData("\"x\"", 1, "unexpected character '\"'")]
    [InlineData("2x", 2, "write the product with '*'")]
    [InlineData("x**2", 2, "write powers as x^n")]
    [InlineData("", 1, "empty expression")]
    public void A_malformed_expression_is_one_line_with_its_column(string text, int column, string fragment)
    {
        var error = Assert.Throws<UsageException>(() => ExpressionParser.Parse(text));
        ModelFileTestSupport.AssertOneLine(error, "<expression>", 1, column, fragment);
    }
}
