using System.CommandLine;
using System.Text.Json;
using ClusterGpu.Errors;
using ClusterGpu.Outputs;
using ClusterGpu.Storage;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Cli.Commands;

/// <summary>
/// <c>clustergpu merge part*.h5 --out full.h5</c>: checks that shard files belong together (same run fingerprint and
/// shard count, every shard once, contiguous ranges) and assembles them into the file the unsharded run writes.
/// The run is rebuilt from the arguments recorded in the shards' provenance.
/// </summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var parts = new Argument<string[]>("parts") { Description = "Shard files written by 'sweep --shard i/n'", Arity = ArgumentArity.OneOrMore };
        var @out = new Option<string>("--out") { Description = "Merged HDF5 file" };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing output file" };
        var command = new Command("merge", "Assemble the shard files of one sweep into the file the unsharded run writes") { parts, @out, force };
        command.SetAction(parse => Program.Guard(() =>
        {
            string output = parse.GetValue(@out) ?? throw new UsageException("Give --out full.h5 for the merged file.");
            SweepOptions.CheckWritable(output, parse.GetValue(force), "--out");
            using var claim = OutputLock.Acquire(output, Program.CommandLine);
            var shards = (parse.GetValue(parts) ?? []).Select(ShardFile.Open).OrderBy(s => s.Index).ToList();
            try
            {
                Merge(shards, output);
            }
            finally
            {
                foreach (var shard in shards) shard.Reader.Dispose();
            }
            return 0;
        }));
        return command;
    }

    private static void Merge(IReadOnlyList<ShardFile> shards, string output)
    {
        var first = shards[0];
        foreach (var shard in shards)
        {
            if (shard.Fingerprint != first.Fingerprint)
                throw new UsageException($"'{shard.Path}' belongs to another run than '{first.Path}' (different run fingerprint): merge only the shards of one sweep.");
            if (shard.Count != first.Count)
                throw new UsageException($"'{shard.Path}' is one of {shard.Count} shards, '{first.Path}' one of {first.Count}: merge only the shards of one sweep.");
        }
        var duplicate = shards.GroupBy(s => s.Index).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new UsageException($"Shard {duplicate.Key} is given twice ({string.Join(", ", duplicate.Select(s => s.Path))}).");
        var missing = Enumerable.Range(0, first.Count).Except(shards.Select(s => s.Index)).ToArray();
        if (missing.Length > 0) throw new UsageException($"Shard(s) {string.Join(", ", missing)} of {first.Count} missing; give every part.");
        long expected = 0;
        foreach (var shard in shards)
        {
            if (shard.First != expected)
                throw new UsageException($"'{shard.Path}' starts at row {shard.First}, expected {expected}: the shards overlap or leave a gap.");
            expected += shard.Rows;
        }
        if (expected != first.Total) throw new UsageException($"The shards cover {expected} of {first.Total} rows.");

        // Rebuild the run from the recorded arguments, without its shard and output.
        var options = new SweepOptions();
        var sweep = new Command("sweep");
        foreach (var option in options.All) sweep.Options.Add(option);
        var arguments = Without(first.Arguments.Skip(1).ToList(), ["--shard", "--out", "--config"], ["--resume", "--force", "--quiet"]);
        // A model file is compiled from the text the shards recorded, not from the file as it is now (moved, edited).
        var model = first.ModelSource is { } source ? ModelFiles.ModelFile.FromSource(source, first.ModelFile ?? "model.toml").Handle : null;
        // So are the points of a --points run: from the columns the shards recorded, not from the file (moved, edited).
        var points = first.PointsColumns is { } columns ? Points.Hdf5Points.Read(first.Reader, first.Path, columns, first.PointsProvenance) : null;
        var plan = SweepExecution.Parse(sweep.Parse([.. arguments, "--out", output]), options, null, model, points);
        if (plan.Fingerprint != first.Fingerprint)
            throw new UsageException("The shards' recorded settings no longer reproduce their fingerprint (another ClusterGpu version?); merge with the version that wrote them.");

        var info = plan.Space.Model.Info;
        var variables = SweepRunner.Variables(plan.Space, plan.Observation);
        var record = new RunRecord(first.CommandLine, first.Arguments, first.Backend, first.Device, first.Fingerprint);
        using var file = new SweepFile(output, plan.Settings, plan.Observation, plan.Rules, record, retain: [], singlePrecision: plan.SinglePrecision);
        file.Begin(plan.Space, variables);
        var regimeCounts = new long[RegimeRules.Names.Length];
        long failed = 0, multistablePoints = 0;
        double seconds = 0;
        foreach (var shard in shards)
        {
            var values = variables.Select(v => Convert(shard.Reader.Read(v.Name).Values, v.ElementType)).ToArray();
            byte[]? multistable = plan.Space.InitialConditions.Count > 1 ? (byte[])Convert(shard.Reader.Read("multistable").Values, typeof(byte)) : null;
            var (shardRegimes, shardFailed) = SweepRunner.Tally(variables, values, plan.Space.Realizations);
            double shardSeconds = shard.Reader.Read("wall_time_s").Values[0];
            file.Write(new SweepBatch((int)shard.First, (int)shard.Rows, values, multistable, shardRegimes, shardFailed, shardSeconds));
            for (int c = 0; c < regimeCounts.Length; c++) regimeCounts[c] += shardRegimes[c];
            failed += shardFailed;
            multistablePoints += multistable?.Count(m => m == 1) ?? 0;
            seconds += shardSeconds;
            Console.WriteLine($"# shard {shard.Index}/{shard.Count}: {shard.Path}, rows {shard.First}..{shard.First + shard.Rows - 1}");
        }
        var summary = new SweepSummary(regimeCounts, multistablePoints, failed, first.Total * plan.Space.Realizations, seconds, first.Backend, first.Device);
        file.Complete(summary);
        SweepExecution.Report(plan, summary);
        Console.WriteLine($"wrote {output}");
    }

    /// <summary><paramref name="arguments"/> without the options <paramref name="withValue"/> (and their values) and the <paramref name="flags"/>.</summary>
    internal static List<string> Without(List<string> arguments, string[] withValue, string[] flags)
    {
        var result = new List<string>();
        for (int i = 0; i < arguments.Count; i++)
        {
            if (withValue.Contains(arguments[i])) { i++; continue; }
            if (!flags.Contains(arguments[i])) result.Add(arguments[i]);
        }
        return result;
    }

    private static Array Convert(double[] values, Type type) =>
        type == typeof(double) ? values
        : type == typeof(int) ? values.Select(v => (int)v).ToArray()
        : values.Select(v => (byte)v).ToArray();

    /// <summary>A shard file and what its attributes and provenance say about its place in the run.</summary>
    private sealed record ShardFile(string Path, Hdf5Reader Reader, int Index, int Count, long First, long Rows, long Total,
        string Fingerprint, string CommandLine, IReadOnlyList<string> Arguments, string Backend, string Device, string? ModelFile, string? ModelSource,
        IReadOnlyList<string>? PointsColumns, string? PointsProvenance)
    {
        public static ShardFile Open(string path)
        {
            if (!File.Exists(path)) throw new UsageException($"Shard file '{path}' does not exist.");
            var reader = Hdf5Reader.Open(path);
            var a = reader.Attributes;
            if (!a.ContainsKey("shard_index") || reader.Provenance is not { } provenance)
            {
                reader.Dispose();
                throw new UsageException($"'{path}' is not a shard file (write shards with 'clustergpu sweep ... --shard i/n').");
            }
            using var json = JsonDocument.Parse(provenance);
            var root = json.RootElement;
            long Number(string key) => System.Convert.ToInt64(a[key], System.Globalization.CultureInfo.InvariantCulture);
            return new ShardFile(path, reader, (int)Number("shard_index"), (int)Number("shard_count"), Number("shard_first_row"),
                Number("shard_rows"), Number("total_rows"), (string)a["run_fingerprint"], root.GetProperty("command_line").GetString()!,
                root.GetProperty("arguments").EnumerateArray().Select(e => e.GetString()!).ToArray(), (string)a["backend"], (string)a["device"],
                Text(root, "file"), Text(root, "source"),
                root.TryGetProperty("points", out var points) && points.ValueKind == JsonValueKind.Object
                    ? points.GetProperty("columns").EnumerateArray().Select(e => e.GetString()!).ToArray() : null,
                SweepDataset.PointsProvenance(root));
        }

        /// <summary>The model's <paramref name="key"/> in the provenance (a model file's path and text), or null.</summary>
        private static string? Text(JsonElement root, string key) =>
            root.TryGetProperty("model", out var model) && model.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString() : null;
    }
}
