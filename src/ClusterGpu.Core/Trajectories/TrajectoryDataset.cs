using System.Text.Json;
using ClusterGpu.Models;
using ClusterGpu.Points;
using ClusterGpu.Solving;
using ClusterGpu.Storage;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Trajectories;

/// <summary>
/// The labelled-dataset layout of saved trajectories (xarray: <c>open_dataset(path, engine="h5netcdf")</c>): on a
/// shared grid a <c>time</c> coordinate and one variable per state named after it over (<c>point</c>, <c>time</c>), or
/// (<c>time</c>) for one trajectory; saving every step of an adaptive method a <c>step</c> coordinate instead and
/// <c>time</c> a variable over (<c>point</c>, <c>step</c>) padded with NaN. Initial values <c>ic_&lt;state&gt;</c>,
/// <c>status</c> and <c>steps</c> per point (attributes for one point); parameters as <c>param_&lt;name&gt;</c> attributes;
/// provenance JSON as for sweeps (command line, arguments, model with a model file's text, settings, backend).
/// The trajectories of a points file (one per row) lie along <c>sample</c> instead of <c>point</c>, with the file's
/// parameter columns as variables over it and its other columns carried as coordinates, as in a sweep's file.
/// </summary>
public static class TrajectoryDataset
{
    /// <summary>Outcome names, by status code.</summary>
    public static readonly string[] StatusNames = ["success", "max_steps_reached", "step_size_underflow", "non_finite"];

    /// <summary>The names a trajectory file gives its dimensions and variables besides a points file's columns (<see cref="PointSet.CheckCarried"/>).</summary>
    public static IEnumerable<string> TakenNames(ModelHandle model) =>
        model.Info.States.SelectMany(s => new[] { s.Name, $"ic_{s.Name}" }).Concat(["time", "step", "point", "sample", "status", "steps", LabelledDataset.ProvenanceName]);

    /// <summary>
    /// The dataset of <paramref name="recording"/> of <paramref name="model"/> at <paramref name="parameters"/> (model
    /// order; for a points file, the values of the parameters it does not set) from <paramref name="initialStates"/>
    /// (one per trajectory); <paramref name="points"/>: the points file whose rows the trajectories are, or null.
    /// </summary>
    public static LabelledDataset Build(Recording recording, ModelHandle model, double[] parameters, IReadOnlyList<double[]> initialStates,
        IntegrationSettings settings, SaveAt saveAt, RunRecord record, string? source, PointSet? points = null)
    {
        var info = model.Info;
        var data = new LabelledDataset();
        bool several = recording.Count > 1 || points is not null;
        string[] point = several ? [points is null ? "point" : "sample"] : [];
        if (several)
            data.AddCoordinate(point[0], Enumerable.Range(0, recording.Count).Select(i => (double)i).ToArray(),
                Attributes(("long_name", points is null ? "trajectory index" : "row of the points file")));
        var shared = saveAt.Times(settings);
        string axis = shared is not null ? "time" : "step";
        if (shared is not null) data.AddCoordinate("time", shared, Attributes(("long_name", "time"), ("units", "model time units")));
        else
        {
            data.AddCoordinate("step", Enumerable.Range(0, recording.Samples).Select(i => (double)i).ToArray(), Attributes(("long_name", "accepted step index (0: the initial state)")));
            data.AddVariable("time", [.. point, "step"], recording.Times, Attributes(("long_name", "time after each accepted step (NaN past the end)")));
        }
        for (int c = 0; c < info.States.Count; c++)
        {
            var values = new double[(long)recording.Count * recording.Samples];
            for (int i = 0; i < recording.Count; i++)
                for (int k = 0; k < recording.Samples; k++) values[(long)i * recording.Samples + k] = recording.Value(i, k, c);
            data.AddVariable(info.States[c].Name, [.. point, axis], values, Attributes(("long_name", info.States[c].Meaning)));
        }
        if (several)
        {
            for (int c = 0; c < info.States.Count; c++)
                data.AddVariable($"ic_{info.States[c].Name}", point, initialStates.Select(y => y[c]).ToArray(), Attributes(("long_name", $"initial {info.States[c].Name}")));
            data.AddVariable("status", point, recording.Status, SweepDataset.FlagAttributes("outcome of the integration", StatusNames));
            data.AddVariable("steps", point, recording.Steps.Select(v => (int)Math.Min(int.MaxValue, v)).ToArray(), Attributes(("long_name", "accepted steps")));
        }
        if (points is not null)
        {
            foreach (var (index, values) in points.Parameters)
                data.AddVariable(info.Parameters[index].Name, point, values, Attributes(("long_name", info.Parameters[index].Meaning)));
            points.AddCarried(data, point[0]);
        }
        else
        {
            for (int c = 0; c < info.States.Count; c++) data.SetAttribute($"ic_{info.States[c].Name}", initialStates[0][c]);
            data.SetAttribute("status", StatusNames[recording.Status[0]]);
            data.SetAttribute("steps", recording.Steps[0]);
        }
        data.SetAttribute("title", $"ClusterGpu trajectory of {info.Name}");
        data.SetAttribute("model", info.Name);
        data.SetAttribute("method", settings.MethodName);
        data.SetAttribute("precision", settings.Precision.ToString().ToLowerInvariant());
        data.SetAttribute("backend", record.Backend);
        data.SetAttribute("device", record.Device);
        data.SetAttribute("t0", settings.T0);
        data.SetAttribute("t_end", settings.TEnd);
        data.SetAttribute("saveat", saveAt.ToString());
        if (settings.IsFixedStep) data.SetAttribute("dt", settings.Dt);
        else
        {
            data.SetAttribute("rtol", settings.RelativeTolerance);
            data.SetAttribute("atol", settings.AbsoluteTolerance);
        }
        if (settings.IsStochastic) data.SetAttribute("noise_seed", (long)settings.Seed);
        data.SetAttribute("clustergpu_version", SweepDataset.Version);
        var varied = points?.Parameters.Select(p => p.Index).ToHashSet() ?? [];
        for (int j = 0; j < info.Parameters.Count; j++)
            if (!varied.Contains(j)) data.SetAttribute($"param_{info.Parameters[j].Name}", parameters[j]);
        data.Provenance = JsonSerializer.Serialize(new
        {
            clustergpu_version = SweepDataset.Version,
            command_line = record.CommandLine,
            arguments = record.Arguments,
            created_utc = DateTime.UtcNow.ToString("O"),
            from_file = source,
            model = new { name = info.Name, equations = info.Equations, summary = info.Summary, file = model.SourcePath, source = model.SourceText },
            parameters = info.Parameters.Select((p, j) => new { name = p.Name, value = parameters[j] }).Where(p => !varied.Contains(info.ParameterIndex(p.name))),
            points = points?.ProvenanceRecord,
            initial_conditions = initialStates.Select(y => info.States.Select((s, j) => new { state = s.Name, value = y[j] })),
            integration = settings.Describe(),
            method = settings.MethodName,
            saveat = saveAt.ToString(),
            t0 = settings.T0,
            t_end = settings.TEnd,
            noise_seed = settings.IsStochastic ? settings.Seed : (ulong?)null,
            backend = record.Backend,
            device = record.Device,
        }, new JsonSerializerOptions { WriteIndented = true });
        return data;
    }

    private static Dictionary<string, object> Attributes(params (string Key, object Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
