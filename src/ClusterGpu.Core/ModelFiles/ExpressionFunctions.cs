namespace ClusterGpu.ModelFiles;

/// <summary>The functions a model-file expression may call, with their number of arguments.</summary>
public static class ExpressionFunctions
{
    /// <summary>Function name → number of arguments.</summary>
    public static IReadOnlyDictionary<string, int> Arity { get; } = new Dictionary<string, int>
    {
        ["exp"] = 1, ["log"] = 1, ["sqrt"] = 1, ["abs"] = 1, ["sin"] = 1, ["cos"] = 1, ["tanh"] = 1,
        ["min"] = 2, ["max"] = 2, ["pow"] = 2, ["ifelse"] = 3,
    };

    /// <summary>The function that evaluates <c>cond ? a : b</c>.</summary>
    public const string IfElse = "ifelse";

    /// <summary>The power function, the same as the operator <c>^</c>.</summary>
    public const string Pow = "pow";

    /// <summary>"exp, log, …, ifelse", for messages.</summary>
    public static string List => string.Join(", ", Arity.Keys);
}
