using System.CommandLine;
using ClusterGpu.Analysis;
using ClusterGpu.Errors;
using ClusterGpu.Outputs;
using ClusterGpu.Plots;
using ClusterGpu.Storage;

namespace ClusterGpu.Cli.Commands;

/// <summary>
/// <c>clustergpu stability</c>: the sweep (same options) in memory, then Newton from every trajectory's window-mean state
/// (<c>--start mean</c>, default) or end state (<c>--start final</c>) to the nearby equilibrium, its eigenvalues and class.
/// On a limit cycle the end state often lies in the Newton basin of another equilibrium (innovation-cluster: P0 instead of
/// the enclosed P+ from about half the points of the cycle), the mean state does not; writes labelled HDF5 (the sweep's coordinates, the sweep's regime
/// for comparison) and, for two grid axes, optionally a PNG of the classes beside max Re λ.
/// </summary>
internal static class StabilityCommand
{
    public static Command Create()
    {
        var options = new SweepOptions();
        var start = new Option<string>("--start") { Description = "Newton's start: mean (window average: near the equilibrium a limit cycle encloses) or final (state at t_end)", DefaultValueFactory = _ => "mean" };
        var png = new Option<string>("--png") { Description = "Picture of the stability classes and max Re(lambda) (PNG; two grid axes only)" };
        var command = new Command("stability", "Equilibria near each trajectory's mean or end state (Newton), their eigenvalues and linear-stability class, over a sweep");
        foreach (var option in options.All) command.Options.Add(option);
        command.Options.Add(start);
        command.Options.Add(png);
        command.SetAction(parse => Program.Guard(() =>
        {
            var plan = SweepExecution.Prepare(parse, options, defaultOut: null);
            if (plan.Space.Realizations > 1)
                throw new UsageException("stability finds the equilibria of the deterministic model; drop --realizations (and the noise).");
            if (plan.Observation.FirstPassage is not null)
                throw new UsageException("stability does not take --first-passage; record passage times with 'sweep' or 'phase'.");
            var from = parse.GetValue(start) switch
            {
                "final" => NewtonStart.Final,
                "mean" => NewtonStart.Mean,
                var other => throw new UsageException($"--start '{other}' is unknown.{NearestName.Hint(other ?? "", ["final", "mean"])} Use final or mean."),
            };
            string? picture = parse.GetValue(png);
            if (picture is not null)
            {
                if (plan.Space.IsSampled || plan.Space.Axes.Count != 2)
                    throw new UsageException("--png needs exactly two --grid axes (e.g. --grid a=0.2:3:64 --grid b=0.5:10:64).");
                SweepOptions.CheckWritable(picture, parse.GetValue(options.Force), "--png");
            }
            using var claim = OutputLock.Acquire(plan.Out, Program.CommandLine);
            var sweep = SweepExecution.Simulate(plan, parse.GetValue(options.Backend)!);
            var map = StabilityMap.Analyse(sweep, from);
            var counts = map.ClassCounts();
            Console.WriteLine($"# stability (Newton from the {(from == NewtonStart.Final ? "end" : "mean")} state): "
                + string.Join(", ", Enumerable.Range(0, counts.Length).Where(c => counts[c] > 0).Select(c => $"{FixedPoints.ClassNames[c]} {counts[c]}")));
            Hdf5Writer.Write(map.Dataset(plan.Settings, plan.Observation, plan.Rules, Program.CommandLine, Program.Arguments), plan.Out);
            Console.WriteLine($"wrote {plan.Out}");
            if (picture is not null)
            {
                PhasePlot.Render(map.Map(), picture, width: 1600, height: 820);
                Console.WriteLine($"wrote {picture}");
            }
            return 0;
        }));
        return command;
    }
}
