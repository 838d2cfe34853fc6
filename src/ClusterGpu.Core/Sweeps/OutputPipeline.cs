using System.Diagnostics;
using System.Threading.Channels;

namespace ClusterGpu.Sweeps;

/// <summary>
/// Overlaps a sweep's output with its integration: <see cref="Write"/> hands each batch to a bounded queue and returns,
/// and one writer thread passes the batches, in order, to <c>output</c> (saving parts, compressing, writing), while the
/// runner integrates the next batch. Memory holds at most <c>capacity</c> queued batches plus the one being written; the
/// runner waits only when the queue is full, that is when output is slower than integration.
/// </summary>
/// <remarks>
/// A failure of the writer thread stops the run at its next <see cref="Write"/> (or at <see cref="Finish"/>) with that
/// exception. <see cref="Dispose"/> without <see cref="Finish"/> (Ctrl-C, a failure of the integration) still lets the
/// queued batches reach <c>output</c>, so a durable run keeps every batch it computed.
/// </remarks>
public sealed class OutputPipeline : ISweepSink, IDisposable
{
    private readonly ISweepSink output;
    private readonly Channel<SweepBatch> queue;
    private readonly Task writer;
    private readonly Stopwatch busy = new();

    /// <summary>Starts the writer thread in front of <paramref name="output"/>, with room for <paramref name="capacity"/> queued batches.</summary>
    public OutputPipeline(ISweepSink output, int capacity = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.output = output;
        queue = Channel.CreateBounded<SweepBatch>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        writer = Task.Factory.StartNew(Drain, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Seconds the writer thread spent writing (valid after <see cref="Finish"/>).</summary>
    public double OutputSeconds => busy.Elapsed.TotalSeconds;

    /// <summary>Seconds <see cref="Write"/> waited for room in the queue: the output time that integration did not hide.</summary>
    public double WaitSeconds { get; private set; }

    public void Begin(ParameterSpace space, IReadOnlyList<SweepVariableInfo> variables) => output.Begin(space, variables);

    public bool Completed(int start) => output.Completed(start);

    /// <summary>Queues <paramref name="batch"/>, waiting while the queue is full; rethrows a failure of the writer thread.</summary>
    public void Write(SweepBatch batch)
    {
        if (queue.Writer.TryWrite(batch)) return;
        var clock = Stopwatch.StartNew();
        try
        {
            queue.Writer.WriteAsync(batch).AsTask().GetAwaiter().GetResult();
        }
        catch (ChannelClosedException)
        {
            writer.GetAwaiter().GetResult(); // the writer's own exception
            throw;
        }
        finally
        {
            WaitSeconds += clock.Elapsed.TotalSeconds;
        }
    }

    /// <summary>Waits until every queued batch is written; rethrows a failure of the writer thread.</summary>
    public void Finish()
    {
        queue.Writer.TryComplete();
        writer.GetAwaiter().GetResult();
    }

    /// <summary>Lets the queued batches reach the output and stops the writer thread; its failures are dropped here (see <see cref="Finish"/>).</summary>
    public void Dispose()
    {
        queue.Writer.TryComplete();
        try
        {
            writer.Wait();
        }
        catch (AggregateException)
        {
            // Reported by Finish or Write; a run being abandoned has another exception in flight.
        }
    }

    private void Drain()
    {
        try
        {
            while (queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (queue.Reader.TryRead(out var batch))
                {
                    busy.Start();
                    output.Write(batch);
                    busy.Stop();
                }
            }
        }
        catch (Exception e)
        {
            queue.Writer.TryComplete(e);
            throw;
        }
    }
}
