using System.Globalization;
using System.Reflection;
using System.Text.Json;
using ClusterGpu.Solving;
using ClusterGpu.Storage;

namespace ClusterGpu.Sweeps;

/// <summary>
/// The labelled-dataset schema of a sweep (xarray/netCDF model): grid axes become coordinates named after their
/// parameters (first axis slowest), a sampled run gets a <c>sample</c> dimension with the parameter values as
/// variables, several initial conditions add an <c>ic</c> dimension; the observables are declared for streaming;
/// provenance records every setting needed to reproduce the run.
/// </summary>
public static class SweepDataset
{
    /// <summary>The ClusterGpu version written into every file.</summary>
    public static string Version => typeof(SweepDataset).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>Trailing dimension of the variables kept per realisation (<c>--keep-realizations</c>).</summary>
    public const string RealizationDimension = "realization";

    /// <summary>Dimension of the one-element variable <c>wall_time_s</c>, written when the run ends.</summary>
    public const string RunDimension = "run";

    /// <summary>Dimensions of the per-row variables (slowest first; row = point and initial condition), and of the per-point ones.</summary>
    public static (string[] Row, string[] Point) Dimensions(ParameterSpace space)
    {
        string[] point = space.IsSampled ? ["sample"] : space.Axes.Select(a => a.Parameter).ToArray();
        return (space.InitialConditions.Count > 1 ? [.. point, "ic"] : point, point);
    }

    /// <summary>
    /// The names a sweep's file gives its dimensions and variables besides those of a points file's columns
    /// (<see cref="Points.PointSet.CheckCarried"/> keeps carried columns off them).
    /// </summary>
    public static IEnumerable<string> TakenNames(ParameterSpace space, IReadOnlyList<SweepVariableInfo> variables) =>
        variables.Select(v => v.Name).Concat(space.Model.Info.States.Select(s => $"ic_{s.Name}"))
            .Concat(["sample", "ic", "row", "point", RealizationDimension, RunDimension, "wall_time_s", "multistable", LabelledDataset.ProvenanceName]);

    /// <summary>The <see cref="Points.PointsTable.Provenance"/> of a <c>--points</c> run's file, from the run's provenance <paramref name="root"/>; null for none.</summary>
    public static string? PointsProvenance(JsonElement root) =>
        root.TryGetProperty("points", out var points) && points.ValueKind == JsonValueKind.Object
        && points.TryGetProperty("provenance", out var text) && text.ValueKind == JsonValueKind.String
            ? text.GetString() : null;

    /// <summary>Shapes matching <see cref="Dimensions"/>.</summary>
    public static (long[] Row, long[] Point) Shapes(ParameterSpace space)
    {
        long[] point = space.IsSampled ? [space.SampleCount] : space.Axes.Select(a => (long)a.Count).ToArray();
        return (space.InitialConditions.Count > 1 ? [.. point, space.InitialConditions.Count] : point, point);
    }

    /// <summary>
    /// The schema of the run's file, or of one shard's (per-row variables over a global <c>row</c> index,
    /// per-point ones over <c>point</c>, with the shard's place in attributes); <paramref name="record"/> goes into the provenance.
    /// </summary>
    public static LabelledDataset Schema(ParameterSpace space, IReadOnlyList<SweepVariableInfo> variables, IntegrationSettings settings,
        Observation observation, RegimeRules rules, RunRecord record, Shard? shard = null)
    {
        var data = Frame(space, settings, observation, rules, record);
        var (rowDims, pointDims) = Dimensions(space);
        if (shard is not null)
        {
            int k = space.InitialConditions.Count;
            data.AddCoordinate("row", Enumerable.Range(shard.Range.First, shard.Range.Count).Select(i => (double)i).ToArray(),
                Attributes(("long_name", "global row index point·K + ic of the full run")));
            data.AddCoordinate("point", Enumerable.Range(shard.Range.First / k, shard.Range.Count / k).Select(i => (double)i).ToArray(),
                Attributes(("long_name", "global point index of the full run")));
            (rowDims, pointDims) = (["row"], ["point"]);
            data.SetAttribute("shard_index", shard.Index);
            data.SetAttribute("shard_count", shard.Count);
            data.SetAttribute("shard_first_row", shard.Range.First);
            data.SetAttribute("shard_rows", shard.Range.Count);
            data.SetAttribute("total_rows", space.RowCount);
        }
        foreach (var variable in variables)
            data.DeclareVariable(variable.Name, variable.PerRow == 1 ? rowDims : [.. rowDims, RealizationDimension], variable.ElementType, VariableAttributes(variable));
        if (space.InitialConditions.Count > 1)
            data.DeclareVariable("multistable", pointDims, typeof(byte), FlagAttributes("1 where the initial conditions end in different regimes", ["single", "multistable"]));
        data.AddCoordinate(RunDimension, [0.0], Attributes(("long_name", "the run (one element)")));
        data.DeclareVariable("wall_time_s", [RunDimension], typeof(double), Attributes(("long_name", "wall time of the integration, seconds")));
        return data;
    }

    /// <summary><c>long_name</c> of a sweep variable, with <c>flag_values</c> and <c>flag_meanings</c> for <c>regime</c> and <c>status</c>.</summary>
    public static Dictionary<string, object> VariableAttributes(SweepVariableInfo variable) => variable.Name switch
    {
        "regime" => FlagAttributes(variable.Description, RegimeRules.Names),
        "status" => FlagAttributes(variable.Description, ["success", "max_steps_reached", "step_size_underflow", "non_finite"]),
        _ => Attributes(("long_name", variable.Description)),
    };

    /// <summary>Attributes of a categorical byte variable (CF flags): code i means <paramref name="meanings"/>[i].</summary>
    public static Dictionary<string, object> FlagAttributes(string description, IReadOnlyList<string> meanings) => Attributes(
        ("long_name", description), ("flag_values", Enumerable.Range(0, meanings.Count).ToArray()), ("flag_meanings", string.Join(" ", meanings)));

    /// <summary>
    /// Everything of a sweep's file but its result variables: the coordinates (and the <c>ic_*</c> and sampled-parameter
    /// variables), global attributes and provenance; <see cref="Schema"/> adds the variables, and files derived from a
    /// sweep (stability maps) add their own over <see cref="Dimensions"/>.
    /// </summary>
    public static LabelledDataset Frame(ParameterSpace space, IntegrationSettings settings, Observation observation, RegimeRules rules, RunRecord record)
    {
        string backend = record.Backend, device = record.Device;
        var info = space.Model.Info;
        var data = new LabelledDataset();
        if (space.IsSampled)
        {
            data.AddCoordinate("sample", Enumerable.Range(0, space.SampleCount).Select(i => (double)i).ToArray(),
                Attributes(("long_name", "sample index")));
        }
        else
        {
            for (int a = 0; a < space.Axes.Count; a++)
            {
                var axis = space.Axes[a];
                var parameter = info.Parameters[info.ParameterIndex(axis.Parameter)];
                data.AddCoordinate(axis.Parameter, space.AxisValues(a),
                    Attributes(("long_name", parameter.Meaning), ("spacing", axis.Logarithmic ? "log" : "linear")));
            }
        }
        int k = space.InitialConditions.Count;
        if (k > 1)
        {
            data.AddCoordinate("ic", Enumerable.Range(0, k).Select(i => string.Join(",", info.States.Select((state, j) =>
                    string.Create(CultureInfo.InvariantCulture, $"{state.Name}={space.InitialConditions.State(i)[j]}")))).ToArray(),
                Attributes(("long_name", "initial condition (state=value,...); its values are also the ic_<state> variables")));
            for (int s = 0; s < info.States.Count; s++)
                data.AddVariable($"ic_{info.States[s].Name}", ["ic"], Enumerable.Range(0, k).Select(i => space.InitialConditions.State(i)[s]).ToArray(),
                    Attributes(("long_name", $"initial {info.States[s].Name} of each initial condition")));
        }
        if (space.KeptRealizationVariables.Count > 0)
            data.AddCoordinate(RealizationDimension, Enumerable.Range(0, space.Realizations).Select(i => (double)i).ToArray(),
                Attributes(("long_name", "noise realisation index k (trajectory row·R + k)")));
        if (space.IsSampled)
        {
            foreach (var range in space.Samples)
            {
                int index = info.ParameterIndex(range.Parameter);
                data.AddVariable(range.Parameter, ["sample"], Enumerable.Range(0, space.SampleCount).Select(i => space.PointParameters(i)[index]).ToArray(),
                    Attributes(("long_name", info.Parameters[index].Meaning)));
            }
        }
        if (space.PointsFile is { } file)
        {
            foreach (var (index, values) in file.States)
                data.AddVariable(info.States[index].Name, ["sample"], values, Attributes(("long_name", $"initial {info.States[index].Name} of each point (points file)")));
            file.AddCarried(data, "sample");
        }

        data.SetAttribute("title", $"ClusterGpu sweep of {info.Name}");
        data.SetAttribute("model", info.Name);
        data.SetAttribute("method", settings.MethodName);
        data.SetAttribute("precision", settings.Precision.ToString().ToLowerInvariant());
        data.SetAttribute("backend", backend);
        data.SetAttribute("device", device);
        data.SetAttribute("t0", settings.T0);
        data.SetAttribute("t_end", settings.TEnd);
        if (settings.IsFixedStep) data.SetAttribute("dt", settings.Dt);
        else
        {
            data.SetAttribute("rtol", settings.RelativeTolerance);
            data.SetAttribute("atol", settings.AbsoluteTolerance);
            data.SetAttribute("max_steps", settings.MaxSteps);
        }
        data.SetAttribute("window_fraction", observation.WindowFraction);
        data.SetAttribute("seed", (long)space.Seed);
        data.SetAttribute("realizations", space.Realizations);
        if (settings.IsStochastic) data.SetAttribute("noise_seed", (long)settings.Seed);
        data.SetAttribute("clustergpu_version", Version);
        data.SetAttribute("run_fingerprint", record.Fingerprint);
        var swept = space.Axes.Select(a => a.Parameter).Concat(space.Samples.Select(r => r.Parameter)).ToHashSet();
        for (int j = 0; j < info.Parameters.Count; j++)
            if (!swept.Contains(info.Parameters[j].Name)) data.SetAttribute($"param_{info.Parameters[j].Name}", space.FixedValues[j]);

        data.Provenance = JsonSerializer.Serialize(new
        {
            clustergpu_version = Version,
            command_line = record.CommandLine,
            arguments = record.Arguments,
            run_fingerprint = record.Fingerprint,
            created_utc = DateTime.UtcNow.ToString("O"),
            model = new { name = info.Name, equations = info.Equations, summary = info.Summary, file = space.Model.SourcePath, source = space.Model.SourceText },
            fixed_parameters = info.Parameters.Select((p, j) => new { name = p.Name, value = space.FixedValues[j] }).Where(p => !swept.Contains(p.name)),
            space = space.Describe(),
            points = space.PointsFile?.ProvenanceRecord,
            grid = space.Axes.Select(a => new { parameter = a.Parameter, start = a.Start, stop = a.Stop, count = a.Count, log = a.Logarithmic }),
            samples = space.Samples.Select(r => new { parameter = r.Parameter, low = r.Low, high = r.High, log = r.Logarithmic }),
            sample_count = space.SampleCount,
            realizations = space.Realizations,
            kept_realization_variables = space.KeptRealizationVariables,
            stored_variables = space.StoredVariables,
            sampler = space.IsSampled ? space.Sampler.ToString() : null,
            seed = space.Seed,
            initial_conditions = Enumerable.Range(0, k).Select(i => info.States.Select((s, j) => new { state = s.Name, value = space.InitialConditions.State(i)[j] })),
            integration = settings.Describe(),
            method = settings.MethodName,
            dt = settings.IsFixedStep ? settings.Dt : (double?)null,
            rtol = !settings.IsFixedStep ? settings.RelativeTolerance : (double?)null,
            atol = !settings.IsFixedStep ? settings.AbsoluteTolerance : (double?)null,
            max_steps = !settings.IsFixedStep ? settings.MaxSteps : (long?)null,
            t0 = settings.T0,
            t_end = settings.TEnd,
            precision = settings.Precision.ToString().ToLowerInvariant(),
            window_fraction = observation.WindowFraction,
            regime_rules = rules,
            backend,
            device,
        }, new JsonSerializerOptions { WriteIndented = true });
        return data;
    }

    private static Dictionary<string, object> Attributes(params (string Key, object Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
