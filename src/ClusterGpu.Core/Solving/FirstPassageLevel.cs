using System.Globalization;
using ClusterGpu.Errors;
using ClusterGpu.Kernels.Models;

namespace ClusterGpu.Solving;

/// <summary>
/// The level whose first passage is recorded per trajectory (<see cref="Kernels.Observers.FirstPassageObserver{TInner, T, TState}"/>):
/// state component <paramref name="State"/> (0-based) reaching <paramref name="Level"/> from its initial side.
/// </summary>
public sealed record FirstPassageLevel(int State, double Level)
{
    /// <summary>Parses <c>--first-passage state=level</c> (e.g. <c>q=1</c>) for <paramref name="model"/>.</summary>
    public static FirstPassageLevel Parse(string text, ModelInfo model)
    {
        string states = string.Join(", ", model.States.Select(s => s.Name));
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new UsageException($"--first-passage '{text}' is malformed; write state=level, e.g. {model.States[0].Name}=1.");
        string name = text[..eq].Trim();
        int state = model.StateIndex(name);
        if (state < 0)
            throw new UsageException($"--first-passage '{text}': model '{model.Name}' has no state '{name}'.{NearestName.Hint(name, model.States.Select(s => s.Name))} States: {states}.");
        string value = text[(eq + 1)..].Trim();
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double level) || !double.IsFinite(level))
            throw new UsageException($"--first-passage '{text}': '{value}' is not a finite number; write state=level, e.g. {name}=1.");
        return new(state, level);
    }
}
