using System.CommandLine;
using System.Globalization;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Models;
using Spectre.Console;

namespace ClusterGpu.Cli.Commands;

/// <summary><c>clustergpu models</c>: every model with its equations, states and parameters (default, range, meaning).</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "List the built-in models with equations, parameters, defaults and ranges");
        command.SetAction(_ => Program.Guard(() =>
        {
            var console = Program.Out();
            foreach (var model in ModelRegistry.All)
            {
                var info = model.Info;
                console.MarkupLine($"[bold]{info.Name.EscapeMarkup()}[/]: {info.Summary.EscapeMarkup()}");
                console.WriteLine("  " + info.Equations);
                console.WriteLine("  states: " + string.Join(", ", info.States.Select(s =>
                    string.Create(CultureInfo.InvariantCulture, $"{s.Name} (initial {s.Initial:G6})"))));
                WriteParameters(console, "parameter", info.Parameters);
            }
            foreach (var model in AlgebraicModel.All)
            {
                console.MarkupLine($"[bold]{model.Name.EscapeMarkup()}[/] (algebraic, for 'sensitivity'): {model.Summary.EscapeMarkup()}");
                console.WriteLine("  " + model.Formula + "; observable: y");
                WriteParameters(console, "input", model.Parameters);
            }
            return 0;
        }));
        return command;
    }

    private static void WriteParameters(IAnsiConsole console, string heading, IEnumerable<ParameterInfo> parameters)
    {
        var table = new Table().AddColumns(heading, "default", "range", "meaning");
        foreach (var p in parameters)
            table.AddRow(p.Name, p.Default.ToString("G6", CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"[{p.Min:G6}, {p.Max:G6}]").EscapeMarkup(), p.Meaning.EscapeMarkup());
        console.Write(table);
        console.WriteLine();
    }
}
