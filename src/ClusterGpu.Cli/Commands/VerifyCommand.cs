using System.CommandLine;
using System.Globalization;
using ClusterGpu.Backends;
using ClusterGpu.Errors;
using ClusterGpu.ModelFiles;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using ClusterGpu.Verification;
using Spectre.Console;

namespace ClusterGpu.Cli.Commands;

/// <summary>
/// <c>clustergpu verify</c>: every chosen model (built in and from files) × method × precision solved on the first of
/// <c>--backends</c> and on each of the others, compared bit for bit (<see cref="BackendAgreement"/>). Prints the cases
/// that differ, writes every case as CSV on request, exits 0 when all agree and 1 when any differs, and prints
/// <c>verify_mismatches=&lt;n&gt;</c> as its last line.
/// </summary>
internal static class VerifyCommand
{
    /// <summary>Exit code when some case differs or fails.</summary>
    private const int Mismatch = 1;

    public static Command Create()
    {
        var backends = new Option<string>("--backends") { Description = "Comma-separated backends; the first is the reference, each other one is compared with it", DefaultValueFactory = _ => "cpu,ilgpu-cpu" };
        var models = new Option<string>("--models") { Description = "Comma-separated built-in models, 'all' or 'none'", DefaultValueFactory = _ => "all" };
        var files = new Option<string[]>("--model-file") { Description = "Model files to check as well (repeatable; several paths per option)", AllowMultipleArgumentsPerToken = true };
        var methods = new Option<string>("--methods") { Description = "Comma-separated methods (stochastic ones only on models with noise)", DefaultValueFactory = _ => "rk4,dopri5,rosenbrock23,euler-maruyama" };
        var precisions = new Option<string>("--precisions") { Description = "Comma-separated precisions", DefaultValueFactory = _ => "fp64,fp32" };
        var trajectories = new Option<int>("--trajectories") { Description = "Trajectories per case (parameters spread ±10 % around the defaults)", DefaultValueFactory = _ => 200 };
        var tEnd = new Option<double>("--t-end") { Description = "End time (rk4 and stochastic: dt 0.01; adaptive: rtol 1e-8, atol 1e-10 in fp64, 1e-5 and 1e-7 in fp32)", DefaultValueFactory = _ => 5.0 };
        var csv = new Option<string?>("--out-csv") { Description = "Write every case (entries compared, differing, first difference, time) as CSV here" };
        var command = new Command("verify", "Check that backends give the same bits: every model x method x precision against the first backend")
        {
            backends, models, files, methods, precisions, trajectories, tEnd, csv,
        };
        command.SetAction(parse => Program.Guard(() =>
        {
            var names = List(parse.GetValue(backends)!);
            if (names.Count < 2) throw new UsageException("--backends needs at least two backends: the reference and one to compare.");
            int count = parse.GetValue(trajectories);
            if (count <= 0) throw new UsageException("--trajectories must be a positive integer.");
            double end = parse.GetValue(tEnd);
            if (!(end > 0)) throw new UsageException("--t-end must be positive.");
            var cases = Cases(parse.GetValue(models)!, parse.GetValue(files) ?? [], List(parse.GetValue(methods)!).Select(CliOptions.ParseMethod).ToList(),
                List(parse.GetValue(precisions)!).Select(CliOptions.ParsePrecision).ToList());
            if (cases.Count == 0) throw new UsageException("Nothing to verify: give --models or --model-file.");
            return Run(names, cases, count, end, parse.GetValue(csv));
        }));
        return command;
    }

    private static List<string> List(string text) => [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct()];

    /// <summary>Every (model, method, precision) to check; model files are loaded (and compiled) here, so a broken one is a usage error before any run.</summary>
    private static List<AgreementCase> Cases(string modelList, string[] files, List<MethodKind> methods, List<Precision> precisions)
    {
        var handles = new List<(ModelHandle Model, string Source)>();
        if (modelList != "none")
            handles.AddRange((modelList == "all" ? ModelRegistry.All : List(modelList).Select(ModelRegistry.Find)).Select(m => (m, "built-in")));
        handles.AddRange(files.Select(f => (ModelFile.Load(f), f)));
        return [.. from h in handles
                   from method in BackendAgreement.MethodsFor(h.Model, methods)
                   from precision in precisions
                   select new AgreementCase(h.Model, h.Source, method, precision)];
    }

    private static int Run(List<string> names, List<AgreementCase> cases, int count, double tEnd, string? csv)
    {
        var engines = new List<EnsembleBackend>();
        try
        {
            foreach (string name in names) engines.Add(BackendFactory.Create(name));
            Console.WriteLine(FormattableString.Invariant(
                $"# clustergpu verify: {cases.Count} cases (model x method x precision), {count} spread trajectories each, t 0..{tEnd:G6}; every output entry compared bit for bit"));
            foreach (var engine in engines) Console.WriteLine($"# backend {engine.Name}{(engine == engines[0] ? " (reference)" : "")}: {engine.Device}");
            var outcomes = new List<AgreementOutcome>();
            foreach (var c in cases)
                foreach (var other in engines.Skip(1))
                {
                    var outcome = BackendAgreement.Compare(c, engines[0], other, count, tEnd);
                    Console.Error.WriteLine(FormattableString.Invariant(
                        $"# {outcome.Model} ({outcome.Source}) {outcome.Method} {outcome.Precision} {outcome.Backend}: {(outcome.Agrees ? "same bits" : outcome.Error ?? $"{outcome.Differing} of {outcome.Entries} entries differ")} ({outcome.Seconds:F2} s)"));
                    outcomes.Add(outcome);
                    if (csv is not null) BackendAgreement.WriteCsv(outcomes, csv); // after every case: a run cut short by a time limit keeps what it compared
                }
            var mismatches = outcomes.Where(o => !o.Agrees).ToList();
            if (mismatches.Count == 0)
                Console.WriteLine($"no mismatches: all {outcomes.Count} comparisons agree bit for bit");
            else
            {
                var console = Program.Out();
                console.Profile.Width = Math.Max(console.Profile.Width, 200);
                console.Write(MismatchTable(mismatches));
            }
            if (csv is not null) Console.WriteLine($"wrote {csv}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"verify_mismatches={mismatches.Count}"));
            return mismatches.Count == 0 ? 0 : Mismatch;
        }
        finally
        {
            foreach (var engine in engines) engine.Dispose();
        }
    }

    private static Table MismatchTable(List<AgreementOutcome> mismatches)
    {
        var table = new Table().Title($"{mismatches.Count} comparisons that differ from the reference")
            .AddColumns("model", "source", "method", "prec", "backend", "differing", "of", "first column", "trajectory", "max |diff|", "error");
        foreach (var o in mismatches)
            table.AddRow(Markup.Escape(o.Model), Markup.Escape(o.Source), o.Method, o.Precision, o.Backend, $"{o.Differing}", $"{o.Entries}",
                Markup.Escape(o.FirstColumn), $"{o.FirstTrajectory}", o.MaxAbsDifference.ToString("E2", CultureInfo.InvariantCulture), Markup.Escape(o.Error ?? ""));
        return table;
    }
}
