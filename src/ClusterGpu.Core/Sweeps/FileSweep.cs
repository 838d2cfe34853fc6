using System.Diagnostics;

namespace ClusterGpu.Sweeps;

/// <summary>Seconds the writer thread spent on a run's output (overlapped with integration), and the wall time from the first batch to the finished file.</summary>
public sealed record OutputTimes(double Output, double Wall);

/// <summary>
/// A sweep into its HDF5 file, as <c>clustergpu sweep</c> runs it: each batch is saved in the <see cref="PartStore"/>
/// (<see cref="DurableSweep"/>) and streamed into the <see cref="SweepFile"/> by a writer thread while the next one
/// integrates (<see cref="OutputPipeline"/>); then the file is completed and the parts deleted.
/// </summary>
public static class FileSweep
{
    /// <summary>
    /// Runs <paramref name="integrate"/> (a <see cref="SweepRunner"/> over <paramref name="range"/>, into the sink it is given)
    /// and returns the summary of every batch with the output and wall times. A cancellation or failure propagates after the
    /// batches already computed are saved; the file then does not appear.
    /// </summary>
    public static (SweepSummary Summary, OutputTimes Times) Run(SweepFile file, PartStore store, RowRange range, Func<ISweepSink, SweepSummary> integrate)
    {
        var wall = Stopwatch.StartNew();
        var durable = new DurableSweep(store, range, file);
        SweepSummary run;
        double outputSeconds;
        using (var pipeline = new OutputPipeline(durable))
        {
            run = integrate(pipeline);
            pipeline.Finish();
            outputSeconds = pipeline.OutputSeconds;
        }
        var summary = durable.Finish(run.Backend, run.Device);
        file.Complete(summary);
        store.Delete();
        return (summary, new OutputTimes(outputSeconds, wall.Elapsed.TotalSeconds));
    }
}
