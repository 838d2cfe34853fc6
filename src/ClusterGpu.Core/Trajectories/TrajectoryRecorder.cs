using ClusterGpu.Backends;
using ClusterGpu.Kernels.EntryPoints;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Models;
using ClusterGpu.Solving;

namespace ClusterGpu.Trajectories;

/// <summary>
/// Saved trajectories: <see cref="Count"/> trajectories × <see cref="Samples"/> samples. <see cref="Times"/> is
/// (trajectory, sample) and <see cref="Values"/> (trajectory, sample, state), row-major; samples past a trajectory's
/// end (every-step saving) or failure are NaN. <see cref="Status"/> and <see cref="Steps"/> are the runs' outcomes.
/// </summary>
public sealed record Recording(int Count, int Samples, int States, double[] Times, double[] Values, byte[] Status, long[] Steps)
{
    /// <summary>Value of state <paramref name="state"/> at sample <paramref name="sample"/> of trajectory <paramref name="trajectory"/>.</summary>
    public double Value(int trajectory, int sample, int state) => Values[((long)trajectory * Samples + sample) * States + state];

    /// <summary>Time of sample <paramref name="sample"/> of trajectory <paramref name="trajectory"/>.</summary>
    public double Time(int trajectory, int sample) => Times[(long)trajectory * Samples + sample];
}

/// <summary>
/// Integrates a few trajectories and saves them at the samples of a <see cref="SaveAt"/>. Design: the kernels write
/// nothing per step and every observer has a fixed number of output columns, so a launch keeps one block of 8 samples per
/// trajectory in registers (<see cref="SampleObserver{TSchedule, T, TState}"/>) and the host launches one block after
/// another; each launch integrates the same trajectories with the same steps and bits (on every backend), so the blocks
/// join seamlessly. Cost: ⌈samples/8⌉ integrations; every-step saving first counts the steps with one plain run.
/// </summary>
public static class TrajectoryRecorder
{
    /// <summary>
    /// Records trajectories with column-major <paramref name="parameters"/> and <paramref name="initialStates"/>
    /// (value k of trajectory i at k·N + i); trajectory i draws the noise of stream (seed, <paramref name="firstStream"/> + i),
    /// as in a sweep whose trajectory firstStream + i it is.
    /// </summary>
    public static Recording Record(EnsembleBackend backend, ModelHandle model, IntegrationSettings settings, SaveAt saveAt,
        double[] parameters, double[] initialStates, long firstStream = 0)
    {
        settings.Validate();
        int s = model.Info.States.Count, p = model.Info.Parameters.Count;
        int n = initialStates.Length / s;
        var layout = new EnsembleLayout(n, p, s, settings.T0, settings.TEnd, firstStream, settings.Seed);
        var shared = saveAt.Times(settings);
        int samples;
        if (shared is not null) samples = shared.Length;
        else
        {
            var plain = new double[(long)layout.FixedColumns * n];
            backend.Run(model, settings, null, layout, parameters, initialStates, plain);
            samples = (int)Math.Min(int.MaxValue - 1, Enumerable.Range(0, n).Max(i => plain[(long)(s + 2) * n + i])) + 1;
        }
        var schedule = saveAt.Schedule(settings);
        var times = new double[(long)n * samples];
        var values = new double[(long)n * samples * s];
        var status = new byte[n];
        var steps = new long[n];
        int block = Slots8<double>.Count;
        int columns = layout.FixedColumns + block * (s + 1);
        var outputs = new double[(long)columns * n];
        for (int first = 0; first < samples; first += block)
        {
            backend.RunObserving(model, settings, (number, state) => Activator.CreateInstance(
                typeof(SampleObserver<,,>).MakeGenericType(schedule.GetType(), number, state), schedule, settings.T0, (long)first)!,
                layout, parameters, initialStates, outputs);
            int observer = layout.FixedColumns;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < block && first + j < samples; j++)
                {
                    long at = (long)i * samples + first + j;
                    times[at] = outputs[(long)(observer + j) * n + i];
                    for (int c = 0; c < s; c++) values[at * s + c] = outputs[(long)(observer + block + j * s + c) * n + i];
                }
        }
        for (int i = 0; i < n; i++)
        {
            status[i] = (byte)outputs[(long)(s + 1) * n + i];
            steps[i] = (long)outputs[(long)(s + 2) * n + i];
        }
        return new Recording(n, samples, s, times, values, status, steps);
    }
}
