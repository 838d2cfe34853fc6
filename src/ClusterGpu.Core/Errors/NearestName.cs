namespace ClusterGpu.Errors;

/// <summary>"Did you mean …?" suggestions by edit distance.</summary>
public static class NearestName
{
    /// <summary>
    /// The candidate closest to <paramref name="name"/> (edit distance with transpositions, case-insensitive), or null when none is
    /// close: within <paramref name="maxDistance"/> edits, by default within max(2, half the candidate's length).
    /// </summary>
    public static string? Suggest(string name, IEnumerable<string> candidates, int? maxDistance = null)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            int d = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (candidate, d);
        }
        return best is not null && bestDistance <= (maxDistance ?? Math.Max(2, best.Length / 2)) ? best : null;
    }

    /// <summary>" Did you mean 'x'?" or "", for appending to a message.</summary>
    public static string Hint(string name, IEnumerable<string> candidates) =>
        Suggest(name, candidates) is { } s ? $" Did you mean '{s}'?" : "";

    /// <summary>Edit distance with adjacent transpositions (optimal string alignment): "modle" is one edit from "model".</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
