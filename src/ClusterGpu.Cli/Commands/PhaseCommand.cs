using System.CommandLine;
using System.CommandLine.Parsing;
using ClusterGpu.Errors;
using ClusterGpu.Plots;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Cli.Commands;

/// <summary>
/// <c>clustergpu phase</c>: a sweep over exactly two grid axes, or the points of a file with exactly two parameter
/// columns (<c>--points</c>, as in <c>sweep</c>), plus a picture (regime map and a continuous observable, analytic
/// boundaries overlaid). Points that form a complete grid of their two columns are drawn as cells, exactly as the grid run;
/// scattered points as one marker each (<see cref="PhaseScatter"/>), nothing interpolated. With no options it runs the
/// embedded default: innovation-cluster on plane A of MODELS.md (e0 × eta, kappa = 3), writing phase.h5 and phase.png.
/// </summary>
internal static class PhaseCommand
{
    /// <summary>The embedded default run (plane A).</summary>
    public static readonly string[] DefaultArguments =
    [
        "--model", "innovation-cluster", "--grid", "e0=0.1:5:96", "--grid", "eta=0.5:12:96", "--set", "kappa=3", "--t-end", "1000",
    ];

    public static Command Create()
    {
        var options = new SweepOptions();
        var refine = new RefineOptions();
        var showIntegrated = new Option<bool>("--show-integrated") { Description = "With --refine: mark the integrated points on the picture" };
        var png = new Option<string>("--png") { Description = "Output picture (PNG)", DefaultValueFactory = _ => "phase.png" };
        var colorBy = new Option<string>("--color-by") { Description = "Continuous observable of the right panel (default: the model's first, e.g. order); a comma-separated list writes one picture per observable, the others as <png>-<observable>.png" };
        var command = new Command("phase", "Phase diagram over two grid axes: HDF5 plus a PNG of regimes and an observable (no options: the embedded default). "
            + "With --points FILE the file's two parameter columns are the axes (state columns set initial states, other columns are carried as labels): "
            + "points on a complete grid of those two columns are drawn as cells, exactly as --grid; scattered points as one marker each, coloured by regime and by the observable");
        foreach (var option in options.All.Concat(refine.All)) command.Options.Add(option);
        command.Options.Add(showIntegrated);
        command.Options.Add(png);
        command.Options.Add(colorBy);
        command.SetAction(parse => Program.Guard(() =>
        {
            if (options.Model.BuiltInName(parse) is null && !options.Model.HasFile(parse) && (parse.GetValue(options.Grid) ?? []).Length == 0 && parse.GetValue(options.PointsOption) is null)
                parse = parse.RootCommandResult.Command.Parse(["phase", .. DefaultArguments, .. parse.Tokens.Where(t => t.Type != TokenType.Command).Select(t => t.Value)]);
            var refinement = refine.Settings(parse);
            if (refinement is null && parse.GetValue(showIntegrated)) throw new UsageException("--show-integrated needs --refine L (e.g. --refine 3).");
            var plan = SweepExecution.Prepare(parse, options, defaultOut: "phase.h5");
            if (plan.Space.PointsFile is not null) PhaseMaps.PointColumns(plan.Space);
            else if (plan.Space.IsSampled || plan.Space.Axes.Count != 2)
                throw new UsageException("phase needs exactly two --grid axes (e.g. --grid e0=0.1:5:64 --grid eta=0.5:12:64) or --points FILE with two parameter columns; use 'sweep' for other shapes.");
            string picture = parse.GetValue(png)!;
            SweepOptions.CheckWritable(picture, parse.GetValue(options.Force), "--png");
            var info = plan.Space.Model.Info;
            var observables = (parse.GetValue(colorBy) ?? info.DefaultColorBy).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var known = SweepRunner.Variables(plan.Space, plan.Observation).Select(v => v.Name).ToArray();
            foreach (var observable in observables)
                if (!known.Contains(observable))
                    throw new UsageException($"--color-by '{observable}' is not an observable of {info.Name}{(plan.Space.Realizations > 1 ? " with --realizations" : "")}.{NearestName.Hint(observable, known)} Choose one of: {string.Join(", ", known)}.");
            if (observables.Length == 0) throw new UsageException("--color-by is empty; name an observable, e.g. --color-by order.");
            var pictures = observables.Select((o, i) => i == 0 ? picture : Path.Combine(Path.GetDirectoryName(picture) ?? "", $"{Path.GetFileNameWithoutExtension(picture)}-{o}{Path.GetExtension(picture)}")).ToArray();
            foreach (var extra in pictures.Skip(1)) SweepOptions.CheckWritable(extra, parse.GetValue(options.Force), "--png (per --color-by observable)");
            if (plan.Shard is not null) throw new UsageException("phase does not take --shard; shard a 'sweep' and merge it instead.");
            var refined = refinement is null ? null : RefineExecution.Execute(plan, refinement, parse.GetValue(options.Backend)!, observables, parse.GetValue(refine.Compare));
            if ((refinement is null ? SweepExecution.Execute(plan, parse.GetValue(options.Backend)!, retain: observables) : refined?.Result) is not { } result)
                return Program.Interrupted;
            if (plan.Space.PointsFile is not null) return DrawPoints(result, observables, pictures);
            for (int i = 0; i < observables.Length; i++)
            {
                var map = PhaseMaps.From(result, observables[i]);
                if (refined is not null) map = map with { Traced = refined.Traced, Markers = parse.GetValue(showIntegrated) ? refined.Integrated : null };
                PhasePlot.Render(map, pictures[i], width: 1600, height: 820);
                Console.WriteLine($"wrote {pictures[i]}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>The pictures of a --points run: cells when its two parameter columns form a complete grid, else one marker per point.</summary>
    private static int DrawPoints(SweepResult result, string[] observables, string[] pictures)
    {
        var ((x, xs), (y, ys)) = PhaseMaps.PointColumns(result.Space);
        bool gridded = PhaseMaps.FromGriddedPoints(result, observables[0]) is not null;
        Console.WriteLine(gridded
            ? $"# the points form a complete {xs.Distinct().Count()} x {ys.Distinct().Count()} grid of {x} and {y}: drawn as cells"
            : $"# the points are scattered (not a complete grid of {x} and {y}): drawn as one marker each");
        for (int i = 0; i < observables.Length; i++)
        {
            if (PhaseMaps.FromGriddedPoints(result, observables[i]) is { } map) PhasePlot.Render(map, pictures[i], width: 1600, height: 820);
            else PhasePlot.Render(PhaseMaps.Scatter(result, observables[i]), pictures[i], width: 1600, height: 820);
            Console.WriteLine($"wrote {pictures[i]}");
        }
        return 0;
    }
}
