using System.Globalization;
using ClusterGpu.Errors;
using ClusterGpu.Kernels.Models;

namespace ClusterGpu.Sweeps;

/// <summary>One swept grid axis: <c>name=start:stop:count[:log]</c>, values from start to stop inclusive.</summary>
public sealed record GridAxis(string Parameter, double Start, double Stop, int Count, bool Logarithmic)
{
    /// <summary>The axis values: linear, or geometric when <see cref="Logarithmic"/>.</summary>
    public double[] Values() => Enumerable.Range(0, Count).Select(i =>
    {
        double f = Count == 1 ? 0 : (double)i / (Count - 1);
        return Logarithmic ? Start * Math.Pow(Stop / Start, f) : Start + (Stop - Start) * f;
    }).ToArray();

    /// <summary>Parses <c>name=start:stop:count[:log]</c> for <paramref name="model"/>; a <see cref="UsageException"/> names any problem.</summary>
    public static GridAxis Parse(string text, ModelInfo model)
    {
        var (name, parts) = Split(text, "--grid", "name=start:stop:count[:log], e.g. e0=0.1:5:64");
        if (parts.Length is < 3 or > 4 || (parts.Length == 4 && parts[3] != "log"))
            throw new UsageException($"--grid '{text}' is malformed; write name=start:stop:count[:log], e.g. e0=0.1:5:64.");
        var info = ParameterOf(name, model);
        double start = Number(parts[0], text), stop = Number(parts[1], text);
        if (!int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int count) || count <= 0)
            throw new UsageException($"--grid '{text}': count '{parts[2]}' must be a positive integer.");
        if (count > 1 && start == stop) throw new UsageException($"--grid '{text}' is an empty range (start = stop); give stop ≠ start or count 1.");
        bool log = parts.Length == 4;
        if (log && (start <= 0 || stop <= 0)) throw new UsageException($"--grid '{text}': a logarithmic axis needs positive start and stop.");
        CheckInside(info, start, text);
        CheckInside(info, stop, text);
        return new GridAxis(name, start, stop, count, log);
    }

    internal static (string Name, string[] Parts) Split(string text, string option, string form)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new UsageException($"{option} '{text}' is malformed; write {form}.");
        return (text[..eq].Trim(), text[(eq + 1)..].Split(':'));
    }

    internal static ParameterInfo ParameterOf(string name, ModelInfo model)
    {
        int k = model.ParameterIndex(name);
        if (k >= 0) return model.Parameters[k];
        throw new UsageException($"Model '{model.Name}' has no parameter '{name}'.{NearestName.Hint(name, model.Parameters.Select(p => p.Name))} "
            + $"Parameters: {string.Join(", ", model.Parameters.Select(p => p.Name))}.");
    }

    internal static double Number(string text, string context)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)) return v;
        throw new UsageException($"'{context}': '{text}' is not a finite number.");
    }

    internal static void CheckInside(ParameterInfo info, double value, string context)
    {
        if (!info.Contains(value))
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"'{context}': {info.Name} = {value:G6} is outside its valid range [{info.Min:G6}, {info.Max:G6}]; choose values inside it."));
    }
}

/// <summary>One sampled parameter: <c>name=low:high[:log]</c> (uniform, or log-uniform).</summary>
public sealed record SampleRange(string Parameter, double Low, double High, bool Logarithmic)
{
    /// <summary>Maps u in [0, 1) to the range.</summary>
    public double FromUnit(double u) => Logarithmic ? Low * Math.Pow(High / Low, u) : Low + (High - Low) * u;

    /// <summary>Parses <c>name=low:high[:log]</c>.</summary>
    public static SampleRange Parse(string text, ModelInfo model)
    {
        var (name, parts) = GridAxis.Split(text, "--sample", "name=low:high[:log], e.g. eta=0.5:12");
        if (parts.Length is < 2 or > 3 || (parts.Length == 3 && parts[2] != "log"))
            throw new UsageException($"--sample '{text}' is malformed; write name=low:high[:log], e.g. eta=0.5:12.");
        var info = GridAxis.ParameterOf(name, model);
        double low = GridAxis.Number(parts[0], text), high = GridAxis.Number(parts[1], text);
        if (!(high > low)) throw new UsageException($"--sample '{text}' is an empty range; high must exceed low.");
        bool log = parts.Length == 3;
        if (log && low <= 0) throw new UsageException($"--sample '{text}': a log-uniform range needs low > 0.");
        GridAxis.CheckInside(info, low, text);
        GridAxis.CheckInside(info, high, text);
        return new SampleRange(name, low, high, log);
    }
}
