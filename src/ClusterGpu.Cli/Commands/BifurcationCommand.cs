using System.CommandLine;
using ClusterGpu.Backends;
using ClusterGpu.Bifurcation;
using ClusterGpu.Errors;
using ClusterGpu.Outputs;
using ClusterGpu.Plots;
using ClusterGpu.Storage;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Cli.Commands;

/// <summary>
/// <c>clustergpu bifurcation</c>: the orbit diagram of one parameter (<c>--grid c=lo:hi:n</c>, the sweep's other options):
/// for each value (and each <c>--ic</c>, overlaid to show hysteresis) the local maxima of <c>--state</c> over the
/// observation window from the dense output, up to <c>--max-peaks</c>; HDF5 (<c>maxima_&lt;state&gt;</c> over (parameter[, ic],
/// peak), <c>peak_count</c>) and a PNG of the dots.
/// </summary>
internal static class BifurcationCommand
{
    public static Command Create()
    {
        var options = new SweepOptions();
        var state = new Option<string>("--state") { Description = "State whose local maxima are plotted (default: the model's oscillation state)" };
        var maxPeaks = new Option<int>("--max-peaks") { Description = "Most maxima kept per parameter value (the count of all is peak_count)", DefaultValueFactory = _ => 64 };
        var png = new Option<string>("--png") { Description = "Picture of the orbit diagram (PNG; default: --out with .png)" };
        var command = new Command("bifurcation", "Orbit diagram of one parameter: the local maxima of a state over the observation window, from the dense output (HDF5 + PNG)");
        foreach (var option in options.All) command.Options.Add(option);
        command.Options.Add(state);
        command.Options.Add(maxPeaks);
        command.Options.Add(png);
        command.SetAction(parse => Program.Guard(() =>
        {
            var plan = SweepExecution.Parse(parse, options, defaultOut: "bifurcation.h5");
            var space = plan.Space;
            var info = space.Model.Info;
            if (space.IsSampled || space.Axes.Count != 1)
                throw new UsageException("bifurcation needs exactly one --grid axis (e.g. --grid c=2:6:400).");
            if (plan.Shard is not null || plan.Resume) throw new UsageException("bifurcation runs in one go: drop --shard and --resume.");
            if (plan.Observation.Lyapunov || plan.Observation.FirstPassage is not null) throw new UsageException("bifurcation does not take --lyapunov or --first-passage; use 'sweep'.");
            int watched = TrajectoryCommand.StateIndex(parse.GetValue(state) ?? info.OscillationState ?? info.States[0].Name, info, "--state");
            string picture = parse.GetValue(png) ?? Path.ChangeExtension(plan.Out, ".png");
            SweepOptions.CheckWritable(plan.Out, plan.Force, "--out");
            SweepOptions.CheckWritable(picture, plan.Force, "--png");
            if (plan.Settings.IsFixedStep)
                throw new UsageException($"bifurcation locates maxima on the dense output of an adaptive method; use --method dopri5 or rosenbrock23, not {plan.Settings.MethodName}.");

            using var claim = OutputLock.Acquire(plan.Out, Program.CommandLine);
            using var backend = BackendFactory.Create(parse.GetValue(options.Backend)!);
            SweepExecution.PrintHeader(plan, backend, parse.GetValue(options.Backend)!);
            var result = OrbitDiagram.Compute(backend, space, plan.Settings, watched, plan.Observation.WindowFraction, parse.GetValue(maxPeaks), plan.BatchSize);
            Console.WriteLine(SweepOptions.Invariant($"# maxima of {info.States[watched].Name}: {result.Counts.Count(c => c > 0)} of {result.Rows} rows oscillate, at most {result.Counts.Max()} maxima; {result.Rows} trajectories in {result.Seconds:F2} s"));
            if (result.Status.Any(s => s != 0)) Console.WriteLine($"# {result.Status.Count(s => s != 0)} trajectories did not succeed (see variable 'status')");
            var record = new RunRecord(Program.CommandLine, Program.Arguments, backend.Name, backend.Device, plan.Fingerprint);
            Hdf5Writer.Write(OrbitDiagramDataset.Build(result, space, plan.Settings, plan.Observation, plan.Rules, record, watched), plan.Out);
            Console.WriteLine($"wrote {plan.Out}");
            OrbitDiagramPlot.Render(result, space.AxisValues(0), space.InitialConditions.Count, space.Axes[0].Parameter, info.States[watched].Name,
                $"{info.Name}: orbit diagram", picture);
            Console.WriteLine($"wrote {picture}");
            return 0;
        }));
        return command;
    }
}
