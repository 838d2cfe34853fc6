using System.CommandLine;
using ClusterGpu.Errors;
using ClusterGpu.Refinement;

namespace ClusterGpu.Cli.Commands;

/// <summary>The options of an adaptive phase diagram (<c>phase</c> and <c>sweep</c> with two grid axes).</summary>
internal sealed class RefineOptions
{
    public Option<int> Refine { get; } = new("--refine") { Description = "Refine the grid L times where neighbouring points disagree: (n-1)*2^L+1 effective points per axis, only the cells at boundaries integrated (two --grid axes)" };
    public Option<int> Guard { get; } = new("--refine-guard") { Description = "With --refine: also refine the k rings of cells around every disagreeing cell", DefaultValueFactory = _ => 1 };
    public Option<string> On { get; } = new("--refine-on") { Description = "With --refine: what makes corners disagree, comma-separated: regime, multistable, or observables (jump above --refine-threshold x their range)", DefaultValueFactory = _ => "regime,multistable" };
    public Option<double> Threshold { get; } = new("--refine-threshold") { Description = "With --refine-on OBSERVABLE: the jump between corners, relative to the observable's range on the base grid, that refines a cell", DefaultValueFactory = _ => 0.1 };
    public Option<bool> Compare { get; } = new("--compare-boundaries") { Description = "With --refine: report the distance (fine cells) of the model's closed-form boundaries to the traced ones" };

    public IEnumerable<Option> All => [Refine, Guard, On, Threshold, Compare];

    /// <summary>The refinement asked for, or null without <c>--refine</c>; refinement options without it are refused.</summary>
    public RefinementSettings? Settings(ParseResult parse)
    {
        if (parse.GetResult(Refine) is null)
        {
            foreach (var option in new Option[] { Guard, On, Threshold, Compare })
                if (parse.GetResult(option) is { Implicit: false })
                    throw new UsageException($"{option.Name} needs --refine L (e.g. --refine 3).");
            return null;
        }
        var on = parse.GetValue(On)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (on.Length == 0) throw new UsageException("--refine-on is empty; name regime, multistable or an observable, e.g. --refine-on regime.");
        return new RefinementSettings(parse.GetValue(Refine), parse.GetValue(Guard), parse.GetValue(Threshold), on);
    }
}
