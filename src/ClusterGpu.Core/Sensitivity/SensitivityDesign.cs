using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterGpu.Errors;
using ClusterGpu.Points;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Sensitivity;

/// <summary>
/// What fixes a sensitivity analysis before anything is evaluated (model, method and settings, input distributions,
/// fixed parameters, observables), and the two halves of "design → values → indices" that every way of running it
/// shares: <see cref="Values"/>, the design's points mapped to the inputs in evaluation order, and <see cref="Report"/>,
/// the indices from the outputs at those points. <see cref="SensitivityAnalysis.Run"/> evaluates the values in one
/// process; on a cluster the values become a points file (<see cref="PointsTable"/>), ordinary sharded sweeps evaluate
/// it, and <see cref="EvaluatedDesign.Read"/> takes the merged outputs back.
/// </summary>
public sealed class SensitivityDesign
{
    /// <summary>The carried column of a design's points file that numbers its rows (0-based evaluation order).</summary>
    public const string RowColumn = "design_row";

    /// <summary>The provenance property that holds a design's settings.</summary>
    public const string ProvenanceKey = "sensitivity_design";

    private static readonly JsonSerializerOptions json = new() { Converters = { new JsonStringEnumConverter() } };
    private SaltelliDesign? saltelli;
    private MorrisDesign? morris;

    /// <summary>A design; checks the settings and that every input is varied once and not also fixed.</summary>
    /// <exception cref="UsageException">An invalid setting, no inputs, an input twice, or an input also fixed.</exception>
    public SensitivityDesign(string model, SensitivitySettings settings, IReadOnlyList<InputDistribution> inputs, IReadOnlyDictionary<string, double> fixedValues,
        IReadOnlyList<string> observables)
    {
        settings.Validate();
        if (inputs.Count == 0) throw new UsageException("Give at least one --vary input, e.g. --vary e0=0.1:5.");
        var duplicate = inputs.GroupBy(i => i.Parameter).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new UsageException($"--vary names '{duplicate.Key}' twice.");
        foreach (var name in fixedValues.Keys)
            if (inputs.Any(i => i.Parameter == name)) throw new UsageException($"'{name}' is both varied and fixed with --set; drop one of them.");
        (Model, Settings, Inputs, Fixed, Observables) = (model, settings, inputs, fixedValues, observables);
    }

    /// <summary>Model (or algebraic function) name.</summary>
    public string Model { get; }
    /// <summary>Method, N or r, bootstrap, confidence, seed, Morris levels.</summary>
    public SensitivitySettings Settings { get; }
    /// <summary>The varied inputs and their distributions, in column order.</summary>
    public IReadOnlyList<InputDistribution> Inputs { get; }
    /// <summary>Parameters fixed with <c>--set</c> (the others keep their defaults).</summary>
    public IReadOnlyDictionary<string, double> Fixed { get; }
    /// <summary>The analysed observables.</summary>
    public IReadOnlyList<string> Observables { get; }
    /// <summary>The names of the varied inputs, in column order.</summary>
    public string[] Varied => Inputs.Select(i => i.Parameter).ToArray();
    /// <summary>Sobol': the base size N (a power of two); Morris: 0.</summary>
    public int BaseSize => Settings.Method == SensitivityMethod.Sobol ? SobolSequence.RoundUpToPowerOfTwo(Settings.Samples, out _) : 0;

    /// <summary>Design rows, i.e. evaluations: N·(k + 2) (or N·(2k + 2)) for Sobol', r·(k + 1) for Morris.</summary>
    public long Rows => Settings.Method == SensitivityMethod.Sobol ? Saltelli().Rows : Morris().Points.Length;

    /// <summary>The design's points mapped to the input distributions: <see cref="Rows"/> × k, row-major, in evaluation order.</summary>
    public double[] Values()
    {
        int k = Inputs.Count;
        var unit = Settings.Method == SensitivityMethod.Sobol ? Saltelli().Points() : Morris().Points.SelectMany(row => row).ToArray();
        var values = new double[unit.Length];
        for (long i = 0; i < unit.Length / k; i++)
            for (int j = 0; j < k; j++) values[i * k + j] = Inputs[j].FromUnit(unit[i * k + j]);
        return values;
    }

    /// <summary>
    /// The indices from <paramref name="outputs"/> (<see cref="Rows"/> × observables, row-major, NaN for a failed
    /// evaluation), with how they were obtained.
    /// </summary>
    public SensitivityReport Report(double[] outputs, double seconds, string where, string? modelSource)
    {
        int m = Observables.Count;
        long failed = outputs.LongCount(double.IsNaN);
        if (Settings.Method == SensitivityMethod.Sobol)
        {
            var indices = SobolIndices.Analyze(Saltelli(), outputs, m,
                new SobolAnalysisOptions { Resamples = Settings.Resamples, ConfidenceLevel = Settings.ConfidenceLevel, Seed = Settings.Seed });
            return new(Model, Settings, Inputs, Observables, indices, null, BaseSize, Rows, failed, seconds, where) { ModelSource = modelSource };
        }
        var design = Morris();
        var perObservable = Enumerable.Range(0, m)
            .Select(o => (IReadOnlyList<double>)Enumerable.Range(0, design.Points.Length).Select(i => outputs[(long)i * m + o]).ToArray()).ToArray();
        var effects = MorrisAnalysis.Analyze(design, perObservable, Settings.Seed, Settings.Resamples, Settings.ConfidenceLevel);
        return new(Model, Settings, Inputs, Observables, null, effects, 0, design.Points.Length, failed, seconds, where) { ModelSource = modelSource };
    }

    /// <summary>
    /// The design as a points table for <c>sweep --points</c>: the carried column <see cref="RowColumn"/>, one column per
    /// varied input and one (constant) per fixed parameter, so that the sweep needs no <c>--set</c>; its provenance
    /// records the settings (<see cref="FromProvenance"/> reads them back).
    /// </summary>
    public PointsTable Table(string source, string commandLine)
    {
        int k = Inputs.Count;
        long rows = Rows;
        var values = Values();
        var columns = new List<PointsColumn> { new(RowColumn, Enumerable.Range(0, (int)rows).Select(i => (double)i).ToArray(), null) };
        columns.AddRange(Inputs.Select((input, j) => new PointsColumn(input.Parameter, Enumerable.Range(0, (int)rows).Select(i => values[(long)i * k + j]).ToArray(), null)));
        columns.AddRange(Fixed.Select(f => new PointsColumn(f.Key, Enumerable.Repeat(f.Value, (int)rows).ToArray(), null)));
        var provenance = new Dictionary<string, object>
        {
            ["clustergpu_version"] = SweepDataset.Version,
            ["command_line"] = commandLine,
            ["created_utc"] = DateTime.UtcNow.ToString("O"),
            [ProvenanceKey] = new Recorded(Model, Settings, [.. Inputs], new(Fixed), [.. Observables], rows),
        };
        return new PointsTable(source, columns) { Provenance = JsonSerializer.Serialize(provenance, json) };
    }

    /// <summary>The design whose settings <paramref name="provenance"/> (a design file's, see <see cref="Table"/>) records, or null if it records none.</summary>
    public static SensitivityDesign? FromProvenance(string? provenance)
    {
        if (provenance is null) return null;
        try
        {
            using var document = JsonDocument.Parse(provenance);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty(ProvenanceKey, out var element)) return null;
            var recorded = element.Deserialize<Recorded>(json);
            return recorded is null ? null : new(recorded.Model, recorded.Settings, recorded.Inputs, recorded.Fixed, recorded.Observables);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private SaltelliDesign Saltelli() => saltelli ??= new SaltelliDesign(Inputs.Count, BaseSize, Settings.SecondOrder, Settings.Seed);

    private MorrisDesign Morris() => morris ??= MorrisDesign.Generate(Inputs.Count, Settings.Samples, Settings.Seed, Settings.Levels, Settings.SpreadCandidates);

    /// <summary>The settings as a design file records them.</summary>
    private sealed record Recorded(string Model, SensitivitySettings Settings, InputDistribution[] Inputs, Dictionary<string, double> Fixed, string[] Observables, long Rows);
}
