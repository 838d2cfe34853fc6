using ClusterGpu.Storage;

namespace ClusterGpu.Tests.Storage;

/// <summary>A small sweep-shaped dataset exercising every kind of content the writer supports.</summary>
internal static class SampleDataset
{
    public static readonly double[] Coupling = [0.0, 0.5, 1.0];
    public static readonly double[] Omega = [-2.0, -1.0, 1.0, 2.0];
    public static readonly double[] Order = Enumerable.Range(0, 12).Select(i => i * 0.125 - 0.3).ToArray();
    public static readonly byte[] Regime = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2];
    public static readonly int[] Steps = Enumerable.Range(0, 12).Select(i => 1000 + 7 * i).ToArray();

    public const string FlagMeanings = "incoherent partially_synchronised fully_synchronised";
    public const string Title = "Kuramoto sweep over coupling and natural frequency";

    public static readonly string Provenance =
        "{\"tool\":\"clustergpu\",\"version\":\"0.1.0\",\"command\":\"clustergpu sweep --model kuramoto "
        + string.Concat(Enumerable.Repeat("--param K=0:1:3 ", 20)) + "\",\"seed\":42}";

    public static LabelledDataset Create() => new LabelledDataset { Provenance = Provenance }
        .AddCoordinate("coupling", Coupling, new Dictionary<string, object> { ["long_name"] = "coupling strength K", ["units"] = "1" })
        .AddCoordinate("omega", Omega, new Dictionary<string, object> { ["units"] = "rad/s" })
        .AddVariable("order", ["coupling", "omega"], Order,
            new Dictionary<string, object> { ["long_name"] = "time-averaged Kuramoto order parameter r", ["units"] = "1" })
        .AddVariable("regime", ["coupling", "omega"], Regime,
            new Dictionary<string, object> { ["flag_values"] = new[] { 0, 1, 2 }, ["flag_meanings"] = FlagMeanings })
        .AddVariable("steps", ["coupling", "omega"], Steps)
        .SetAttribute("title", Title)
        .SetAttribute("trajectories", 12)
        .SetAttribute("t_end", 250.5);
}
