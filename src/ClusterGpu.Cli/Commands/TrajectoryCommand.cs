using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ClusterGpu.Backends;
using ClusterGpu.Errors;
using ClusterGpu.Outputs;
using ClusterGpu.Models;
using ClusterGpu.Plots;
using ClusterGpu.Points;
using ClusterGpu.Solving;
using ClusterGpu.Storage;
using ClusterGpu.Sweeps;
using ClusterGpu.Trajectories;

namespace ClusterGpu.Cli.Commands;

/// <summary>
/// <c>clustergpu trajectory</c>: one point (<c>--set</c>, one trajectory per <c>--ic</c> combination, or <c>--from FILE --at
/// name=value,…</c>: a point of an existing sweep/phase/stability/bifurcation file with that run's model, initial conditions,
/// method, tolerances, span and noise seed; trajectory i is then the sweep's own trajectory, noise included) saved on a
/// <c>--saveat</c> grid or every step to HDF5, with a PNG of the time series and a phase portrait. With <c>--points FILE</c>
/// one trajectory per row of a points file, read and checked as by <c>sweep --points</c>; row i draws the noise of the
/// sweep's trajectory i, so its last sample is that sweep's final state.
/// </summary>
internal static class TrajectoryCommand
{
    public static Command Create()
    {
        var model = new ModelOptions("Built-in model name (see 'clustergpu models')");
        var set = new Option<string[]>("--set") { Description = "Fix a parameter: name=value; repeat" };
        var ic = new Option<string[]>("--ic") { Description = "Initial values state=v1,v2,... (zipped across --ic options; one trajectory per combination)" };
        var icGrid = new Option<bool>("--ic-grid") { Description = "Combine --ic lists as a Cartesian product instead of zipping" };
        var from = new Option<string>("--from") { Description = "Take the point, its model, initial conditions and settings from a sweep/phase result file (with --at)" };
        var at = new Option<string>("--at") { Description = "With --from: the grid point name=value,... (every grid axis; sampled files: sample=index)" };
        var points = new Option<string>("--points") { Description = "One trajectory per row of a points file (CSV with a header, or HDF5/netCDF), as in 'sweep --points': parameter columns set the parameters, state columns the initial state, other columns are carried as labels of the sample dimension" };
        var integration = new IntegrationOptions("--method");
        var seed = new Option<ulong>("--seed") { Description = "Seed of the noise (euler-maruyama, stochastic-heun): the same path as a sweep with this seed", DefaultValueFactory = _ => 42UL };
        var saveat = new Option<string>("--saveat") { Description = "Save every DT time units (adaptive methods: Hermite dense output; fixed step: a multiple of --dt), 'step' (every accepted step) or 'auto' (about 1000 samples)", DefaultValueFactory = _ => "auto" };
        var portrait = new Option<string>("--portrait") { Description = "Phase portrait of two states x,y (default: the first two)" };
        var @out = new Option<string>("--out") { Description = "Output HDF5 file", DefaultValueFactory = _ => "trajectory.h5" };
        var png = new Option<string>("--png") { Description = "Picture: time series and phase portrait (PNG; default: --out with .png)" };
        var force = new Option<bool>("--force") { Description = "Overwrite existing output files" };
        var command = new Command("trajectory", "Integrate one point (or a few initial conditions, or every row of a --points file) and save the trajectories on a time grid: HDF5 with a time dimension, and a PNG");
        foreach (var option in (Option[])[.. model.All, set, ic, icGrid, from, at, points, integration.TEnd, integration.Method, integration.Dt, integration.Rtol, integration.Atol,
            integration.MaxSteps, integration.Backend, integration.Precision, seed, saveat, portrait, @out, png, force])
            command.Options.Add(option);
        command.SetAction(parse => Program.Guard(() =>
        {
            Run run;
            if (parse.GetValue(from) is { } file)
            {
                if (parse.GetValue(points) is not null) throw new UsageException("--from and --points both name the points; give one of them.");
                if (model.HasFile(parse) || model.BuiltInName(parse) is not null || (parse.GetValue(set) ?? []).Length > 0 || (parse.GetValue(ic) ?? []).Length > 0)
                    throw new UsageException("--from takes the model, parameters and initial conditions from the file; drop --model, --model-file, --set and --ic.");
                run = FromFile(file, parse.GetValue(at) ?? throw new UsageException("--from needs --at name=value,... naming the grid point, e.g. --at e0=1.5,eta=8."));
            }
            else
            {
                if (parse.GetValue(at) is not null) throw new UsageException("--at names a point of a --from file; give --from FILE too, or fix parameters with --set.");
                var handle = model.Resolve(parse);
                var fixedValues = ParameterSpace.ParseSet(parse.GetValue(set) ?? [], handle);
                var icOptions = parse.GetValue(ic) ?? [];
                var ics = InitialConditions.Parse(icOptions, parse.GetValue(icGrid), handle.Info);
                var settings = integration.Settings(parse) with { Seed = parse.GetValue(seed) };
                run = parse.GetValue(points) is { } path
                    ? FromPoints(handle, PointSet.Bind(PointsTable.Read(path), handle.Info), fixedValues, ics, icOptions.Length, settings)
                    : new Run(handle, handle.Info.Parameters.Select(p => fixedValues.TryGetValue(p.Name, out double v) ? v : p.Default).ToArray(),
                        Enumerable.Range(0, ics.Count).Select(ics.State).ToArray(), settings, [0], null);
            }
            var info = run.Model.Info;
            var saveAt = SaveAt.Parse(parse.GetValue(saveat)!, run.Settings);
            (int, int)? axes = parse.GetValue(portrait) is { } text ? Portrait(text, info) : info.States.Count >= 2 ? (0, 1) : null;
            string output = parse.GetValue(@out)!, picture = parse.GetValue(png) ?? Path.ChangeExtension(output, ".png");
            SweepOptions.CheckWritable(output, parse.GetValue(force), "--out");
            SweepOptions.CheckWritable(picture, parse.GetValue(force), "--png");
            new EnsembleProblem(run.Model, run.InitialStates.Count, ParameterColumns(run), Columns(run.InitialStates));
            run.Points?.PointsFile!.CheckCarried(TrajectoryDataset.TakenNames(run.Model));

            using var claim = OutputLock.Acquire(output, Program.CommandLine);
            using var backend = BackendFactory.Create(parse.GetValue(integration.Backend)!);
            Console.WriteLine($"# clustergpu {SweepDataset.Version}: model {info.Name}: {info.Equations}");
            if (run.Source is { } source) Console.WriteLine($"# from {source}");
            if (run.Points is { } space) Console.WriteLine($"# {space.Describe()}");
            var varied = run.Points?.PointsFile!.Parameters.Select(p => p.Index).ToHashSet() ?? [];
            Console.WriteLine($"# {(varied.Count > 0 ? "fixed " : "")}parameters: {string.Join(", ", info.Parameters.Select((p, j) => (p, j)).Where(q => !varied.Contains(q.j)).Select(q => SweepOptions.Invariant($"{q.p.Name}={run.Parameters[q.j]:G6}")))}");
            Console.WriteLine($"# {run.InitialStates.Count} trajectory(ies), {run.Settings.Describe()}, saveat {saveAt}");
            Console.WriteLine($"# backend {backend.Name}: {backend.Device}");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var recording = Record(backend, run, saveAt);
            Console.WriteLine(SweepOptions.Invariant($"# {recording.Count} x {recording.Samples} samples in {clock.Elapsed.TotalSeconds:F2} s; status: {string.Join(", ", recording.Status.Select(s => TrajectoryDataset.StatusNames[s]))}"));
            var record = new RunRecord(Program.CommandLine, Program.Arguments, backend.Name, backend.Device, "");
            Hdf5Writer.Write(TrajectoryDataset.Build(recording, run.Model, run.Parameters, run.InitialStates, run.Settings, saveAt, record, run.Source, run.Points?.PointsFile), output);
            Console.WriteLine($"wrote {output}");
            TrajectoryPlot.Render(recording, info.States.Select(s => s.Name).ToArray(), info.Name, axes, picture);
            Console.WriteLine($"wrote {picture}");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Trajectories of one parameter point, or of the rows of a points file (<see cref="Points"/>, whose parameter columns
    /// override <see cref="Parameters"/>): <see cref="Streams"/>[i] is the sweep trajectory whose noise trajectory i draws;
    /// <see cref="Source"/> names the --from file.
    /// </summary>
    private sealed record Run(ModelHandle Model, double[] Parameters, IReadOnlyList<double[]> InitialStates, IntegrationSettings Settings, long[] Streams, string? Source,
        ParameterSpace? Points = null);

    /// <summary>One trajectory per row of <paramref name="points"/>, each with the initial condition <paramref name="ics"/> (one) unless the file sets the states.</summary>
    private static Run FromPoints(ModelHandle model, PointSet points, IReadOnlyDictionary<string, double> set, InitialConditions ics, int icOptions, IntegrationSettings settings)
    {
        points.CheckInitialStates(icOptions, model.Info);
        if (ics.Count > 1)
            throw new UsageException($"--points runs one trajectory per row of '{points.Table.Source}'; give one initial condition with --ic (or state columns in the file), not {ics.Count}.");
        var space = ParameterSpace.FromPoints(model, points, set, ics);
        var states = Enumerable.Range(0, points.Count).Select(row =>
        {
            var state = (double[])ics.State(0).Clone();
            points.OverrideStates(row, state);
            return state;
        }).ToArray();
        return new Run(model, space.FixedValues, states, settings, [0], null, space);
    }

    /// <summary>The parameters of every trajectory, column-major (value k of trajectory i at k·N + i).</summary>
    private static double[] ParameterColumns(Run run)
    {
        int n = run.InitialStates.Count;
        if (run.Points is null) return Columns(run.Parameters, n);
        var parameters = new double[(long)run.Parameters.Length * n];
        run.Points.Fill(0, n, parameters, new double[(long)run.Model.Info.States.Count * n]);
        return parameters;
    }

    /// <summary>Records the run; trajectories with consecutive noise streams share a launch.</summary>
    private static Recording Record(EnsembleBackend backend, Run run, SaveAt saveAt)
    {
        int n = run.InitialStates.Count;
        if (run.Streams.Length == 1 || Enumerable.Range(1, n - 1).All(i => run.Streams[i] == run.Streams[0] + i))
            return TrajectoryRecorder.Record(backend, run.Model, run.Settings, saveAt, ParameterColumns(run), Columns(run.InitialStates), run.Streams[0]);
        var parts = Enumerable.Range(0, n).Select(i =>
            TrajectoryRecorder.Record(backend, run.Model, run.Settings, saveAt, run.Parameters, run.InitialStates[i], run.Streams[i])).ToArray();
        int samples = parts.Max(p => p.Samples), s = parts[0].States;
        var times = Enumerable.Repeat(double.NaN, n * samples).ToArray();
        var values = Enumerable.Repeat(double.NaN, n * samples * s).ToArray();
        for (int i = 0; i < n; i++)
        {
            Array.Copy(parts[i].Times, 0, times, (long)i * samples, parts[i].Samples);
            Array.Copy(parts[i].Values, 0, values, (long)i * samples * s, parts[i].Samples * s);
        }
        return new Recording(n, samples, s, times, values, parts.SelectMany(p => p.Status).ToArray(), parts.SelectMany(p => p.Steps).ToArray());
    }

    /// <summary><paramref name="values"/> repeated for <paramref name="count"/> trajectories, column-major.</summary>
    private static double[] Columns(double[] values, int count) =>
        Enumerable.Range(0, values.Length * count).Select(k => values[k / count]).ToArray();

    /// <summary>The initial states column-major (value k of trajectory i at k·N + i).</summary>
    private static double[] Columns(IReadOnlyList<double[]> states) =>
        Enumerable.Range(0, states[0].Length * states.Count).Select(k => states[k % states.Count][k / states.Count]).ToArray();

    private static (int, int) Portrait(string text, Kernels.Models.ModelInfo info)
    {
        var names = text.Split(',', StringSplitOptions.TrimEntries);
        if (names.Length != 2) throw new UsageException($"--portrait '{text}' needs two states x,y, e.g. --portrait {string.Join(",", info.States.Take(2).Select(s => s.Name))}.");
        return (StateIndex(names[0], info, "--portrait"), StateIndex(names[1], info, "--portrait"));
    }

    /// <summary>Index of state <paramref name="name"/>; a <see cref="UsageException"/> with the nearest name when there is none.</summary>
    internal static int StateIndex(string name, Kernels.Models.ModelInfo info, string option)
    {
        var names = info.States.Select(s => s.Name).ToArray();
        int index = Array.IndexOf(names, name);
        if (index < 0) throw new UsageException($"{option}: '{name}' is not a state of {info.Name}.{NearestName.Hint(name, names)} States: {string.Join(", ", names)}.");
        return index;
    }

    /// <summary>The point named by <paramref name="at"/> in the result file <paramref name="path"/>, with its run's model and settings.</summary>
    private static Run FromFile(string path, string at)
    {
        if (!File.Exists(path)) throw new UsageException($"--from '{path}' does not exist.");
        string? provenance;
        try
        {
            using var reader = Hdf5Reader.Open(path);
            provenance = reader.Provenance;
        }
        catch (Exception e) when (e is not UsageException)
        {
            throw new UsageException($"--from '{path}' is not a ClusterGpu result file ({e.Message}).");
        }
        if (provenance is null) throw new UsageException($"--from '{path}' has no provenance: give a file written by sweep, phase, stability or bifurcation.");
        using var json = JsonDocument.Parse(provenance);
        var root = json.RootElement;
        if (!root.TryGetProperty("arguments", out var recorded) || root.TryGetProperty("from_file", out _))
            throw new UsageException($"--from '{path}' was not written by sweep, phase, stability or bifurcation.");
        var arguments = recorded.EnumerateArray().Select(e => e.GetString()!).ToList();
        string? source = root.GetProperty("model").TryGetProperty("source", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
        string? modelFile = root.GetProperty("model").TryGetProperty("file", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        var model = source is not null ? ModelFiles.ModelFile.FromSource(source, modelFile ?? "model.toml").Handle : null;

        // Rebuild the recorded run with the sweep options; the verb's own options (--png, --state, ...) are ignored.
        var options = new SweepOptions();
        var command = new Command(arguments[0]) { TreatUnmatchedTokensAsErrors = false };
        foreach (var option in options.All) command.Options.Add(option);
        var rest = MergeCommand.Without(arguments.Skip(1).ToList(), ["--shard", "--out", "--config"], ["--resume", "--force", "--quiet"]);
        if (arguments[0] == "phase" && !rest.Any(a => a is "--model" or "--model-file" or "--grid")) rest.InsertRange(0, PhaseCommand.DefaultArguments);
        var plan = SweepExecution.Parse(command.Parse([.. rest, "--out", path]), options, null, model);
        var space = plan.Space;
        long point = Point(space, at, path);
        int k = space.InitialConditions.Count;
        var streams = Enumerable.Range(0, k).Select(ic => (point * k + ic) * space.Realizations).ToArray();
        return new Run(space.Model, space.PointParameters(point), Enumerable.Range(0, k).Select(space.InitialConditions.State).ToArray(), plan.Settings, streams,
            SweepOptions.Invariant($"{path} at {at}{(space.Realizations > 1 ? $" (realisation 0 of {space.Realizations})" : "")}"));
    }

    /// <summary>The point index of <paramref name="at"/> (every grid axis = one of its values, to 1e-9 of the axis span; or sample=index).</summary>
    private static long Point(ParameterSpace space, string at, string path)
    {
        var given = new Dictionary<string, double>();
        foreach (var pair in at.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0 || !double.TryParse(pair[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                throw new UsageException($"--at '{pair}' is malformed; write name=value, e.g. --at e0=1.5,eta=8.");
            if (!given.TryAdd(pair[..eq].Trim(), v)) throw new UsageException($"--at names '{pair[..eq].Trim()}' twice.");
        }
        string[] names = space.IsSampled ? ["sample"] : space.Axes.Select(a => a.Parameter).ToArray();
        foreach (var unknown in given.Keys.Except(names))
            throw new UsageException($"--at '{unknown}' is not a dimension of '{path}'.{NearestName.Hint(unknown, names)} Its points are named by: {string.Join(", ", names)}.");
        foreach (var missing in names.Except(given.Keys))
            throw new UsageException($"--at does not give '{missing}'; name every dimension of '{path}': {string.Join(", ", names)}.");
        if (space.IsSampled)
        {
            double sample = given["sample"];
            if (sample != Math.Floor(sample) || sample < 0 || sample >= space.SampleCount)
                throw new UsageException($"--at sample={sample.ToString(CultureInfo.InvariantCulture)} is outside '{path}': give an index 0..{space.SampleCount - 1}.");
            return (long)sample;
        }
        long point = 0;
        for (int a = 0; a < space.Axes.Count; a++)
        {
            var values = space.AxisValues(a);
            double v = given[space.Axes[a].Parameter];
            int nearest = Enumerable.Range(0, values.Length).MinBy(i => Math.Abs(values[i] - v));
            double span = Math.Abs(values[^1] - values[0]);
            if (Math.Abs(values[nearest] - v) > 1e-9 * Math.Max(span, Math.Abs(v)) + 1e-300)
                throw new UsageException(SweepOptions.Invariant($"--at {space.Axes[a].Parameter}={v:G10} is not on the grid of '{path}' ({values.Length} values in [{values.Min():G6}, {values.Max():G6}]); the nearest is {values[nearest]:G10}."));
            point = point * values.Length + nearest;
        }
        return point;
    }
}
