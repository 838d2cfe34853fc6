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

    /// <summary>PNG of two panels side by side, their data areas aligned (same top, bottom and width).</summary>
    public static byte[] SideBySide(Plot left, Plot right, int width, int height)
    {
        // Plot.Render(canvas, rect) clears the whole canvas, so each panel is drawn on its own surface first.
        int half = width / 2;
        AlignDataAreas(left, half, right, width - half, height);
        using var leftImage = RenderPanel(left, half, height);
        using var rightImage = RenderPanel(right, width - half, height);
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info)
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {width}x{height} drawing surface.");
        surface.Canvas.Clear(SKColors.White);
        surface.Canvas.DrawImage(leftImage, 0, 0);
        surface.Canvas.DrawImage(rightImage, half, 0);
        surface.Canvas.Flush();
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the plot as PNG.");
        return data.ToArray();
    }

    /// <summary>
    /// Lays both panels out automatically once, then fixes their paddings so the two data areas have the same top,
    /// bottom and width (legends and the colour bar otherwise make them differ), which reads better side by side.
    /// </summary>
    private static void AlignDataAreas(Plot left, int leftWidth, Plot right, int rightWidth, int height)
    {
        left.RenderInMemory(leftWidth, height);
        right.RenderInMemory(rightWidth, height);
        var pl = left.LastRender.Padding;
        var pr = right.LastRender.Padding;
        const float slack = 4;  // tick labels may change slightly with the final data size
        float top = Math.Max(pl.Top, pr.Top), bottom = Math.Max(pl.Bottom, pr.Bottom);
        float leftPad = pl.Left + slack, rightPad = pr.Left + slack;
        float dataWidth = Math.Min(leftWidth - leftPad - pl.Right, rightWidth - rightPad - pr.Right);
        if (dataWidth < 50 || height - top - bottom < 50) return;  // too small to align sensibly: keep automatic layout
        left.Layout.Fixed(new PixelPadding(leftPad, leftWidth - leftPad - dataWidth, bottom, top));
        right.Layout.Fixed(new PixelPadding(rightPad, rightWidth - rightPad - dataWidth, bottom, top));
    }

    private static SKImage RenderPanel(Plot plot, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info)
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {width}x{height} drawing surface.");
        plot.Render(surface);
        return surface.Snapshot();
    }
}
