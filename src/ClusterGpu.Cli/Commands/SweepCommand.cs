using System.CommandLine;

namespace ClusterGpu.Cli.Commands;

/// <summary><c>clustergpu sweep</c>: integrate a model over a parameter grid or sample and write labelled HDF5.</summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var options = new SweepOptions();
        var refine = new RefineOptions();
        var command = new Command("sweep", "Integrate a model over a parameter grid or sample; write observables and regimes to HDF5");
        foreach (var option in options.All.Concat(refine.All)) command.Options.Add(option);
        command.SetAction(parse => Program.Guard(() =>
        {
            var refinement = refine.Settings(parse);
            var plan = SweepExecution.Prepare(parse, options, defaultOut: null);
            if (refinement is not null)
                return RefineExecution.Execute(plan, refinement, parse.GetValue(options.Backend)!, [], parse.GetValue(refine.Compare)) is null ? Program.Interrupted : 0;
            return SweepExecution.Execute(plan, parse.GetValue(options.Backend)!, retain: []) is null ? Program.Interrupted : 0;
        }));
        return command;
    }
}
