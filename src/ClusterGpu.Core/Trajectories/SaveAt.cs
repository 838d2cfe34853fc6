using System.Globalization;
using ClusterGpu.Errors;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Kernels.Steppers;
using ClusterGpu.Solving;

namespace ClusterGpu.Trajectories;

/// <summary>
/// Where a trajectory is saved: on the time grid t_k = t0 + k·Δ (<see cref="Interval"/> Δ), or after every accepted step
/// (<see cref="Interval"/> null). Adaptive methods take grid values from the step's continuous extension (DenseOutput: Dormand-Prince's order-4 dense output)
/// (<see cref="DenseGrid"/>); fixed-step methods need Δ to be a whole multiple m of dt and save every m-th step exactly
/// (<see cref="StepStride"/>; the last sample is at t_end when the span is not a whole number of steps).
/// </summary>
public sealed record SaveAt(double? Interval)
{
    /// <summary>
    /// Parses <c>--saveat</c>: <c>step</c>, a positive interval no longer than the span, or <c>auto</c> (about 1000 samples:
    /// span/1000, for fixed-step methods rounded up to a multiple of dt).
    /// </summary>
    public static SaveAt Parse(string text, IntegrationSettings settings)
    {
        double span = settings.TEnd - settings.T0;
        if (text == "step") return new SaveAt((double?)null);
        if (text == "auto")
            return new SaveAt(settings.IsFixedStep ? settings.Dt * Math.Max(1, Math.Ceiling(span / 1000 / settings.Dt * (1 - 1e-12))) : span / 1000);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double interval) || !double.IsFinite(interval))
            throw new UsageException($"--saveat '{text}' is not a number; give an interval (e.g. --saveat 0.01), 'step' (every step) or 'auto'.");
        if (interval <= 0) throw new UsageException($"--saveat {text} must be positive; give an interval such as 0.01.");
        if (interval > span)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--saveat {text} is longer than the time span {span:G6}; give at most {span:G6}."));
        var saveAt = new SaveAt(interval);
        if (settings.IsFixedStep) saveAt.Stride(settings);
        return saveAt;
    }

    /// <summary>Steps per sample m = Δ/dt for fixed-step methods (1 when saving every step); a <see cref="UsageException"/> unless whole.</summary>
    public long Stride(IntegrationSettings settings)
    {
        if (Interval is not { } interval) return 1;
        double m = Math.Round(interval / settings.Dt);
        if (m < 1 || Math.Abs(m * settings.Dt - interval) > 1e-9 * interval)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"--saveat {interval:G6} is not a whole multiple of --dt {settings.Dt:G6}: {settings.MethodName} saves exact step ends only; use e.g. --saveat {settings.Dt * Math.Max(1, m):G6}."));
        return (long)m;
    }

    /// <summary>True when every point shares the sample times (a grid; or every step of a fixed-step method).</summary>
    public bool SharedTimes(IntegrationSettings settings) => Interval is not null || settings.IsFixedStep;

    /// <summary>The kernel schedule (boxed <see cref="DenseGrid"/> or <see cref="StepStride"/>).</summary>
    internal object Schedule(IntegrationSettings settings) =>
        Interval is { } interval && !settings.IsFixedStep
            ? new DenseGrid(settings.T0, interval, settings.TEnd)
            : new StepStride(Stride(settings));

    /// <summary>
    /// Sample times shared by every point (<see cref="SharedTimes"/>), or null: grid t_k = min(t0 + k·Δ, t_end) for
    /// k ≤ (t_end − t0)/Δ (to 1e-12 relative); fixed steps: t0 + k·m·dt, t_end for the last step.
    /// </summary>
    public double[]? Times(IntegrationSettings settings)
    {
        double t0 = settings.T0, tEnd = settings.TEnd;
        if (settings.IsFixedStep)
        {
            long steps = FixedStep<Rk4>.StepCount(t0, tEnd, settings.Dt), m = Stride(settings);
            return Enumerable.Range(0, checked((int)(steps / m + 1))).Select(k => k * m == steps ? tEnd : t0 + k * m * settings.Dt).ToArray();
        }
        if (Interval is not { } interval) return null;
        long count = (long)Math.Floor((tEnd - t0) / interval * (1 + 1e-12)) + 1;
        if (count > 50_000_000) throw new UsageException($"--saveat {interval} makes {count} samples per trajectory; give a larger interval.");
        return Enumerable.Range(0, (int)count).Select(k => Math.Min(t0 + k * interval, tEnd)).ToArray();
    }

    /// <summary>Text for headers and attributes: the interval, or "step".</summary>
    public override string ToString() => Interval is { } interval ? interval.ToString("G6", CultureInfo.InvariantCulture) : "step";
}
