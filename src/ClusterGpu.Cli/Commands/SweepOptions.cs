using System.CommandLine;
using System.Globalization;
using ClusterGpu.Errors;
using ClusterGpu.Models;
using ClusterGpu.Points;
using ClusterGpu.Solving;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Cli.Commands;

/// <summary>The options of <c>sweep</c>, <c>phase</c> and <c>stability</c>, and how they become a run.</summary>
internal sealed class SweepOptions
{
    /// <summary>--model or --model-file.</summary>
    public ModelOptions Model { get; } = new("Built-in model name (see 'clustergpu models')");
    public Option<string[]> Grid { get; } = new("--grid") { Description = "Grid axis name=start:stop:count[:log]; repeat for more axes (first slowest)" };
    public Option<string[]> Sample { get; } = new("--sample") { Description = "Sampled parameter name=low:high[:log]; repeat" };
    public Option<int> Samples { get; } = new("--samples") { Description = "Number of sampled points N", DefaultValueFactory = _ => 1024 };
    public Option<string> Sampler { get; } = new("--sampler") { Description = "random, lhs (Latin hypercube) or sobol (scrambled Sobol' points; N a power of two balances best)", DefaultValueFactory = _ => "lhs" };
    public Option<string> PointsOption { get; } = new("--points") { Description = "Run the points of a file: a CSV with a header or an HDF5/netCDF file with one variable per column; columns named after parameters set them, after states the initial state, others are carried as labels of the sample dimension" };
    public Option<string[]> Set { get; } = new("--set") { Description = "Fix a parameter: name=value; repeat" };
    public Option<string[]> Ic { get; } = new("--ic") { Description = "Initial values state=v1,v2,... (zipped across --ic options; one value applies to all)" };
    public Option<bool> IcGrid { get; } = new("--ic-grid") { Description = "Combine --ic lists as a Cartesian product instead of zipping" };
    public Option<string> FirstPassage { get; } = new("--first-passage") { Description = "Record each trajectory's first time a state reaches a level from its initial side: state=level (variable first_passage_<state>; NaN: never)" };
    /// <summary>Integrator, time span, tolerances, window, regime thresholds, backend and precision.</summary>
    public IntegrationOptions Integration { get; } = new("--method");
    public Option<string> Backend => Integration.Backend;
    public Option<ulong> Seed { get; } = new("--seed") { Description = "Seed of sampled points and of the noise (euler-maruyama, stochastic-heun)", DefaultValueFactory = _ => 42UL };
    public Option<int> Realizations { get; } = new("--realizations") { Description = "Noise realisations per point and initial condition (stochastic methods); > 1 writes their mean, std, Binder cumulant and regime fractions", DefaultValueFactory = _ => 1 };
    public Option<string> KeepRealizations { get; } = new("--keep-realizations") { Description = "With --realizations: also store these per-trajectory variables for every realisation (comma-separated, e.g. final_x,regime), as <name>_realizations over a realization dimension" };
    public Option<string> Vars { get; } = new("--vars") { Description = "Store only these variables (comma-separated, e.g. final_x,regime,order); default: every one" };
    public Option<string> Store { get; } = new("--store") { Description = "Precision of the stored floating-point variables: fp64, or fp32 (half the size, about 7 significant digits)", DefaultValueFactory = _ => "fp64" };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Trajectories per device launch (bounds memory)", DefaultValueFactory = _ => 1 << 18 };
    public Option<string> Out { get; } = new("--out") { Description = "Output HDF5 file" };
    public Option<bool> Force { get; } = new("--force") { Description = "Overwrite an existing output file" };
    public Option<bool> Quiet { get; } = new("--quiet") { Description = "No progress bar" };
    public Option<string> Config { get; } = new("--config") { Description = "TOML file with the same settings (keys = option names without dashes)" };
    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue an interrupted run from its saved batches (<out>.parts)" };
    public Option<string> ShardOption { get; } = new("--shard") { Description = "Run only part i of n (i/n, 0-based) into a shard file for 'clustergpu merge'" };

    public IEnumerable<Option> All =>
    [
        .. Model.All, Grid, Sample, Samples, Sampler, PointsOption, Set, Ic, IcGrid, FirstPassage, .. Integration.All, Seed, Realizations, KeepRealizations, Vars, Store, BatchSize, Out, Force, Quiet, Config, Resume, ShardOption,
    ];

    /// <summary>
    /// The parameter space described by the options (of <paramref name="model"/> instead of --model/--model-file when given;
    /// with the <paramref name="points"/> a run recorded instead of reading its --points file again).
    /// </summary>
    public ParameterSpace Space(ParseResult parse, ModelHandle? model = null, PointsTable? points = null) =>
        Points(parse, model ?? Model.Resolve(parse), points).KeepingRealizations(List(parse.GetValue(KeepRealizations))).Storing(List(parse.GetValue(Vars)));

    /// <summary>True for <c>--store fp32</c>.</summary>
    public bool SinglePrecision(ParseResult parse) => parse.GetValue(Store) switch
    {
        "fp64" => false,
        "fp32" => true,
        var other => throw new UsageException($"--store '{other}' is unknown; use fp64 or fp32."),
    };

    private static string[] List(string? text) => (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private ParameterSpace Points(ParseResult parse, ModelHandle model, PointsTable? recorded)
    {
        var set = ParameterSpace.ParseSet(parse.GetValue(Set) ?? [], model);
        var icOptions = parse.GetValue(Ic) ?? [];
        var ics = InitialConditions.Parse(icOptions, parse.GetValue(IcGrid), model.Info);
        var grid = parse.GetValue(Grid) ?? [];
        var sample = parse.GetValue(Sample) ?? [];
        if (grid.Length > 0 && sample.Length > 0) throw new UsageException("Give either --grid axes or --sample ranges, not both.");
        if (parse.GetValue(PointsOption) is { } path)
        {
            if (grid.Length > 0 || sample.Length > 0) throw new UsageException("Give either --points or --grid/--sample, not both.");
            var points = PointSet.Bind(recorded ?? PointsTable.Read(path), model.Info);
            points.CheckInitialStates(icOptions.Length, model.Info);
            return ParameterSpace.FromPoints(model, points, set, ics, parse.GetValue(Realizations));
        }
        if (sample.Length > 0)
        {
            var sampler = parse.GetValue(Sampler) switch
            {
                "random" => SamplerKind.Random,
                "lhs" => SamplerKind.LatinHypercube,
                "sobol" => SamplerKind.Sobol,
                var other => throw new UsageException($"Unknown sampler '{other}'.{NearestName.Hint(other ?? "", ["random", "lhs", "sobol"])} Use random, lhs or sobol."),
            };
            return ParameterSpace.Sampled(model, sample.Select(t => SampleRange.Parse(t, model.Info)).ToArray(), parse.GetValue(Samples), sampler, parse.GetValue(Seed), set, ics, parse.GetValue(Realizations));
        }
        return ParameterSpace.Grid(model, grid.Select(t => GridAxis.Parse(t, model.Info)).ToArray(), set, ics, parse.GetValue(Realizations));
    }

    /// <summary>The <c>--first-passage state=level</c> for the model of <paramref name="space"/>, or null.</summary>
    public FirstPassageLevel? FirstPassageLevel(ParseResult parse, ParameterSpace space) =>
        parse.GetValue(FirstPassage) is { } text ? Solving.FirstPassageLevel.Parse(text, space.Model.Info) : null;

    /// <summary>The <c>--shard i/n</c> of <paramref name="space"/>, or null.</summary>
    public Shard? Shard(ParseResult parse, ParameterSpace space)
    {
        if (parse.GetValue(ShardOption) is not { } text) return null;
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out int index) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out int count)
            || count < 1 || index < 0 || index >= count)
            throw new UsageException($"--shard '{text}' is malformed; write i/n with 0 <= i < n, e.g. --shard 0/4.");
        if (count > space.PointCount) throw new UsageException($"--shard {text}: {count} shards for only {space.PointCount} points; use fewer shards.");
        return new Shard(index, count, RowRange.Shard(space, index, count));
    }

    public int Batch(ParseResult parse) =>
        parse.GetValue(BatchSize) is > 0 and var b ? b : throw new UsageException("--batch-size must be a positive integer.");

    /// <summary>Checks that <paramref name="path"/> can be written (exists only with --force, directory writable) before any work starts.</summary>
    public static void CheckWritable(string path, bool force, string option)
    {
        if (Directory.Exists(path)) throw new UsageException($"{option} '{path}' is a directory; give a file name.");
        if (File.Exists(path) && !force) throw new UsageException($"{option} '{path}' already exists; add --force to overwrite it or choose another name.");
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory)) throw new UsageException($"{option} '{path}': directory '{directory}' does not exist; create it first.");
        string probe = Path.Combine(directory, $".clustergpu-probe-{Environment.ProcessId}");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} '{path}': directory '{directory}' is not writable ({e.Message}); choose a writable location.");
        }
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
