using System.Text.RegularExpressions;
using ClusterGpu.Errors;

namespace ClusterGpu.ModelFiles;

/// <summary>Which names a model file may give its model, states, parameters and observables.</summary>
public static partial class ModelNames
{
    /// <summary>The time, usable in equations and noise terms.</summary>
    public const string Time = "t";

    /// <summary>The constant π.</summary>
    public const string Pi = "pi";

    /// <summary>Output variables every run writes, so no state, parameter or observable may be called so.</summary>
    public static IReadOnlyList<string> OutputVariables { get; } =
        ["order", "regime", "status", "steps", "rejected", "residual", "period", "lle"];

    /// <summary>Prefixes of per-state output variables (<c>mean_x</c>, …), which no observable name may start with.</summary>
    public static IReadOnlyList<string> OutputPrefixes { get; } = ["final_", "mean_", "std_", "min_", "max_", "first_passage_"];

    /// <summary>True for a valid model name: lowercase letters and digits, in words joined by single '-'.</summary>
    public static bool IsModelName(string name) => ModelName().IsMatch(name);

    /// <summary>True for a valid state, parameter or observable name: <c>[A-Za-z_][A-Za-z0-9_]*</c>.</summary>
    public static bool IsIdentifier(string name) => Identifier().IsMatch(name);

    /// <summary>
    /// Why <paramref name="name"/> may not name a <paramref name="kind"/> ("state", "parameter", "observable"), as
    /// (problem, fix); null when it may.
    /// </summary>
    public static (string Problem, string Fix)? Rejection(string name, string kind)
    {
        if (!IsIdentifier(name))
            return ($"'{name}' is not a valid {kind} name", "use letters, digits and '_', starting with a letter or '_'");
        if (name is Time or Pi)
            return ($"{kind} name '{name}' clashes with the built-in '{name}'", $"rename the {kind}");
        if (ExpressionFunctions.Arity.ContainsKey(name))
            return ($"{kind} name '{name}' clashes with the function {name}()", $"rename the {kind}");
        if (OutputVariables.Contains(name))
            return ($"{kind} name '{name}' clashes with the output variable '{name}'", $"rename the {kind}");
        if (kind == "observable" && OutputPrefixes.FirstOrDefault(name.StartsWith) is { } prefix)
            return ($"observable name '{name}' starts with '{prefix}', which output variables of states use",
                $"rename the observable (e.g. '{name[prefix.Length..]}_{prefix.TrimEnd('_')}')");
        return null;
    }

    /// <summary>"did you mean 'kappa'?" for the candidate nearest <paramref name="name"/> (<see cref="NearestName"/>), or null.</summary>
    public static string? DidYouMean(string name, IEnumerable<string> candidates) =>
        NearestName.Suggest(name, candidates) is { } s ? $"did you mean '{s}'?" : null;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ModelName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
