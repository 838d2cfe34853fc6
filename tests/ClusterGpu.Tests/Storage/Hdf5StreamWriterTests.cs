using System.Text.Json;
using ClusterGpu.Storage;

namespace ClusterGpu.Tests.Storage;

public sealed class Hdf5StreamWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clustergpu-hdf5-stream-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void BlocksInArbitraryOrderReassembleExactly()
    {
        // 3 x 300000 doubles: chunks of 1 x 75000, so blocks of up to 2 rows and random widths straddle chunks in both dimensions.
        var rows = new[] { 0.1, 0.2, 0.3 };
        var columns = Enumerable.Range(0, 300_000).Select(i => (double)i).ToArray();
        var values = Enumerable.Range(0, rows.Length * columns.Length).Select(i => Math.Sin(i * 1e-3) * 1e3).ToArray();
        var counts = Enumerable.Range(0, 24).Select(i => i * 7 - 40).ToArray();
        var flags = Enumerable.Range(0, 24).Select(i => (byte)(i % 3)).ToArray();
        var schema = new LabelledDataset()
            .AddCoordinate("row", rows)
            .AddCoordinate("column", columns)
            .AddCoordinate("a", [1.0, 2.0])
            .AddCoordinate("b", [1.0, 2.0, 3.0])
            .AddCoordinate("c", [1.0, 2.0, 3.0, 4.0])
            .DeclareVariable("value", ["row", "column"], typeof(double))
            .DeclareVariable("count", ["a", "b", "c"], typeof(int))
            .DeclareVariable("flag", ["a", "b", "c"], typeof(byte));
        var streamedPath = Path.Combine(_directory, "streamed.h5");
        var random = new Random(7);

        using (var writer = new Hdf5StreamWriter(schema, streamedPath))
        {
            foreach (var (start, count) in Tiling([3, 300_000], maxRows: 2, random).OrderBy(_ => random.Next()))
                writer.WriteBlock("value", start, count, Block(values, [3, 300_000], start, count));
            foreach (var (start, count) in Tiling([2, 3, 4], maxRows: 1, random).OrderBy(_ => random.Next()))
            {
                writer.WriteBlock("count", start, count, Block(counts, [2, 3, 4], start, count));
                writer.WriteBlock("flag", start, count, Block(flags, [2, 3, 4], start, count));
            }
            Assert.Equal(0, writer.PendingBytes);
            writer.Complete();
        }

        var inMemoryPath = Path.Combine(_directory, "in-memory.h5");
        var inMemory = new LabelledDataset()
            .AddCoordinate("row", rows)
            .AddCoordinate("column", columns)
            .AddCoordinate("a", [1.0, 2.0])
            .AddCoordinate("b", [1.0, 2.0, 3.0])
            .AddCoordinate("c", [1.0, 2.0, 3.0, 4.0])
            .AddVariable("value", ["row", "column"], values)
            .AddVariable("count", ["a", "b", "c"], counts)
            .AddVariable("flag", ["a", "b", "c"], flags);
        Hdf5Writer.Write(inMemory, inMemoryPath);

        using var streamed = Hdf5Reader.Open(streamedPath);
        using var whole = Hdf5Reader.Open(inMemoryPath);
        var value = streamed.Read("value");
        Assert.Equal([3, 300_000], value.Shape);
        Assert.Equal(["row", "column"], value.Dimensions);
        Assert.Equal(values, value.Values);
        Assert.Equal(whole.Read("value").Values, value.Values);
        Assert.Equal(counts.Select(v => (double)v), streamed.Read("count").Values);
        Assert.Equal(whole.Read("count").Values, streamed.Read("count").Values);
        Assert.Equal(flags.Select(v => (double)v), streamed.Read("flag").Values);
        Assert.Equal([2, 3, 4], streamed.Read("flag").Shape);
        Assert.False(File.Exists(streamedPath + Hdf5Writer.PartialSuffix));
    }

    [Fact]
    public void RowMajorBlocksKeepOnlyTheChunksInFlight()
    {
        // 1000 x 2500 doubles (20 MB) in 40 blocks of 25 rows: chunks are 32 x 2500 (640 KB).
        const int rows = 1000, columns = 2500, blockRows = 25;
        var schema = new LabelledDataset()
            .AddCoordinate("trajectory", Enumerable.Range(0, rows).Select(i => (double)i).ToArray())
            .AddCoordinate("time", Enumerable.Range(0, columns).Select(i => i * 0.1).ToArray())
            .DeclareVariable("x", ["trajectory", "time"], typeof(double));
        var path = Path.Combine(_directory, "bounded.h5");
        long peakPending = 0;

        using (var writer = new Hdf5StreamWriter(schema, path))
        {
            for (int first = 0; first < rows; first += blockRows)
            {
                var block = Enumerable.Range(first * columns, blockRows * columns).Select(i => (double)i).ToArray();
                writer.WriteBlock("x", [(ulong)first, 0], [blockRows, columns], block);
                peakPending = Math.Max(peakPending, writer.PendingBytes);
            }
            Assert.Equal(0, writer.PendingBytes);
            writer.Complete();
        }

        Assert.InRange(peakPending, 1, 2 * 32 * columns * sizeof(double));
        using var reader = Hdf5Reader.Open(path);
        var x = reader.Read("x").Values;
        Assert.Equal(rows * columns, x.Length);
        Assert.All(Enumerable.Range(0, x.Length).Where(i => i % 9973 == 0), i => Assert.Equal(i, x[i]));
        Assert.Equal(x.Length - 1.0, x[^1]);
    }

    [Fact]
    public void XarrayH5netcdfAndH5pyReadAStreamedFile()
    {
        PythonReaders.Require();
        const string script = """
            import json, sys
            import h5py, xarray
            path = sys.argv[1]
            ds = xarray.open_dataset(path, engine="h5netcdf")
            out = {
                "coords": {name: ds[name].values.tolist() for name in ds.coords},
                "dims": {name: list(ds[name].dims) for name in ds.data_vars},
                "order": ds["order"].values.tolist(),
                "regime": ds["regime"].values.tolist(),
                "regime_dtype": str(ds["regime"].dtype),
                "flag_meanings": str(ds["regime"].attrs["flag_meanings"]),
                "steps": ds["steps"].values.tolist(),
                "title": str(ds.attrs["title"]),
            }
            provenance = ds["provenance"].values.item()
            out["provenance"] = provenance.decode() if isinstance(provenance, bytes) else str(provenance)
            ds.close()
            with h5py.File(path, "r") as f:
                out["h5py_order"] = f["order"][...].tolist()
                out["h5py_dims"] = [f["order"].dims[i][0].name for i in range(f["order"].ndim)]
            print(json.dumps(out))
            """;
        var schema = new LabelledDataset { Provenance = SampleDataset.Provenance }
            .AddCoordinate("coupling", SampleDataset.Coupling, new Dictionary<string, object> { ["units"] = "1" })
            .AddCoordinate("omega", SampleDataset.Omega, new Dictionary<string, object> { ["units"] = "rad/s" })
            .DeclareVariable("order", ["coupling", "omega"], typeof(double),
                new Dictionary<string, object> { ["long_name"] = "time-averaged Kuramoto order parameter r" })
            .DeclareVariable("regime", ["coupling", "omega"], typeof(byte),
                new Dictionary<string, object> { ["flag_values"] = new[] { 0, 1, 2 }, ["flag_meanings"] = SampleDataset.FlagMeanings })
            .AddVariable("steps", ["coupling", "omega"], SampleDataset.Steps)
            .SetAttribute("title", SampleDataset.Title);
        var path = Path.Combine(_directory, "interop.h5");

        using (var writer = new Hdf5StreamWriter(schema, path))
        {
            foreach (ulong row in new ulong[] { 2, 0, 1 })
            {
                writer.WriteBlock("regime", [row, 0], [1, 4], SampleDataset.Regime.Skip((int)row * 4).Take(4).ToArray());
                writer.WriteBlock("order", [row, 0], [1, 4], SampleDataset.Order.Skip((int)row * 4).Take(4).ToArray());
            }
            writer.Complete();
        }

        var (exitCode, stdout, stderr) = PythonReaders.Run("-c", script, path);

        Assert.True(exitCode == 0, $"python readers failed on the streamed file:\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        var coords = root.GetProperty("coords");
        Assert.Equal(["coupling", "omega"], coords.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(SampleDataset.Coupling, Doubles(coords.GetProperty("coupling")));
        Assert.Equal(SampleDataset.Omega, Doubles(coords.GetProperty("omega")));
        foreach (var variable in new[] { "order", "regime", "steps" })
            Assert.Equal(["coupling", "omega"], root.GetProperty("dims").GetProperty(variable).EnumerateArray().Select(d => d.GetString()!));
        Assert.Equal(SampleDataset.Order, Rows(root.GetProperty("order")));
        Assert.Equal(SampleDataset.Regime.Select(v => (double)v), Rows(root.GetProperty("regime")));
        Assert.Equal("uint8", root.GetProperty("regime_dtype").GetString());
        Assert.Equal(SampleDataset.FlagMeanings, root.GetProperty("flag_meanings").GetString());
        Assert.Equal(SampleDataset.Steps.Select(v => (double)v), Rows(root.GetProperty("steps")));
        Assert.Equal(SampleDataset.Title, root.GetProperty("title").GetString());
        Assert.Equal(SampleDataset.Provenance, root.GetProperty("provenance").GetString());
        Assert.Equal(SampleDataset.Order, Rows(root.GetProperty("h5py_order")));
        Assert.Equal(["/coupling", "/omega"], root.GetProperty("h5py_dims").EnumerateArray().Select(d => d.GetString()!));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    public void ChunksCompressedInParallelAreTheBytesPureHdfWritesItself(int deflateLevel)
    {
        // Three variables of 3 x 200000 (chunks of 1 x 100000 doubles, 1 x 200000 ints, 3 x 200000 bytes): one WriteBlocks
        // call completes all 10 chunks, which compress in parallel. PureHDF's own pipeline writes the same data given whole;
        // equal chunk bytes make equal file sizes (the shuffle's element size and the deflate level both change them).
        const int rows = 3, columns = 200_000;
        var x = Enumerable.Range(0, rows * columns).Select(i => Math.Sin(i * 1e-3) * 1e3).ToArray();
        var y = x.Select(v => (byte)(v > 0 ? 1 : 0)).ToArray();
        var k = x.Select(v => (int)v).ToArray();
        LabelledDataset Coordinates() => new LabelledDataset()
            .AddCoordinate("row", [0.0, 1.0, 2.0])
            .AddCoordinate("column", Enumerable.Range(0, columns).Select(i => (double)i).ToArray());
        var streamedPath = Path.Combine(_directory, "parallel.h5");
        var wholePath = Path.Combine(_directory, "whole.h5");

        using (var writer = new Hdf5StreamWriter(Coordinates()
            .DeclareVariable("x", ["row", "column"], typeof(double))
            .DeclareVariable("y", ["row", "column"], typeof(byte))
            .DeclareVariable("k", ["row", "column"], typeof(int)), streamedPath, deflateLevel))
        {
            writer.WriteBlocks([new("x", [0, 0], [rows, columns], x), new("y", [0, 0], [rows, columns], y), new("k", [0, 0], [rows, columns], k)]);
            Assert.Equal(0, writer.PendingBytes);
            writer.Complete();
        }
        Hdf5Writer.Write(Coordinates().AddVariable("x", ["row", "column"], x).AddVariable("y", ["row", "column"], y).AddVariable("k", ["row", "column"], k),
            wholePath, deflateLevel);

        Assert.Equal(new FileInfo(wholePath).Length, new FileInfo(streamedPath).Length);
        using var streamed = Hdf5Reader.Open(streamedPath);
        Assert.Equal(x, streamed.Read("x").Values);
        Assert.Equal(y.Select(v => (double)v), streamed.Read("y").Values);
        Assert.Equal(k.Select(v => (double)v), streamed.Read("k").Values);
    }

    [Fact]
    public void DisposingWithoutCompleteLeavesNoFile()
    {
        var path = Path.Combine(_directory, "abandoned.h5");

        using (var writer = new Hdf5StreamWriter(Schema(), path))
        {
            writer.WriteBlock("order", [0, 0], [1, 4], new double[4]);
            Assert.True(File.Exists(path + Hdf5Writer.PartialSuffix));
        }

        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + Hdf5Writer.PartialSuffix));
    }

    [Fact]
    public void BadBlocksAreRejectedAndLeaveTheWriterUsable()
    {
        var path = Path.Combine(_directory, "bad.h5");
        using var writer = new Hdf5StreamWriter(Schema(), path);

        Assert.Throws<ArgumentException>(() => writer.WriteBlock("order", [2, 0], [2, 4], new double[8]));    // rows 2..3 of 3
        Assert.Throws<ArgumentException>(() => writer.WriteBlock("order", [0, 4], [1, 1], new double[1]));    // column 4 of 4
        Assert.Throws<ArgumentException>(() => writer.WriteBlock("order", [0, 0], [1, 4], new double[3]));    // wrong length
        Assert.Throws<ArgumentException>(() => writer.WriteBlock("order", [0, 0], [1, 4], new int[4]));       // wrong element type
        Assert.Throws<ArgumentException>(() => writer.WriteBlock("order", [0], [4], new double[4]));          // wrong rank
        Assert.Throws<ArgumentException>(() => writer.WriteBlock("order", [0, 0], [0, 4], Array.Empty<double>()));
        Assert.Contains("'order'", Assert.Throws<ArgumentException>(() => writer.WriteBlock("ordr", [0, 0], [1, 4], new double[4])).Message);
        Assert.Contains("written whole", Assert.Throws<ArgumentException>(() => writer.WriteBlock("steps", [0, 0], [1, 4], new int[4])).Message);

        writer.WriteBlock("order", [0, 0], [2, 2], new double[] { 1, 2, 5, 6 });
        Assert.Throws<InvalidOperationException>(() => writer.WriteBlock("order", [1, 1], [1, 2], new double[2]));   // overlaps (1, 1)
        Assert.Contains("'order' (8 of 12 values)", Assert.Throws<InvalidOperationException>(writer.Complete).Message);

        writer.WriteBlock("order", [0, 2], [2, 2], new double[] { 3, 4, 7, 8 });
        writer.WriteBlock("order", [2, 0], [1, 4], new double[] { 9, 10, 11, 12 });
        writer.Complete();
        Assert.Throws<InvalidOperationException>(() => writer.WriteBlock("order", [0, 0], [1, 1], new double[1]));

        using var reader = Hdf5Reader.Open(path);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (double)i), reader.Read("order").Values);
        Assert.Equal(SampleDataset.Steps.Select(v => (double)v), reader.Read("steps").Values);
    }

    [Fact]
    public void InMemoryWriterRejectsDeclaredVariables()
    {
        var path = Path.Combine(_directory, "declared.h5");
        var error = Assert.Throws<ArgumentException>(() => Hdf5Writer.Write(Schema(), path));
        Assert.Contains(nameof(Hdf5StreamWriter), error.Message);
        Assert.False(File.Exists(path));
        Assert.Throws<ArgumentException>(() => new LabelledDataset().AddCoordinate("x", [1.0]).DeclareVariable("v", ["x"], typeof(long)));
    }

    private static LabelledDataset Schema() => new LabelledDataset()
        .AddCoordinate("coupling", SampleDataset.Coupling)
        .AddCoordinate("omega", SampleDataset.Omega)
        .DeclareVariable("order", ["coupling", "omega"], typeof(double))
        .AddVariable("steps", ["coupling", "omega"], SampleDataset.Steps);

    /// <summary>Blocks covering <paramref name="shape"/> exactly once: bands of up to <paramref name="maxRows"/> rows, each cut at random widths in the last dimension.</summary>
    private static List<(ulong[] Start, ulong[] Count)> Tiling(int[] shape, int maxRows, Random random)
    {
        var blocks = new List<(ulong[], ulong[])>();
        int last = shape.Length - 1;
        var middle = shape[1..last].Aggregate(1, (a, b) => a * b);
        for (int row = 0; row < shape[0]; row += maxRows)
        {
            int rows = Math.Min(maxRows, shape[0] - row);
            for (int m = 0; m < middle; m++)
            {
                for (int column = 0; column < shape[last];)
                {
                    int width = Math.Min(shape[last] - column, 1 + random.Next(Math.Max(1, shape[last] / 5)));
                    var start = new ulong[shape.Length];
                    var count = new ulong[shape.Length];
                    start[0] = (ulong)row;
                    count[0] = (ulong)rows;
                    for (int d = last - 1, rest = m; d >= 1; d--)
                    {
                        start[d] = (ulong)(rest % shape[d]);
                        count[d] = 1;
                        rest /= shape[d];
                    }
                    start[last] = (ulong)column;
                    count[last] = (ulong)width;
                    blocks.Add((start, count));
                    column += width;
                }
            }
        }
        return blocks;
    }

    /// <summary>The row-major values of the block at <paramref name="start"/> with extent <paramref name="count"/> of a row-major array of <paramref name="shape"/>.</summary>
    private static T[] Block<T>(T[] all, int[] shape, ulong[] start, ulong[] count)
    {
        var result = new T[count.Aggregate(1, (a, n) => a * (int)n)];
        var position = new int[shape.Length];
        for (int i = 0; i < result.Length; i++)
        {
            int offset = 0;
            for (int d = 0; d < shape.Length; d++)
                offset = offset * shape[d] + (int)start[d] + position[d];
            result[i] = all[offset];
            for (int d = shape.Length - 1; d >= 0 && ++position[d] == (int)count[d]; d--)
                position[d] = 0;
        }
        return result;
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static double[] Rows(JsonElement nested) => nested.EnumerateArray().SelectMany(row => Doubles(row)).ToArray();
}
