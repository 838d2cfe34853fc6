using System.Globalization;
using ClusterGpu.Errors;
using ClusterGpu.Kernels.Models;
using MathNet.Numerics.Distributions;

namespace ClusterGpu.Sensitivity;

/// <summary>
/// How one varied input is distributed; maps the unit cube to it by the inverse CDF. From <c>--vary</c>:
/// <c>name</c> (uniform over the parameter's whole valid range), <c>name=lo:hi</c> (uniform), <c>name=lo:hi:log</c> (log-uniform), <c>name=normal:mean:sd</c>,
/// <c>name=normal:mean:sd:lo:hi</c> (normal truncated to [lo, hi]).
/// </summary>
public sealed record InputDistribution(string Parameter, string Kind, double A, double B, double Low, double High)
{
    /// <summary>The value at unit-cube coordinate <paramref name="u"/> in (0, 1).</summary>
    public double FromUnit(double u) => Kind switch
    {
        "uniform" => A + (B - A) * u,
        "log-uniform" => A * Math.Pow(B / A, u),
        _ => Normal.InvCDF(A, B, Normal.CDF(A, B, Low) + u * (Normal.CDF(A, B, High) - Normal.CDF(A, B, Low))),
    };

    /// <summary>One-line description.</summary>
    public string Describe() => Kind switch
    {
        "uniform" or "log-uniform" => string.Create(CultureInfo.InvariantCulture, $"{Parameter} ~ {Kind}[{A:G6}, {B:G6}]"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Parameter} ~ normal(mean {A:G6}, sd {B:G6}) truncated to [{Low:G6}, {High:G6}]"),
    };

    /// <summary>Parses a <c>--vary</c> option for inputs <paramref name="parameters"/>; a <see cref="UsageException"/> names any problem.</summary>
    public static InputDistribution Parse(string text, IReadOnlyList<ParameterInfo> parameters, string modelName)
    {
        int eq = text.IndexOf('=');
        if (eq == 0) throw new UsageException($"--vary '{text}' is malformed; write name, name=lo:hi[:log] or name=normal:mean:sd[:lo:hi].");
        string name = (eq < 0 ? text : text[..eq]).Trim();
        var info = parameters.FirstOrDefault(p => p.Name == name)
            ?? throw new UsageException($"Model '{modelName}' has no parameter '{name}'.{NearestName.Hint(name, parameters.Select(p => p.Name))} "
                + $"Parameters: {string.Join(", ", parameters.Select(p => p.Name))}.");
        if (eq < 0) return new(name, "uniform", info.Min, info.Max, info.Min, info.Max);
        var parts = text[(eq + 1)..].Split(':');
        double Number(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v : throw new UsageException($"--vary '{text}': '{s}' is not a finite number.");
        void Inside(double v)
        {
            if (!info.Contains(v))
                throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                    $"--vary '{text}': {v:G6} is outside the valid range of {name}, [{info.Min:G6}, {info.Max:G6}]; choose bounds inside it."));
        }
        if (parts[0] == "normal")
        {
            if (parts.Length is not (3 or 5)) throw new UsageException($"--vary '{text}' is malformed; write name=normal:mean:sd or name=normal:mean:sd:lo:hi.");
            double mean = Number(parts[1]), sd = Number(parts[2]);
            if (!(sd > 0)) throw new UsageException($"--vary '{text}': the standard deviation must be positive.");
            double lo = parts.Length == 5 ? Number(parts[3]) : info.Min, hi = parts.Length == 5 ? Number(parts[4]) : info.Max;
            if (!(hi > lo)) throw new UsageException($"--vary '{text}': the truncation interval is empty.");
            Inside(lo);
            Inside(hi);
            return new(name, "normal", mean, sd, lo, hi);
        }
        if (parts.Length is < 2 or > 3 || (parts.Length == 3 && parts[2] != "log"))
            throw new UsageException($"--vary '{text}' is malformed; write name=lo:hi[:log] or name=normal:mean:sd[:lo:hi].");
        double low = Number(parts[0]), high = Number(parts[1]);
        if (!(high > low)) throw new UsageException($"--vary '{text}' is an empty range; hi must exceed lo.");
        Inside(low);
        Inside(high);
        bool log = parts.Length == 3;
        if (log && low <= 0) throw new UsageException($"--vary '{text}': a log-uniform range needs lo > 0.");
        return new(name, log ? "log-uniform" : "uniform", low, high, low, high);
    }
}
