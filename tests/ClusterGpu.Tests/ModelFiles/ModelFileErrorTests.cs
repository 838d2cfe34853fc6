using ClusterGpu.Errors;
using ClusterGpu.ModelFiles;
using static ClusterGpu.Tests.ModelFiles.ModelFileTestSupport;

namespace ClusterGpu.Tests.ModelFiles;

public class ModelFileErrorTests
{
    private const string Valid = """
        name = "rossler"
        description = "Rossler attractor"
        order_parameter = "x"

        [states]
        x = { initial = 1.0, description = "first" }
        y = { initial = 0.0 }
        z = { initial = 0.0 }

        [parameters]
        a = { default = 0.2, min = 0.0, max = 1.0, description = "..." }
        b = { default = 0.2, min = 0.0, max = 1.0 }
        c = { default = 5.7, min = 0.0, max = 20.0 }
        kappa = { default = 0.0, min = 0.0, max = 1.0 }

        [equations]
        x = "-y - z"
        y = "x + a*y"
        z = "b + z*(x - c)"

        [noise]
        x = "kappa"

        [observables]
        radius = "sqrt(x^2 + y^2)"
        """;

    private static string With(string old, string replacement)
    {
        Assert.Contains(old, Valid);
        return Valid.Replace(old, replacement);
    }

    [Fact]
    public void The_valid_example_parses()
    {
        var model = ModelFile.Parse(Valid, "test.toml");
        Assert.Equal(["x", "y", "z"], model.States.Select(s => s.Name));
        Assert.Equal(["a", "b", "c", "kappa"], model.Parameters.Select(p => p.Name));
        Assert.Equal("x", model.OscillationState);
        Assert.Null(model.Noise[1]);
    }

    [Fact]
    public void A_TOML_syntax_error_gives_file_line_and_column() =>
        AssertError(With("description = \"Rossler attractor\"", "description = \"Rossler attractor"), 2, 33, "TOML syntax error", "toml.io");

    [Fact]
    public void An_unknown_name_points_at_the_name_and_suggests_the_nearest() =>
        AssertError(With("y = \"x + a*y\"", "y = \"x + kapa*y\""), "y = \"x + kapa", "kapa",
            "unknown name 'kapa' in equation for y", "did you mean 'kappa'?");

    [Fact]
    public void An_expression_syntax_error_points_into_the_string() =>
        AssertError(With("z = \"b + z*(x - c)\"", "z = \"b + z*(x - c\""), "z = \"b + z*(x", "(", "unbalanced parenthesis");

    [Fact]
    public void Trailing_input_is_an_error() =>
        AssertError(With("x = \"-y - z\"", "x = \"-y - z z\""), "x = \"-y - z z", "z\"", "unexpected 'z'");

    [Fact]
    public void A_state_without_equation_is_an_error() =>
        AssertError(With("z = \"b + z*(x - c)\"", ""), "[equations]", "[", "missing equation for state 'z'", "add z = ");

    [Fact]
    public void An_equation_for_a_non_state_is_an_error() =>
        AssertError(With("z = \"b + z*(x - c)\"", "z = \"b + z*(x - c)\"\nw = \"x\""), "w = \"x\"", "w", "equation for 'w', which is not a state");

    [Fact]
    public void Noise_for_a_non_state_is_an_error() =>
        AssertError(With("x = \"kappa\"", "q = \"kappa\""), "q = \"kappa\"", "q", "noise for 'q', which is not a state");

    [Fact]
    public void A_parameter_named_like_a_state_is_a_duplicate() =>
        AssertError(With("kappa = {", "x = {"), "x = { default", "x", "duplicate name 'x'", "state at 6:1", "rename one");

    [Theory]
    [InlineData("t", "clashes with the built-in 't'")]
    [InlineData("pi", "clashes with the built-in 'pi'")]
    [InlineData("exp", "clashes with the function exp()")]
    [InlineData("order", "clashes with the output variable 'order'")]
    [InlineData("2k", "not a valid parameter name")]
    public void A_parameter_name_may_not_clash_with_built_ins(string name, string fragment) =>
        AssertError(With("kappa = {", $"{name} = {{").Replace("x = \"kappa\"", "x = \"1\""), $"{name} = {{", name, fragment);

    [Fact]
    public void An_observable_may_not_use_an_output_prefix() =>
        AssertError(With("radius = ", "mean_r = "), "mean_r", "mean_r", "starts with 'mean_'");

    [Fact]
    public void Min_above_max_is_a_bad_range() =>
        AssertError(With("c = { default = 5.7, min = 0.0, max = 20.0 }", "c = { default = 5.7, min = 30.0, max = 20.0 }"),
            "c = { default", "30.0", "bad range of c: min 30 > max 20", "swap");

    [Fact]
    public void A_default_outside_the_range_is_an_error() =>
        AssertError(With("c = { default = 5.7,", "c = { default = 25.7,"), "c = { default", "25.7", "default 25.7 of c is outside [0, 20]");

    [Fact]
    public void A_non_finite_bound_is_an_error() =>
        AssertError(With("max = 20.0 }", "max = inf }"), "c = { default", "inf", "not a finite number");

    [Fact]
    public void A_comparison_outside_ifelse_is_an_error() =>
        AssertError(With("x = \"-y - z\"", "x = \"y > z\""), "x = \"y > z", ">", "comparison '>' outside ifelse");

    [Fact]
    public void Wrong_arity_names_the_function() =>
        AssertError(With("radius = \"sqrt(x^2 + y^2)\"", "radius = \"sqrt(x^2, y^2)\""), "radius", "sqrt", "function 'sqrt' takes 1 argument, not 2");

    [Theory]
    [InlineData("System.Math.Exp(x)", ".", "member access 'System.'")]
    [InlineData("x.ToString()", ".", "member access 'x.'")]
    [InlineData("x; y", ";", "unexpected character ';'")]
    [InlineData("{ x }", "{", "unexpected character '{'")]
    [InlineData("foo(x)", "foo", "unknown function 'foo'")]
    [InlineData("expp(x)", "expp", "did you mean 'exp'?")]
    public void Anything_not_whitelisted_is_an_error(string expression, string at, string fragment) =>
        AssertError(With("x = \"-y - z\"", $"x = '{expression}'"), $"x = '{expression}", at, fragment);

    [Fact]
    public void A_quote_inside_an_expression_is_an_error_at_its_column() =>
        AssertError(With("x = \"-y - z\"", "x = \"-y - \\\"z\""), "x = \"-y - \\\"", "\\\"", "unexpected character '\"'");

    [Fact]
    public void Positions_inside_multi_line_strings_are_file_positions() =>
        AssertError(With("x = \"-y - z\"", "x = \"\"\"\n-y -\n  zz\"\"\""), "  zz", "zz", "unknown name 'zz'");

    [Theory]
    [InlineData("name = \"rossler\"\n", "missing required key 'name'")]
    [InlineData("[states]\n", "missing section [states]")]
    [InlineData("[parameters]\n", "missing section [parameters]")]
    [InlineData("[equations]\n", "missing section [equations]")]
    public void Missing_required_keys_are_errors(string removed, string fragment)
    {
        AssertError(removed.StartsWith('[') ? Remove(Valid, removed) : Valid.Replace(removed, ""), 1, 1, fragment);
    }

    [Fact]
    public void An_unknown_top_level_key_suggests_the_nearest() =>
        AssertError(With("order_parameter", "order_parametr"), "order_parametr", "order_parametr", "unknown key 'order_parametr'",
            "did you mean 'order_parameter'?");

    [Fact]
    public void An_unknown_section_suggests_the_nearest() =>
        AssertError(With("[equations]", "[equation]"), "[equation]", "[", "unknown section [equation]", "did you mean [equations]?");

    [Fact]
    public void An_unknown_key_inside_a_state_suggests_the_nearest() =>
        AssertError(With("y = { initial = 0.0 }", "y = { inital = 0.0 }"), "inital", "inital", "did you mean 'initial'?");

    [Fact]
    public void A_bad_model_name_is_an_error() =>
        AssertError(With("\"rossler\"", "\"Rossler\""), "name = ", "\"", "bad model name 'Rossler'", "lowercase");

    [Fact]
    public void More_than_sixteen_states_is_an_error()
    {
        var states = string.Join("\n", Enumerable.Range(0, 17).Select(i => $"u{i} = {{ initial = 0.0 }}"));
        var equations = string.Join("\n", Enumerable.Range(0, 17).Select(i => $"u{i} = \"0\""));
        AssertError($"name = \"big\"\n[states]\n{states}\n[parameters]\n[equations]\n{equations}\n", "u16 = { initial", "u16",
            "too many states (17)", "at most 16");
    }

    [Fact]
    public void More_than_sixteen_parameters_is_an_error()
    {
        var parameters = string.Join("\n", Enumerable.Range(0, 17).Select(i => $"k{i} = {{ default = 0.0, min = 0.0, max = 1.0 }}"));
        AssertError($"name = \"big\"\n[states]\nx = {{ initial = 0.0 }}\n[parameters]\n{parameters}\n[equations]\nx = \"k0\"\n",
            "k16 = {", "k16", "too many parameters (17)", "at most 16");
    }

    [Fact]
    public void More_observables_than_states_is_an_error() =>
        AssertError(With("radius = \"sqrt(x^2 + y^2)\"", "r1 = \"x\"\nr2 = \"y\"\nr3 = \"z\"\nr4 = \"x*y\""), "r4 = ", "r4",
            "too many observables (4) for 3 states", "state-sized vector");

    [Fact]
    public void An_observable_may_not_use_the_time() =>
        AssertError(With("radius = \"sqrt(x^2 + y^2)\"", "radius = \"x*t\""), "radius = ", "t\"", "the time 't' may not appear in observable radius");

    [Fact]
    public void The_order_scale_may_use_parameters_only() =>
        AssertError(With("order_parameter = \"x\"", "order_parameter = \"x\"\norder_scale = \"sqrt(c*x)\""), "order_scale", "x)",
            "state 'x' may not appear in order_scale", "parameters only");

    [Fact]
    public void An_order_parameter_that_is_no_state_is_an_error() =>
        AssertError(With("order_parameter = \"x\"", "order_parameter = \"xx\""), "order_parameter", "\"xx", "order_parameter 'xx' is not a state");

    [Fact]
    public void An_unreadable_file_is_a_usage_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.toml");
        var error = Assert.Throws<UsageException>(() => ModelFile.Load(path));
        AssertOneLine(error, path, 1, 1, "cannot read the model file", "check the path");
    }

    private static string Remove(string text, string header)
    {
        int start = text.IndexOf(header, StringComparison.Ordinal);
        int end = text.IndexOf("\n[", start + 1, StringComparison.Ordinal);
        return text[..start] + (end < 0 ? "" : text[(end + 1)..]);
    }
}
