using ClusterGpu.Solving;
using ClusterGpu.Storage;

namespace ClusterGpu.Sweeps;

/// <summary>
/// Streams a sweep into a labelled HDF5 file batch by batch (<see cref="Hdf5StreamWriter"/>): memory holds one batch,
/// plus the regimes and the variables named in <c>retain</c> (for pictures). The file appears at its path only after
/// <see cref="Complete"/>; disposing before that (failure, Ctrl-C) leaves no output file. With a <c>shard</c> range
/// it writes that shard's self-describing file (variables over a global <c>row</c> index) for <c>merge</c>. With
/// <c>singlePrecision</c> (<c>--store fp32</c>) the double variables are stored as 32-bit floats (rounded to nearest),
/// halving them on disk; the retained ones stay double. <c>extend</c> adds to the schema before writing starts (the
/// variables and attributes of a refined run).
/// </summary>
public sealed class SweepFile(string path, IntegrationSettings settings, Observation observation, RegimeRules rules,
    RunRecord record, IReadOnlyCollection<string> retain, Shard? shard = null, bool singlePrecision = false, Action<LabelledDataset>? extend = null) : ISweepSink, IDisposable
{
    private Hdf5StreamWriter? writer;
    private ParameterSpace? space;
    private IReadOnlyList<SweepVariableInfo> variables = [];
    private long[] rowShape = [], pointShape = [];
    private int offset;
    private readonly Dictionary<string, Array> retained = [];
    private byte[]? multistable;

    public void Begin(ParameterSpace space, IReadOnlyList<SweepVariableInfo> variables)
    {
        this.space = space;
        this.variables = variables;
        int k = space.InitialConditions.Count;
        (rowShape, pointShape) = shard is { } part ? ([part.Range.Count], [part.Range.Count / k]) : SweepDataset.Shapes(space);
        offset = shard?.Range.First ?? 0;
        foreach (var v in variables.Where(v => v.Name == "regime" || retain.Contains(v.Name)))
            retained[v.Name] = Array.CreateInstance(v.ElementType, rowShape.Aggregate(1L, (a, b) => a * b) * v.PerRow);
        multistable = k > 1 ? new byte[pointShape.Aggregate(1L, (a, b) => a * b)] : null;
        var stored = singlePrecision ? variables.Select(v => v.ElementType == typeof(double) ? v with { ElementType = typeof(float) } : v).ToArray() : variables;
        var schema = SweepDataset.Schema(space, stored, settings, observation, rules, record, shard);
        extend?.Invoke(schema);
        writer = new Hdf5StreamWriter(schema, path);
    }

    public bool Completed(int start) => false;

    public void Write(SweepBatch batch)
    {
        int local = batch.Start - offset;
        var blocks = new List<Hdf5Block>();
        for (int v = 0; v < variables.Count; v++)
        {
            int perRow = variables[v].PerRow;
            var values = batch.Values[v];
            AddRange(blocks, variables[v].Name, perRow == 1 ? rowShape : [.. rowShape, perRow], (long)local * perRow, (long)batch.Count * perRow,
                singlePrecision && values is double[] doubles ? Array.ConvertAll(doubles, x => (float)x) : values);
            if (retained.TryGetValue(variables[v].Name, out var keep)) Array.Copy(values, 0, keep, (long)local * perRow, (long)batch.Count * perRow);
        }
        if (batch.Multistable is { } points)
        {
            int firstPoint = local / space!.InitialConditions.Count;
            AddRange(blocks, "multistable", pointShape, firstPoint, points.Length, points);
            Array.Copy(points, 0, multistable!, firstPoint, points.Length);
        }
        writer!.WriteBlocks(blocks);
    }

    /// <summary>Writes the wall time and renames the finished file onto its path.</summary>
    public void Complete(SweepSummary summary)
    {
        writer!.WriteBlock("wall_time_s", [0], [1], new[] { summary.Seconds });
        writer.Complete();
    }

    /// <summary>The retained variables (and regimes) as an in-memory result, for pictures.</summary>
    public SweepResult Retained(SweepSummary summary) =>
        new(space!, variables.Where(v => retained.ContainsKey(v.Name)).Select(v => new SweepVariable(v.Name, v.Description, retained[v.Name])).ToArray(),
            multistable, summary);

    public void Dispose() => writer?.Dispose();

    /// <summary>Adds the blocks of <paramref name="values"/>, elements [start, start + count) of the row-major variable <paramref name="name"/>.</summary>
    private static void AddRange(List<Hdf5Block> blocks, string name, long[] shape, long start, long count, Array values)
    {
        foreach (var block in FlatRange.Split(shape, start, count))
        {
            var part = block.Offset == 0 && block.Length == values.Length ? values : Slice(values, block.Offset, block.Length);
            blocks.Add(new Hdf5Block(name, block.Start, block.Count, part));
        }
    }

    private static Array Slice(Array values, long offset, long length)
    {
        var part = Array.CreateInstance(values.GetType().GetElementType()!, length);
        Array.Copy(values, offset, part, 0, length);
        return part;
    }
}
