using System.Diagnostics;
using System.Text.Json;
using ClusterGpu.Errors;
using ClusterGpu.Storage;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Sensitivity;

/// <summary>The global sensitivity methods.</summary>
public enum SensitivityMethod
{
    /// <summary>Sobol' variance-based indices from a Saltelli design (first, total and optionally second order).</summary>
    Sobol,
    /// <summary>Morris elementary effects (μ, μ*, σ): cheap screening.</summary>
    Morris,
}

/// <summary>Settings of an analysis: method, base size N (Sobol', a power of two) or trajectories r (Morris), bootstrap, seed.</summary>
public sealed record SensitivitySettings(
    SensitivityMethod Method,
    int Samples,
    bool SecondOrder = false,
    int Resamples = 100,
    double ConfidenceLevel = 0.95,
    ulong Seed = 42,
    int Levels = 4,
    int? SpreadCandidates = null)
{
    /// <summary>Throws a <see cref="UsageException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Samples <= 0) throw new UsageException("--samples must be a positive integer (Sobol': base size N; Morris: trajectories r).");
        if (Resamples < 2) throw new UsageException("--bootstrap must be at least 2 resamples (e.g. 100).");
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) throw new UsageException("--confidence must lie in (0, 1), e.g. 0.95.");
        if (Method == SensitivityMethod.Morris && (Levels < 2 || Levels % 2 != 0)) throw new UsageException("--levels must be an even number ≥ 2 (e.g. 4).");
        if (SpreadCandidates is { } m && m < Samples) throw new UsageException("--spread must be at least --samples (candidate trajectories to choose from).");
        if (Method == SensitivityMethod.Morris && SecondOrder) throw new UsageException("--second-order applies to --method sobol only.");
    }
}

/// <summary>Indices of every observable, and how they were obtained.</summary>
public sealed record SensitivityReport(
    string Model,
    SensitivitySettings Settings,
    IReadOnlyList<InputDistribution> Inputs,
    IReadOnlyList<string> Observables,
    SobolIndices[]? Sobol,
    MorrisIndices[]? Morris,
    int BaseSize,
    long Evaluations,
    long FailedEvaluations,
    double Seconds,
    string Where)
{
    /// <summary>The text of the model file the target was compiled from; null for built-in models and algebraic functions.</summary>
    public string? ModelSource { get; init; }
}

/// <summary>
/// Runs a global sensitivity analysis in one process: builds the <see cref="SensitivityDesign"/> (Saltelli or Morris,
/// mapped to the input distributions), evaluates every point as ONE ensemble on the target, and estimates the indices.
/// </summary>
public static class SensitivityAnalysis
{
    /// <summary>The analysis of <paramref name="observables"/> of <paramref name="target"/> over <paramref name="inputs"/>, the other parameters fixed by <paramref name="set"/> or their defaults.</summary>
    /// <exception cref="UsageException">An invalid setting, input or observable.</exception>
    public static SensitivityReport Run(SensitivityTarget target, IReadOnlyList<InputDistribution> inputs, IReadOnlyDictionary<string, double> set,
        IReadOnlyList<string> observables, SensitivitySettings settings, IProgress<long>? progress = null)
    {
        var design = new SensitivityDesign(target.Name, settings, inputs, set, observables);
        target.CheckObservables(observables);
        var clock = Stopwatch.StartNew();
        var outputs = target.Evaluate(design.Varied, design.Values(), (int)design.Rows, set, observables, progress);
        return design.Report(outputs, clock.Elapsed.TotalSeconds, target.Where, target.ModelSource);
    }

    /// <summary>
    /// The report as a labelled dataset: dimensions <c>parameter</c> and <c>observable</c> whose coordinates are the names
    /// (<c>ds.S1.sel(parameter="e0", observable="order")</c>), also listed in their <c>names</c> attributes for older readers.
    /// </summary>
    public static LabelledDataset Dataset(SensitivityReport report, string commandLine)
    {
        int k = report.Inputs.Count, m = report.Observables.Count;
        var data = new LabelledDataset()
            .AddCoordinate("parameter", report.Inputs.Select(i => i.Parameter).ToArray(),
                new Dictionary<string, object> { ["long_name"] = "varied input", ["names"] = string.Join(" ", report.Inputs.Select(i => i.Parameter)) })
            .AddCoordinate("observable", report.Observables.ToArray(),
                new Dictionary<string, object> { ["long_name"] = "analysed output", ["names"] = string.Join(" ", report.Observables) });
        void Add(string name, string description, Func<int, int, double> value) =>
            data.AddVariable(name, ["parameter", "observable"],
                Enumerable.Range(0, k).SelectMany(i => Enumerable.Range(0, m).Select(o => value(i, o))).ToArray(),
                new Dictionary<string, object> { ["long_name"] = description });
        if (report.Sobol is { } sobol)
        {
            Add("S1", "first-order Sobol' index (Saltelli 2010)", (i, o) => sobol[o].S1[i]);
            Add("S1_conf", "bootstrap confidence half-width of S1", (i, o) => sobol[o].S1Conf[i]);
            Add("ST", "total-order Sobol' index (Jansen 1999)", (i, o) => sobol[o].ST[i]);
            Add("ST_conf", "bootstrap confidence half-width of ST", (i, o) => sobol[o].STConf[i]);
            if (report.Settings.SecondOrder)
            {
                data.AddCoordinate("parameter_b", report.Inputs.Select(i => i.Parameter).ToArray(),
                    new Dictionary<string, object> { ["long_name"] = "second varied input", ["names"] = string.Join(" ", report.Inputs.Select(i => i.Parameter)) });
                foreach (var (name, pick, description) in new (string, Func<SobolIndices, double[,]?>, string)[]
                {
                    ("S2", s => s.S2, "second-order Sobol' index (Saltelli 2002), upper triangle; NaN elsewhere"),
                    ("S2_conf", s => s.S2Conf, "bootstrap confidence half-width of S2"),
                })
                    data.AddVariable(name, ["parameter", "parameter_b", "observable"],
                        Enumerable.Range(0, k).SelectMany(i => Enumerable.Range(0, k).SelectMany(j => Enumerable.Range(0, m).Select(o => pick(sobol[o])![i, j]))).ToArray(),
                        new Dictionary<string, object> { ["long_name"] = description });
            }
        }
        if (report.Morris is { } morris)
        {
            Add("mu", "mean elementary effect (Morris 1991)", (i, o) => morris[o].Mu[i]);
            Add("mu_star", "mean absolute elementary effect (Campolongo 2007)", (i, o) => morris[o].MuStar[i]);
            Add("mu_star_conf", "bootstrap confidence half-width of mu_star", (i, o) => morris[o].MuStarConfidence[i]);
            Add("sigma", "standard deviation of the elementary effects", (i, o) => morris[o].Sigma[i]);
        }
        data.SetAttribute("model", report.Model);
        data.SetAttribute("method", report.Settings.Method.ToString().ToLowerInvariant());
        data.SetAttribute("samples", report.Settings.Samples);
        data.SetAttribute("evaluations", report.Evaluations);
        data.SetAttribute("failed_evaluations", report.FailedEvaluations);
        data.SetAttribute("seed", (long)report.Settings.Seed);
        data.SetAttribute("bootstrap_resamples", report.Settings.Resamples);
        data.SetAttribute("confidence_level", report.Settings.ConfidenceLevel);
        data.SetAttribute("wall_time_s", report.Seconds);
        data.SetAttribute("clustergpu_version", SweepDataset.Version);
        data.Provenance = JsonSerializer.Serialize(new
        {
            clustergpu_version = SweepDataset.Version,
            command_line = commandLine,
            created_utc = DateTime.UtcNow.ToString("O"),
            model = report.Model,
            model_source = report.ModelSource,
            method = report.Settings.Method.ToString().ToLowerInvariant(),
            settings = report.Settings,
            base_size = report.BaseSize,
            inputs = report.Inputs.Select(i => i.Describe()),
            observables = report.Observables,
            evaluations = report.Evaluations,
            failed_evaluations = report.FailedEvaluations,
            evaluated_on = report.Where,
            wall_time_s = report.Seconds,
        }, new JsonSerializerOptions { WriteIndented = true });
        return data;
    }
}
