using ClusterGpu.Errors;
using ScottPlot;
using SkiaSharp;

namespace ClusterGpu.Plots;

/// <summary>What every picture shares: an installed sans-serif font, and PNG files written aside and renamed when complete.</summary>
internal static class PlotOutput
{
    private static readonly Lazy<string> sansFont = new(() =>
    {
        foreach (var family in new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans", "Open Sans", "Lato" })
        {
            using var typeface = SKFontManager.Default.MatchFamily(family);
            if (typeface is not null && string.Equals(typeface.FamilyName, family, StringComparison.OrdinalIgnoreCase)) return family;
        }
        return Fonts.Default;
    });

    /// <summary>
    /// A sans-serif family that is installed: ScottPlot's own default resolves to whatever Skia lists first
    /// (DejaVu Serif on a bare Linux box), which looks out of place in a figure.
    /// </summary>
    public static string SansFont => sansFont.Value;

    /// <summary>Writes <paramref name="png"/> to <c>path + ".partial"</c>, then renames it onto <paramref name="path"/>.</summary>
    public static void WriteAtomically(string path, byte[] png, string what)
    {
        string partial = path + ".partial";
        try
        {
            File.WriteAllBytes(partial, png);
            File.Move(partial, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            try { if (File.Exists(partial)) File.Delete(partial); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw new UsageException($"Cannot write the {what} to '{path}': {e.Message} Choose a path in an existing, writable directory.");
        }
    }
}
