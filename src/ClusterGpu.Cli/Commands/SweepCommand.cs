using System.CommandLine;

namespace ClusterGpu.Cli.Commands;

/// <summary><c>clustergpu sweep</c>: integrate a model over a parameter grid or sample and write labelled HDF5.</summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var options = new SweepOptions();
        var command = new Command("sweep", "Integrate a model over a parameter grid or sample; write observables and regimes to HDF5");
        foreach (var option in options.All) command.Options.Add(option);
        command.SetAction(parse => Program.Guard(() =>
        {
            var plan = SweepExecution.Prepare(parse, options, defaultOut: null);
            return SweepExecution.Execute(plan, parse.GetValue(options.Backend)!, retain: []) is null ? Program.Interrupted : 0;
        }));
        return command;
    }
}
