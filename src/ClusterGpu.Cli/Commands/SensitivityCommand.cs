using System.CommandLine;
using System.Globalization;
using ClusterGpu.Backends;
using ClusterGpu.Errors;
using ClusterGpu.Outputs;
using ClusterGpu.Plots;
using ClusterGpu.Sensitivity;
using ClusterGpu.Storage;
using ClusterGpu.Sweeps;
using Spectre.Console;

namespace ClusterGpu.Cli.Commands;

/// <summary>
/// <c>clustergpu sensitivity</c>: Sobol' indices or Morris screening of any model observable, the whole design
/// evaluated as one ensemble; prints a table, writes labelled HDF5 and a bar chart.
/// </summary>
internal static class SensitivityCommand
{
    public static Command Create()
    {
        var model = new ModelOptions("Built-in model (ODE, or the algebraic test functions ishigami, sobol-g)");
        var method = new Option<string>("--method") { Description = "sobol or morris", DefaultValueFactory = _ => "sobol" };
        var vary = new Option<string[]>("--vary") { Description = "Varied input: name=lo:hi[:log] or name=normal:mean:sd[:lo:hi]; repeat" };
        var observable = new Option<string[]>("--observable") { Description = "Observable(s) to analyse, comma-separated or repeated (e.g. order,entropy)" };
        var samples = new Option<int>("--samples") { Description = "Sobol': base size N (rounded up to a power of two); Morris: trajectories r", DefaultValueFactory = _ => 1024 };
        var secondOrder = new Option<bool>("--second-order") { Description = "Also second-order Sobol' indices (design 2k+2 rows per base row)" };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for confidence intervals", DefaultValueFactory = _ => 100 };
        var confidence = new Option<double>("--confidence") { Description = "Confidence level of the intervals", DefaultValueFactory = _ => 0.95 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the design scrambling and the bootstrap", DefaultValueFactory = _ => 42UL };
        var levels = new Option<int>("--levels") { Description = "Morris grid levels p (even)", DefaultValueFactory = _ => 4 };
        var spread = new Option<int?>("--spread") { Description = "Morris: choose the r most spread of this many candidate trajectories" };
        var set = new Option<string[]>("--set") { Description = "Fix a parameter: name=value; repeat" };
        var integration = new IntegrationOptions("--integrator");
        var @out = new Option<string>("--out") { Description = "Output HDF5 file" };
        var designOut = new Option<string>("--design-out") { Description = "Write the design as a points file (.h5 or .csv) for 'sweep --points' instead of evaluating it; analyse the swept results with --from" };
        var from = new Option<string>("--from") { Description = "Analyse a sweep of a --design-out file (merged if sharded) instead of evaluating the design here" };
        var png = new Option<string>("--png") { Description = "Bar chart (PNG)" };
        var force = new Option<bool>("--force") { Description = "Overwrite existing output files" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar" };
        var config = new Option<string>("--config") { Description = "TOML file with the same settings" };
        var command = new Command("sensitivity", "Global sensitivity analysis (Sobol' indices or Morris screening) of model observables");
        foreach (var option in (Option[])[.. model.All, method, vary, observable, samples, secondOrder, bootstrap, confidence, seed, levels, spread, set, .. integration.All, @out, designOut, from, png, force, quiet, config])
            command.Options.Add(option);
        command.SetAction(parse => Program.Guard(() =>
        {
            bool overwrite = parse.GetValue(force);
            string? picture = parse.GetValue(png);
            if (parse.GetValue(designOut) is { } designPath)
            {
                if (parse.GetValue(from) is not null || parse.GetValue(@out) is not null || picture is not null)
                    throw new UsageException("--design-out only writes the design; give --out and --png to the later 'sensitivity --from results.h5'.");
                SweepOptions.CheckWritable(designPath, overwrite, "--design-out");
            }
            if (parse.GetValue(from) is { } results)
            {
                string[] analysisOnly = ["--vary", "--observable", "--set", "--model", "--model-file", "--samples", "--method", "--seed", "--second-order", "--levels", "--spread", "--bootstrap", "--confidence"];
                if (analysisOnly.FirstOrDefault(name => parse.GetResult(command.Options.First(o => o.Name == name)) is { Implicit: false }) is { } given)
                    throw new UsageException($"--from takes the design's settings from '{results}'; drop {given}.");
                var (evaluatedOutput, evaluatedPicture) = Outputs(parse.GetValue(@out), picture, overwrite);
                using var evaluatedClaim = OutputLock.Acquire(evaluatedOutput, Program.CommandLine);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var evaluated = EvaluatedDesign.Read(results);
                var design = evaluated.Design;
                Header(design, $"{design.Rows} evaluations read from {results} ({evaluated.Where})");
                Finish(design.Report(evaluated.Outputs, clock.Elapsed.TotalSeconds, evaluated.Where, evaluated.ModelSource), evaluatedOutput, evaluatedPicture);
                return 0;
            }
            var kind = parse.GetValue(method) switch
            {
                "sobol" => SensitivityMethod.Sobol,
                "morris" => SensitivityMethod.Morris,
                var other => throw new UsageException($"Unknown method '{other}'.{NearestName.Hint(other ?? "", ["sobol", "morris"])} Use sobol or morris."),
            };
            var settings = new SensitivitySettings(kind, parse.GetValue(samples), parse.GetValue(secondOrder), parse.GetValue(bootstrap),
                parse.GetValue(confidence), parse.GetValue(seed), parse.GetValue(levels), parse.GetValue(spread));
            settings.Validate();
            var integrationSettings = integration.Settings(parse);
            var observation = integration.Observation(parse);
            var rules = integration.Rules(parse, integrationSettings);
            string backendName = parse.GetValue(integration.Backend)!;
            Func<EnsembleBackend> backend = () => BackendFactory.Create(backendName);
            var target = model.BuiltInName(parse) is { } name && !model.HasFile(parse)
                ? SensitivityTarget.Find(name, backend, integrationSettings, observation, rules)
                : SensitivityTarget.ForModel(model.Resolve(parse), backend, integrationSettings, observation, rules);
            var inputs = (parse.GetValue(vary) ?? []).Select(v => InputDistribution.Parse(v, target.Parameters, target.Name)).ToArray();
            var fixedValues = Fixed(parse.GetValue(set) ?? [], target);
            var observables = (parse.GetValue(observable) ?? []).SelectMany(o => o.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
            target.CheckObservables(observables);
            var sensitivity = new SensitivityDesign(target.Name, settings, inputs, fixedValues, observables);
            if (kind == SensitivityMethod.Sobol && SobolSequence.RoundUpToPowerOfTwo(settings.Samples, out bool rounded) is var n && rounded)
                Console.Error.WriteLine($"warning: --samples {settings.Samples} is not a power of two; using N = {n} (Sobol' points balance only at powers of two).");
            if (parse.GetValue(designOut) is { } path)
            {
                if (!target.Sweepable)
                    throw new UsageException($"--design-out: {target.Name} is an algebraic test function evaluated in closed form, not a model 'sweep' can run; analyse it in one process (drop --design-out).");
                sensitivity.Table(path, Program.CommandLine).Write(path);
                string modelOption = model.HasFile(parse) ? $"--model-file {parse.GetValue(model.File)}" : $"--model {target.Name}";
                Console.WriteLine($"wrote {path}: {sensitivity.Rows} points of the {kind.ToString().ToLowerInvariant()} design ({string.Join(", ", sensitivity.Varied)}; seed {settings.Seed})");
                Console.WriteLine($"# evaluate: clustergpu sweep {modelOption} --points {path} [--method, --t-end, ... as here] --shard i/n --out part_i.h5; clustergpu merge part_*.h5 --out results.h5");
                Console.WriteLine($"# analyse:  clustergpu sensitivity --from results.h5 --out sa.h5 [--png sa.png]");
                return 0;
            }
            var (output, chart) = Outputs(parse.GetValue(@out), picture, overwrite);
            using var claim = OutputLock.Acquire(output, Program.CommandLine);
            Header(sensitivity, target.Where);
            var report = SensitivityAnalysis.Run(target, inputs, fixedValues, observables, settings);
            Finish(report, output, chart);
            return 0;
        }));
        return command;
    }

    /// <summary>The --out and --png paths, checked writable before any work.</summary>
    private static (string Output, string? Picture) Outputs(string? output, string? picture, bool force)
    {
        if (output is null) throw new UsageException("Give --out file.h5 for the indices.");
        SweepOptions.CheckWritable(output, force, "--out");
        if (picture is not null) SweepOptions.CheckWritable(picture, force, "--png");
        return (output, picture);
    }

    private static void Header(SensitivityDesign design, string where)
    {
        Console.WriteLine($"# clustergpu {SweepDataset.Version} sensitivity: model {design.Model}, method {design.Settings.Method.ToString().ToLowerInvariant()}, seed {design.Settings.Seed}");
        Console.WriteLine($"# inputs: {string.Join("; ", design.Inputs.Select(i => i.Describe()))}");
        if (design.Fixed.Count > 0) Console.WriteLine($"# fixed: {string.Join(", ", design.Fixed.Select(f => SweepOptions.Invariant($"{f.Key}={f.Value:G6}")))}");
        Console.WriteLine($"# observables: {string.Join(", ", design.Observables)}; bootstrap {design.Settings.Resamples} resamples, {design.Settings.ConfidenceLevel:G3} confidence");
        Console.WriteLine($"# evaluated on: {where}");
    }

    /// <summary>Prints the indices and writes the file and the chart: the end of a one-process run and of --from alike.</summary>
    private static void Finish(SensitivityReport report, string output, string? picture)
    {
        if (report.FailedEvaluations > 0)
            Console.WriteLine($"# warning: {report.FailedEvaluations} evaluations are NaN (failed or undefined); indices of affected observables are NaN");
        Print(report);
        Hdf5Writer.Write(SensitivityAnalysis.Dataset(report, Program.CommandLine), output);
        Console.WriteLine(SweepOptions.Invariant($"# {report.Evaluations} evaluations in {report.Seconds:F2} s"));
        Console.WriteLine($"wrote {output}");
        if (picture is not null)
        {
            SensitivityPlot.Render(report, picture);
            Console.WriteLine($"wrote {picture}");
        }
    }

    private static Dictionary<string, double> Fixed(IEnumerable<string> options, SensitivityTarget target)
    {
        var result = new Dictionary<string, double>();
        foreach (var text in options)
        {
            int eq = text.IndexOf('=');
            if (eq <= 0) throw new UsageException($"--set '{text}' is malformed; write name=value.");
            string name = text[..eq].Trim();
            var info = target.Parameters.FirstOrDefault(p => p.Name == name)
                ?? throw new UsageException($"Model '{target.Name}' has no parameter '{name}'.{NearestName.Hint(name, target.Parameters.Select(p => p.Name))}");
            if (!double.TryParse(text[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !info.Contains(value))
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--set '{text}': give a number in [{info.Min:G6}, {info.Max:G6}]."));
            result[name] = value;
        }
        return result;
    }

    private static void Print(SensitivityReport report)
    {
        var console = Program.Out();
        for (int o = 0; o < report.Observables.Count; o++)
        {
            var table = new Table().Title($"{report.Observables[o]}");
            string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
            if (report.Sobol is { } sobol)
            {
                table.AddColumns("input", "S1", "± S1", "ST", "± ST");
                for (int i = 0; i < report.Inputs.Count; i++)
                    table.AddRow(report.Inputs[i].Parameter, F(sobol[o].S1[i]), F(sobol[o].S1Conf[i]), F(sobol[o].ST[i]), F(sobol[o].STConf[i]));
            }
            else if (report.Morris is { } morris)
            {
                table.AddColumns("input", "mu", "mu*", "± mu*", "sigma");
                for (int i = 0; i < report.Inputs.Count; i++)
                    table.AddRow(report.Inputs[i].Parameter, F(morris[o].Mu[i]), F(morris[o].MuStar[i]), F(morris[o].MuStarConfidence[i]), F(morris[o].Sigma[i]));
            }
            console.Write(table);
        }
    }
}
