using System.CommandLine;
using System.Globalization;
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
            var console = AnsiConsole.Console;
            foreach (var model in ModelRegistry.All)
            {
                var info = model.Info;
                console.MarkupLine($"[bold]{info.Name.EscapeMarkup()}[/]: {info.Summary.EscapeMarkup()}");
                console.WriteLine("  " + info.Equations);
                console.WriteLine("  states: " + string.Join(", ", info.States.Select(s =>
                    string.Create(CultureInfo.InvariantCulture, $"{s.Name} (initial {s.Initial:G6})"))));
                var table = new Table().AddColumns("parameter", "default", "range", "meaning");
                foreach (var p in info.Parameters)
                    table.AddRow(p.Name, p.Default.ToString("G6", CultureInfo.InvariantCulture),
                        string.Create(CultureInfo.InvariantCulture, $"[{p.Min:G6}, {p.Max:G6}]").EscapeMarkup(), p.Meaning.EscapeMarkup());
                console.Write(table);
                console.WriteLine();
            }
            return 0;
        }));
        return command;
    }
}
