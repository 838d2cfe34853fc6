namespace ClusterGpu.Errors;

/// <summary>"Did you mean …?" suggestions by edit distance.</summary>
public static class NearestName
{
    /// <summary>The candidate closest to <paramref name="name"/> (Levenshtein, case-insensitive), or null when none is close.</summary>
    public static string? Suggest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            int d = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (candidate, d);
        }
        return best is not null && bestDistance <= Math.Max(2, best.Length / 2) ? best : null;
    }

    /// <summary>" Did you mean 'x'?" or "", for appending to a message.</summary>
    public static string Hint(string name, IEnumerable<string> candidates) =>
        Suggest(name, candidates) is { } s ? $" Did you mean '{s}'?" : "";

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
