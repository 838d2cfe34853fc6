using System.Security.Cryptography;
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
        WriteDurably(Path.Combine(directory, ManifestName), JsonSerializer.SerializeToUtf8Bytes(manifest));
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

    /// <summary>True when batch <paramref name="start"/> is saved and intact.</summary>
    public bool Has(int start) => Load(start, out _, out _, out _) is not null;

    /// <summary>Saves a batch: its variables, multistability and compute time.</summary>
    public void Save(int start, int count, IReadOnlyList<Array> values, byte[]? multistable, double seconds)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(start);
            writer.Write(count);
            writer.Write(seconds);
            writer.Write(values.Count);
            foreach (var array in values) WriteArray(writer, array);
            writer.Write(multistable is not null);
            if (multistable is not null) WriteArray(writer, multistable);
        }
        var payload = buffer.ToArray();
        WriteDurably(PathOf(start), [.. payload, .. SHA256.HashData(payload)]);
    }

    /// <summary>Batch <paramref name="start"/>'s variables, or null when it is missing or damaged.</summary>
    public Array[]? Load(int start, out int count, out byte[]? multistable, out double seconds)
    {
        (count, multistable, seconds) = (0, null, 0);
        var path = PathOf(start);
        if (!File.Exists(path)) return null;
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 32) return null;
        var payload = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32))) return null;
        using var reader = new BinaryReader(new MemoryStream(payload.ToArray()));
        if (reader.ReadInt32() != start) return null;
        count = reader.ReadInt32();
        seconds = reader.ReadDouble();
        var values = new Array[reader.ReadInt32()];
        for (int v = 0; v < values.Length; v++) values[v] = ReadArray(reader);
        if (reader.ReadBoolean()) multistable = (byte[])ReadArray(reader);
        return values;
    }

    /// <summary>Removes the store once the output file is complete.</summary>
    public void Delete()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }

    private string PathOf(int start) => Path.Combine(Directory, $"batch-{start:D10}.bin");

    private static void WriteArray(BinaryWriter writer, Array array)
    {
        byte kind = array switch { double[] => 0, int[] => 1, byte[] => 2, _ => throw new ArgumentException("Unsupported element type.") };
        writer.Write(kind);
        writer.Write(array.Length);
        int size = kind switch { 0 => 8, 1 => 4, _ => 1 };
        var bytes = new byte[array.Length * size];
        Buffer.BlockCopy(array, 0, bytes, 0, bytes.Length);
        writer.Write(bytes);
    }

    private static Array ReadArray(BinaryReader reader)
    {
        byte kind = reader.ReadByte();
        int length = reader.ReadInt32();
        Array array = kind switch { 0 => new double[length], 1 => new int[length], _ => new byte[length] };
        int size = kind switch { 0 => 8, 1 => 4, _ => 1 };
        Buffer.BlockCopy(reader.ReadBytes(length * size), 0, array, 0, length * size);
        return array;
    }

    /// <summary>Writes aside, flushes to the device, then renames: the file is either complete or absent.</summary>
    private static void WriteDurably(string path, byte[] bytes)
    {
        string temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
