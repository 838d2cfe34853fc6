using System.Globalization;
using System.Text.Json;
using ClusterGpu.Errors;
using ClusterGpu.Storage;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Sensitivity;

/// <summary>
/// A sensitivity design evaluated by a sweep (<c>sweep --points design.h5</c>, sharded and merged or not): the design
/// its provenance records and the outputs in design order, ready for <see cref="SensitivityDesign.Report"/>.
/// </summary>
/// <param name="Design">The design, rebuilt from the settings the points file recorded.</param>
/// <param name="Outputs">Design rows × observables, row-major.</param>
/// <param name="Where">The backend and integration settings the sweep recorded.</param>
/// <param name="ModelSource">The model file's text the sweep recorded; null for a built-in model.</param>
public sealed record EvaluatedDesign(SensitivityDesign Design, double[] Outputs, string Where, string? ModelSource)
{
    /// <summary>Reads the sweep results file <paramref name="path"/>.</summary>
    /// <exception cref="UsageException">
    /// Not a sweep of a design file; one shard only; an observable not stored; several initial conditions or
    /// realisations per point; rows missing or repeated; input values other than the design's (a different design).
    /// </exception>
    public static EvaluatedDesign Read(string path)
    {
        using var reader = Hdf5Reader.Open(path);
        string where = $"--from '{path}'";
        var attributes = reader.Attributes;
        if (attributes.ContainsKey("shard_index"))
            throw new UsageException($"{where} is one shard of a sweep; merge the shards first (clustergpu merge part*.h5 --out results.h5).");
        using var provenance = reader.Provenance is { } text ? TryParse(text) : null;
        var design = provenance is null ? null : SensitivityDesign.FromProvenance(SweepDataset.PointsProvenance(provenance.RootElement));
        if (design is null || !reader.VariableNames.Contains(SensitivityDesign.RowColumn))
            throw new UsageException($"{where} is not an evaluated sensitivity design; write one with 'sensitivity ... --design-out design.h5', "
                + "evaluate it with 'sweep --points design.h5 --out results.h5', then analyse results.h5.");
        if (attributes.TryGetValue("realizations", out var realizations) && Convert.ToInt64(realizations, CultureInfo.InvariantCulture) != 1)
            throw new UsageException($"{where} holds {realizations} noise realisations per point; sweep the design with one (the default).");

        var rowOf = Order(reader.Read(SensitivityDesign.RowColumn).Values, design.Rows, where);
        var table = design.Table(path, "");
        foreach (var column in table.Columns.Skip(1))
        {
            if (!reader.VariableNames.Contains(column.Name))
                throw new UsageException($"{where} has no variable '{column.Name}', a column of the design; it was not swept from this design.");
            var swept = reader.Read(column.Name).Values;
            for (int i = 0; i < swept.Length; i++)
                if (BitConverter.DoubleToInt64Bits(swept[i]) != BitConverter.DoubleToInt64Bits(column.Numbers![rowOf[i]]))
                    throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                        $"{where}: {column.Name} = {swept[i]:R} at design row {rowOf[i]}, the design says {column.Numbers[rowOf[i]]:R}; the file was not swept from this design."));
        }

        int m = design.Observables.Count;
        var outputs = new double[design.Rows * m];
        for (int o = 0; o < m; o++)
        {
            string name = design.Observables[o];
            if (!reader.VariableNames.Contains(name))
                throw new UsageException($"{where} has no variable '{name}', an observable of the design; sweep the design again without --vars, or with --vars {string.Join(",", design.Observables)}.");
            var values = reader.Read(name);
            if (values.Dimensions is not ["sample"])
                throw new UsageException($"{where}: '{name}' is over ({string.Join(", ", values.Dimensions)}); sweep the design with one initial condition per point.");
            for (int i = 0; i < values.Values.Length; i++) outputs[rowOf[i] * m + o] = values.Values[i];
        }
        string evaluatedOn = $"sweep {path}: backend {attributes.GetValueOrDefault("backend")}: {attributes.GetValueOrDefault("device")}";
        string? source = provenance!.RootElement.TryGetProperty("model", out var model) && model.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String
            ? s.GetString() : null;
        return new(design, outputs, evaluatedOn, source);
    }

    /// <summary>The design row of each sample, checked to hold every row once.</summary>
    private static long[] Order(double[] designRows, long rows, string where)
    {
        if (designRows.Length != rows)
            throw new UsageException($"{where} holds {designRows.Length} points, the design {rows}; sweep the whole design (and merge every shard).");
        var seen = new bool[rows];
        var order = new long[rows];
        for (int i = 0; i < designRows.Length; i++)
        {
            double r = designRows[i];
            if (!(r >= 0 && r < rows && r == Math.Floor(r)) || seen[(long)r])
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{where}: sample {i} has {SensitivityDesign.RowColumn} {r}, outside the design or repeated."));
            seen[(long)r] = true;
            order[i] = (long)r;
        }
        return order;
    }

    private static JsonDocument? TryParse(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
