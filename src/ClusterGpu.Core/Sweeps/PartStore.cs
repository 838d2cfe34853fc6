using System.Runtime.InteropServices;
using System.IO.Hashing;
using System.Text.Json;
using ClusterGpu.Errors;

namespace ClusterGpu.Sweeps;

/// <summary>
/// Durability of a long run: every completed batch is saved as one file in <c>&lt;out&gt;.parts/</c> (written aside,
/// flushed to disk, renamed: a crash leaves either the whole batch or nothing), under a manifest that names the run's
/// fingerprint. After <c>kill -9</c>, a power cut or Ctrl-C, the same command with <c>--resume</c> reuses every
/// batch whose file is intact and computes only the rest.
/// </summary>
public sealed class PartStore
{
    private const string ManifestName = "manifest.json";

    /// <summary>Bytes of the XXH128 checksum at the end of each part.</summary>
    private const int ChecksumBytes = 16;

    private sealed record Manifest(string Fingerprint, int BatchSize, int First, int Count, string[] Variables, string[] Types);

    private PartStore(string directory) => Directory = directory;

    /// <summary>The parts directory.</summary>
    public string Directory { get; }

    /// <summary>Parts directory of output <paramref name="output"/>.</summary>
    public static string DirectoryFor(string output) => Path.GetFullPath(output) + ".parts";

    /// <summary>
    /// Opens the store for a run. Without <paramref name="resume"/> an existing store is an error (unless
    /// <paramref name="force"/> discards it); with it the store must exist and match the run exactly.
    /// </summary>
    public static PartStore Open(string output, string fingerprint, int batchSize, int first, int count,
        IReadOnlyList<SweepVariableInfo> variables, bool resume, bool force)
    {
        var directory = DirectoryFor(output);
        var manifest = new Manifest(fingerprint, batchSize, first, count, variables.Select(v => v.Name).ToArray(), variables.Select(v => v.ElementType.Name).ToArray());
        var store = new PartStore(directory);
        bool exists = System.IO.Directory.Exists(directory);
        if (resume)
        {
            if (!exists) throw new UsageException($"--resume: there is no interrupted run to continue ('{directory}' does not exist); run without --resume.");
            var saved = ReadManifest(directory);
            if (saved is null || saved.Fingerprint != fingerprint || saved.BatchSize != batchSize || saved.First != first || saved.Count != count
                || !saved.Variables.SequenceEqual(manifest.Variables))
                throw new UsageException($"--resume: '{directory}' belongs to a different run (other settings, batch size or shard); "
                    + "resume with exactly the original options, or start over with --force.");
            return store;
        }
        if (exists)
        {
            if (!force)
                throw new UsageException($"An interrupted run left '{directory}'; add --resume to continue it, or --force to discard it and start over.");
            System.IO.Directory.Delete(directory, recursive: true);
        }
        System.IO.Directory.CreateDirectory(directory);
        WriteDurably(Path.Combine(directory, ManifestName), stream => stream.Write(JsonSerializer.SerializeToUtf8Bytes(manifest)));
        return store;
    }

    /// <summary>The saved manifest; a damaged or missing one cannot be resumed.</summary>
    private static Manifest? ReadManifest(string directory)
    {
        string path = Path.Combine(directory, ManifestName);
        try
        {
            return JsonSerializer.Deserialize<Manifest>(File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new UsageException($"--resume: the manifest '{path}' is missing or damaged ({e.GetType().Name}), so the saved batches cannot be trusted; "
                + "start over with --force instead of --resume.");
        }
    }

    /// <summary>True when batch <paramref name="start"/> is saved and intact. Safe while other batches are being saved.</summary>
    public bool Has(int start) => Load(start) is not null;

    /// <summary>
    /// Saves a batch (its variables, multistability, regime counts, failures and integration time) straight from its
    /// arrays, with an XXH128 checksum of the whole file at its end (it detects a damaged part; XXH128 runs at memory speed,
    /// where SHA-256 took an eighth of the writer thread of a short sweep).
    /// </summary>
    public void Save(SweepBatch batch)
    {
        WriteDurably(PathOf(batch.Start), stream =>
        {
            var hash = new XxHash128();
            void Put(ReadOnlySpan<byte> bytes)
            {
                hash.Append(bytes);
                stream.Write(bytes);
            }
            void PutArray(Array array)
            {
                Put([Kind(array)]);
                Put(BitConverter.GetBytes(array.Length));
                Put(Bytes(array));
            }
            Put(MemoryMarshal.AsBytes<int>([batch.Start, batch.Count, batch.Values.Count, batch.RegimeCounts.Length, batch.Multistable is null ? 0 : 1]));
            Put(MemoryMarshal.AsBytes<double>([batch.Seconds]));
            Put(MemoryMarshal.AsBytes<long>([batch.Failed, .. batch.RegimeCounts]));
            foreach (var array in batch.Values) PutArray(array);
            if (batch.Multistable is { } multistable) PutArray(multistable);
            stream.Write(hash.GetHashAndReset());
        });
    }

    /// <summary>Batch <paramref name="start"/>, or null when it is missing or damaged.</summary>
    public SweepBatch? Load(int start)
    {
        var path = PathOf(start);
        if (!File.Exists(path)) return null;
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < ChecksumBytes + 5 * sizeof(int)) return null;
        var payload = bytes.AsSpan(0, bytes.Length - ChecksumBytes);
        if (!XxHash128.Hash(payload).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - ChecksumBytes))) return null;
        var header = MemoryMarshal.Cast<byte, int>(payload[..(5 * sizeof(int))]);
        if (header[0] != start) return null;
        int count = header[1], variables = header[2], regimes = header[3];
        bool hasMultistable = header[4] == 1;
        var rest = payload[(5 * sizeof(int))..];
        double seconds = MemoryMarshal.Read<double>(rest);
        var longs = MemoryMarshal.Cast<byte, long>(rest.Slice(sizeof(double), (1 + regimes) * sizeof(long)));
        rest = rest[(sizeof(double) + (1 + regimes) * sizeof(long))..];
        var values = new Array[variables];
        for (int v = 0; v < variables; v++) values[v] = TakeArray(ref rest);
        var multistable = hasMultistable ? (byte[])TakeArray(ref rest) : null;
        return new SweepBatch(start, count, values, multistable, longs[1..].ToArray(), longs[0], seconds);
    }

    /// <summary>Removes the store once the output file is complete.</summary>
    public void Delete()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }

    private string PathOf(int start) => Path.Combine(Directory, $"batch-{start:D10}.bin");

    private static byte Kind(Array array) => array switch { double[] => 0, int[] => 1, byte[] => 2, _ => throw new ArgumentException("Unsupported element type.") };

    /// <summary>The elements of a double[], int[] or byte[] as bytes, in place.</summary>
    private static Span<byte> Bytes(Array array) => array switch
    {
        double[] d => MemoryMarshal.AsBytes(d.AsSpan()),
        int[] i => MemoryMarshal.AsBytes(i.AsSpan()),
        byte[] b => b,
        _ => throw new ArgumentException("Unsupported element type."),
    };

    /// <summary>Reads one array (kind, length, elements) from the front of <paramref name="rest"/> and advances past it.</summary>
    private static Array TakeArray(ref Span<byte> rest)
    {
        byte kind = rest[0];
        int length = MemoryMarshal.Read<int>(rest[1..]);
        Array array = kind switch { 0 => new double[length], 1 => new int[length], _ => new byte[length] };
        var bytes = Bytes(array);
        rest.Slice(1 + sizeof(int), bytes.Length).CopyTo(bytes);
        rest = rest[(1 + sizeof(int) + bytes.Length)..];
        return array;
    }

    /// <summary>Writes aside, flushes to the device, then renames: the file is either complete or absent.</summary>
    private static void WriteDurably(string path, Action<Stream> write)
    {
        string temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
