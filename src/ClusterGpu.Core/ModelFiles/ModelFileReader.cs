using ClusterGpu.Errors;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Kernels.Numbers;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace ClusterGpu.ModelFiles;

/// <summary>
/// Reads the TOML text of a model file (Tomlyn's syntax tree, for positions) into a checked <see cref="ModelDefinition"/>.
/// Every problem is a one-line <see cref="UsageException"/> "<c>path:line:col: what is wrong; the fix</c>".
/// </summary>
internal sealed class ModelFileReader
{
    /// <summary>The most states a model may have (<c>Vec16</c>).</summary>
    public const int MaxStates = 16;

    private const string NameKey = "name", DescriptionKey = "description", OrderParameterKey = "order_parameter",
        OscillationStateKey = "oscillation_state", OrderScaleKey = "order_scale";

    private const string StatesSection = "states", ParametersSection = "parameters", EquationsSection = "equations",
        NoiseSection = "noise", ObservablesSection = "observables";

    private static readonly string[] TopLevelKeys = [NameKey, DescriptionKey, OrderParameterKey, OscillationStateKey, OrderScaleKey];
    private static readonly string[] Sections = [StatesSection, ParametersSection, EquationsSection, NoiseSection, ObservablesSection];

    private readonly string path;
    private readonly TomlText text;
    private readonly Dictionary<string, (string Kind, SourcePosition Position)> declared = [];

    private ModelFileReader(string path, string source) => (this.path, text) = (path, new TomlText(source));

    /// <summary>The model defined by the TOML <paramref name="source"/> of the file <paramref name="path"/>.</summary>
    public static ModelDefinition Read(string source, string path) => new ModelFileReader(path, source).Read(source);

    private ModelDefinition Read(string source)
    {
        var document = SyntaxParser.Parse(source, path);
        if (document.Diagnostics.Where(d => d.Kind == DiagnosticMessageKind.Error).MinBy(d => d.Span.Offset) is { } syntaxError)
            throw At(syntaxError.Span).Error(path, $"TOML syntax error: {syntaxError.Message}", "fix the TOML syntax (see https://toml.io)");

        var top = Entries(document.KeyValues, "the top level", TopLevelKeys, Sections);
        var sections = new Dictionary<string, TableSyntaxBase>();
        foreach (var table in document.Tables)
        {
            var name = table.Name is null ? "" : KeyText(table.Name);
            if (table is TableArraySyntax || !Sections.Contains(name))
                throw At(table.Span).Error(path, $"unknown section [{name}]",
                    NearestName.Suggest(name, Sections) is { } nearest ? $"did you mean [{nearest}]?"
                        : $"the sections are {string.Join(", ", Sections.Select(s => $"[{s}]"))}");
            sections[name] = table;
        }

        var modelName = RequiredString(top, NameKey, "name = \"my-model\"");
        if (!ModelNames.IsModelName(modelName.Value))
            throw At(modelName.Syntax.Span).Error(path, $"bad model name '{modelName.Value}'",
                "use lowercase letters, digits and single '-' between words, e.g. \"my-model\"");
        string description = top.TryGetValue(DescriptionKey, out var descriptionEntry) ? String(descriptionEntry, "description").Value : "";

        var states = ReadStates(Required(sections, StatesSection, "x = { initial = 1.0 }"));
        var parameters = ReadParameters(Required(sections, ParametersSection, "a = { default = 1.0, min = 0.0, max = 10.0 }"));
        var observableEntries = sections.TryGetValue(ObservablesSection, out var observablesTable)
            ? Entries(observablesTable.Items, "[observables]", null, null) : [];
        Declare(observableEntries, "observable");
        if (observableEntries.Count > states.Count)
            throw At(observableEntries.Values.ElementAt(states.Count).Span).Error(path,
                $"too many observables ({observableEntries.Count}) for {states.Count} state{(states.Count == 1 ? "" : "s")}",
                "the kernel folds observables into a state-sized vector, so there may be at most as many observables as states");

        var stateNames = states.Select(s => s.Name).ToArray();
        var parameterNames = parameters.Select(p => p.Name).ToArray();
        string[] dynamicScope = [.. stateNames, .. parameterNames, ModelNames.Time, ModelNames.Pi];
        var equationsTable = Required(sections, EquationsSection, "x = \"-a*x\"");
        var equations = PerState(equationsTable, "equation", stateNames, dynamicScope);
        foreach (var (state, equation) in stateNames.Zip(equations))
            if (equation is null)
                throw At(equationsTable.Span).Error(path, $"missing equation for state '{state}'", $"add {state} = \"...\" under [equations]");
        var noise = sections.TryGetValue(NoiseSection, out var noiseTable)
            ? PerState(noiseTable, "noise", stateNames, dynamicScope) : new ModelExpression?[states.Count];

        string[] observableScope = [.. stateNames, .. parameterNames, ModelNames.Pi];
        var observables = observableEntries.Select(o => new ObservableDefinition(o.Key,
            ParseExpression(o.Value, $"observable {o.Key}", observableScope,
                "observables are time means of functions of states and parameters (no t)"))).ToArray();

        var orderState = OptionalState(top, OrderParameterKey, stateNames) ?? stateNames[0];
        var oscillationState = OptionalState(top, OscillationStateKey, stateNames) ?? orderState;
        var orderScale = top.TryGetValue(OrderScaleKey, out var scaleEntry)
            ? ParseExpression(scaleEntry, "order_scale", [.. parameterNames, ModelNames.Pi], "order_scale is a function of parameters only")
            : null;

        return new ModelDefinition
        {
            Path = path, SourceText = source, Name = modelName.Value, Description = description,
            States = states, Parameters = parameters, Equations = equations.Select(e => e!).ToArray(), Noise = noise,
            Observables = observables, OrderState = orderState, OrderScale = orderScale, OscillationState = oscillationState,
        };
    }

    private List<StateInfo> ReadStates(TableSyntaxBase table)
    {
        var entries = Entries(table.Items, "[states]", null, null);
        if (entries.Count == 0)
            throw At(table.Span).Error(path, "[states] declares no state", "add at least one, e.g. x = { initial = 1.0 }");
        if (entries.Count > MaxStates)
            throw At(entries.Values.ElementAt(MaxStates).Span).Error(path, $"too many states ({entries.Count})",
                $"a model may have at most {MaxStates} states");
        Declare(entries, "state");
        return entries.Select(e =>
        {
            var fields = Fields(e.Value, $"state {e.Key}", ["initial", "description"], "{ initial = 1.0, description = \"...\" }");
            var initial = Number(RequiredField(fields, e.Value, "initial", $"state {e.Key}"), $"initial value of {e.Key}");
            return new StateInfo(e.Key, initial, OptionalDescription(fields, e.Key));
        }).ToList();
    }

    private List<ParameterInfo> ReadParameters(TableSyntaxBase table)
    {
        int capacity = ParameterBlock<F64>.Capacity;
        var entries = Entries(table.Items, "[parameters]", null, null);
        if (entries.Count > capacity)
            throw At(entries.Values.ElementAt(capacity).Span).Error(path, $"too many parameters ({entries.Count})",
                $"a model may have at most {capacity} parameters");
        Declare(entries, "parameter");
        return entries.Select(e =>
        {
            var fields = Fields(e.Value, $"parameter {e.Key}", ["default", "min", "max", "description"],
                "{ default = 1.0, min = 0.0, max = 10.0, description = \"...\" }");
            double Field(string field) => Number(RequiredField(fields, e.Value, field, $"parameter {e.Key}"), $"{field} of {e.Key}");
            double value = Field("default"), min = Field("min"), max = Field("max");
            if (min > max)
                throw At(fields["min"].Value!.Span).Error(path, $"bad range of {e.Key}: min {min} > max {max}", "swap min and max");
            if (value < min || value > max)
                throw At(fields["default"].Value!.Span).Error(path, $"default {value} of {e.Key} is outside [{min}, {max}]",
                    "choose a default inside the range or widen it");
            return new ParameterInfo(e.Key, value, min, max, OptionalDescription(fields, e.Key));
        }).ToList();
    }

    /// <summary>The expressions of a section keyed by state ([equations], [noise]), in state order; null for states without one.</summary>
    private ModelExpression?[] PerState(TableSyntaxBase table, string kind, string[] stateNames, string[] scope)
    {
        var result = new ModelExpression?[stateNames.Length];
        foreach (var (key, entry) in Entries(table.Items, $"[{Section(kind)}]", null, null))
        {
            int index = Array.IndexOf(stateNames, key);
            if (index < 0)
                throw At(entry.Key!.Span).Error(path, $"{kind} for '{key}', which is not a state",
                    ModelNames.DidYouMean(key, stateNames) ?? $"declare {key} under [states] or remove this {kind}");
            result[index] = ParseExpression(entry, $"{kind} for {key}", scope, "use states, parameters, t and pi");
        }
        return result;
    }

    private static string Section(string kind) => kind == "equation" ? EquationsSection : NoiseSection;

    /// <summary>Parses the string of <paramref name="entry"/>; names outside <paramref name="scope"/> are errors whose fix is <paramref name="rule"/>.</summary>
    private ModelExpression ParseExpression(KeyValueSyntax entry, string context, string[] scope, string rule)
    {
        var (value, syntax) = String(entry, context);
        var (positions, end) = text.StringPositions(syntax.Span.Offset, value);
        var source = new ExpressionText(value, path, context, positions, end);
        var tree = ExpressionParser.Parse(source);
        foreach (var name in tree.Names())
            if (!scope.Contains(name.Name))
                throw declared.TryGetValue(name.Name, out var d) || name.Name == ModelNames.Time
                    ? source.Error(name.Position, $"{(d.Kind is null ? "the time 't'" : $"{d.Kind} '{name.Name}'")} may not appear in {context}", rule)
                    : source.Error(name.Position, $"unknown name '{name.Name}' in {context}", ExpressionFunctions.Arity.ContainsKey(name.Name)
                        ? $"{name.Name} is a function: call it as {name.Name}(...)"
                        : ModelNames.DidYouMean(name.Name, scope) ?? "declare it under [states] or [parameters]");
        return new ModelExpression(value, tree);
    }

    private void Declare(Dictionary<string, KeyValueSyntax> entries, string kind)
    {
        foreach (var (name, entry) in entries)
        {
            var position = At(entry.Key!.Span);
            if (ModelNames.Rejection(name, kind) is { } rejection) throw position.Error(path, rejection.Problem, rejection.Fix);
            if (declared.TryGetValue(name, out var earlier))
                throw position.Error(path, $"duplicate name '{name}': this {kind} has the name of the {earlier.Kind} at {earlier.Position}",
                    "rename one of them");
            declared[name] = (kind, position);
        }
    }

    private string? OptionalState(Dictionary<string, KeyValueSyntax> top, string key, string[] stateNames)
    {
        if (!top.TryGetValue(key, out var entry)) return null;
        var (value, syntax) = String(entry, key);
        if (!stateNames.Contains(value))
            throw At(syntax.Span).Error(path, $"{key} '{value}' is not a state",
                ModelNames.DidYouMean(value, stateNames) ?? $"use one of {string.Join(", ", stateNames)}");
        return value;
    }

    /// <summary>The entries of a table by key, in file order; with <paramref name="allowed"/>, unknown keys are errors.</summary>
    private Dictionary<string, KeyValueSyntax> Entries(IEnumerable<KeyValueSyntax> items, string where, string[]? allowed, string[]? sections)
    {
        var entries = new Dictionary<string, KeyValueSyntax>();
        foreach (var item in items)
        {
            var key = KeyText(item.Key!);
            if (item.Key!.DotKeys.ChildrenCount > 0)
                throw At(item.Key.Span).Error(path, $"dotted key '{key}' in {where}", "write one plain key per line");
            if (allowed is not null && !allowed.Contains(key))
                throw At(item.Key.Span).Error(path, $"unknown key '{key}' in {where}", sections is not null && sections.Contains(key)
                    ? $"write it as a section [{key}]"
                    : ModelNames.DidYouMean(key, allowed) ?? $"the keys are {string.Join(", ", allowed)}");
            entries[key] = item;
        }
        return entries;
    }

    private Dictionary<string, KeyValueSyntax> Fields(KeyValueSyntax entry, string what, string[] allowed, string example)
    {
        if (entry.Value is not InlineTableSyntax table)
            throw At(entry.Value!.Span).Error(path, $"{what} is not an inline table", $"write {KeyText(entry.Key!)} = {example}");
        return Entries(table.Items.Select(i => i.KeyValue!), what, allowed, null);
    }

    private KeyValueSyntax RequiredField(Dictionary<string, KeyValueSyntax> fields, KeyValueSyntax entry, string field, string what) =>
        fields.TryGetValue(field, out var value) ? value
            : throw At(entry.Value!.Span).Error(path, $"{what} has no '{field}'", $"add {field} = ... inside the braces");

    private string OptionalDescription(Dictionary<string, KeyValueSyntax> fields, string name) =>
        fields.TryGetValue("description", out var d) ? String(d, $"description of {name}").Value : "";

    private (string Value, StringValueSyntax Syntax) RequiredString(Dictionary<string, KeyValueSyntax> top, string key, string example) =>
        top.TryGetValue(key, out var entry) ? String(entry, key)
            : throw new SourcePosition(1, 1).Error(path, $"missing required key '{key}'", $"add {example} at the top of the file");

    private TableSyntaxBase Required(Dictionary<string, TableSyntaxBase> sections, string name, string example) =>
        sections.TryGetValue(name, out var table) ? table
            : throw new SourcePosition(1, 1).Error(path, $"missing section [{name}]",
                name == ParametersSection ? "add [parameters] (it may be empty)" : $"add [{name}] with entries such as {example}");

    private (string Value, StringValueSyntax Syntax) String(KeyValueSyntax entry, string what) =>
        entry.Value is StringValueSyntax { Value: { } value } syntax ? (value, syntax)
            : throw At(entry.Value!.Span).Error(path, $"{what} is not a string", $"write {KeyText(entry.Key!)} = \"...\"");

    private double Number(KeyValueSyntax entry, string what)
    {
        double value = entry.Value switch
        {
            FloatValueSyntax f => f.Value,
            IntegerValueSyntax i => i.Value,
            _ => throw At(entry.Value!.Span).Error(path, $"{what} is not a number", $"write {KeyText(entry.Key!)} = 1.0"),
        };
        return double.IsFinite(value) ? value
            : throw At(entry.Value.Span).Error(path, $"{what} is {value}, not a finite number", "use a finite number");
    }

    private static string KeyText(KeySyntax key) =>
        string.Join(".", key.DotKeys.Select(d => d.Key).Prepend(key.Key).Select(k => k switch
        {
            BareKeySyntax bare => bare.Key!.Text!,
            StringValueSyntax quoted => quoted.Value!,
            _ => k?.ToString()?.Trim() ?? "",
        }));

    private SourcePosition At(SourceSpan span) => text.At(span.Offset);
}
