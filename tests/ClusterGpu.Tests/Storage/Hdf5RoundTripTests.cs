using ClusterGpu.Errors;
using ClusterGpu.Storage;

namespace ClusterGpu.Tests.Storage;

public sealed class Hdf5RoundTripTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clustergpu-hdf5-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void VariablesCoordinatesAttributesAndProvenanceRoundTrip()
    {
        var path = Path.Combine(_directory, "sweep.h5");
        Hdf5Writer.Write(SampleDataset.Create(), path);

        using var reader = Hdf5Reader.Open(path);
        Assert.Equal(["coupling", "omega"], reader.CoordinateNames.Order());
        Assert.Equal(["coupling", "omega", "order", "provenance", "regime", "steps"], reader.Names.Order());

        var coupling = reader.Read("coupling");
        Assert.Equal(SampleDataset.Coupling, coupling.Values);
        Assert.Equal([3], coupling.Shape);
        Assert.Equal(["coupling"], coupling.Dimensions);

        var order = reader.Read("order");
        Assert.Equal(SampleDataset.Order, order.Values);
        Assert.Equal([3, 4], order.Shape);
        Assert.Equal(["coupling", "omega"], order.Dimensions);

        Assert.Equal(SampleDataset.Regime.Select(v => (double)v), reader.Read("regime").Values);
        Assert.Equal(SampleDataset.Steps.Select(v => (double)v), reader.Read("steps").Values);

        var regimeAttributes = reader.AttributesOf("regime");
        Assert.Equal(SampleDataset.FlagMeanings, regimeAttributes["flag_meanings"]);
        Assert.Equal(new[] { 0, 1, 2 }, regimeAttributes["flag_values"]);
        Assert.Equal("rad/s", reader.AttributesOf("omega")["units"]);
        Assert.False(reader.AttributesOf("omega").ContainsKey("CLASS"));

        Assert.Equal(SampleDataset.Title, reader.Attributes["title"]);
        Assert.Equal(12, reader.Attributes["trajectories"]);
        Assert.Equal(250.5, reader.Attributes["t_end"]);
        Assert.Equal(SampleDataset.Provenance, reader.Provenance);
        Assert.False(File.Exists(path + Hdf5Writer.PartialSuffix));
    }

    [Fact]
    public void LargeVariableIsChunkedAndRoundTrips()
    {
        var rows = Enumerable.Range(0, 300).Select(i => (double)i).ToArray();
        var columns = Enumerable.Range(0, 700).Select(i => i * 0.01).ToArray();
        var data = Enumerable.Range(0, rows.Length * columns.Length).Select(i => Math.Sin(i * 1e-3)).ToArray();
        var dataset = new LabelledDataset()
            .AddCoordinate("row", rows)
            .AddCoordinate("column", columns)
            .AddVariable("value", ["row", "column"], data);
        var path = Path.Combine(_directory, "large.h5");

        Hdf5Writer.Write(dataset, path, deflateLevel: 9);

        using var reader = Hdf5Reader.Open(path);
        var value = reader.Read("value");
        Assert.Equal([300, 700], value.Shape);
        Assert.Equal(data, value.Values);
        Assert.Null(reader.Provenance);
    }

    [Fact]
    public void ExistingFileIsReplaced()
    {
        var path = Path.Combine(_directory, "replace.h5");
        File.WriteAllText(path, "old contents");

        Hdf5Writer.Write(SampleDataset.Create(), path);

        using var reader = Hdf5Reader.Open(path);
        Assert.Equal(SampleDataset.Omega, reader.Read("omega").Values);
    }

    [Fact]
    public void MissingDirectoryIsAUsageErrorAndLeavesNothing()
    {
        var directory = Path.Combine(_directory, "absent");
        var path = Path.Combine(directory, "out.h5");

        var error = Assert.Throws<UsageException>(() => Hdf5Writer.Write(SampleDataset.Create(), path));

        Assert.Contains("does not exist", error.Message);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void FailedWriteLeavesNoOutputOrPartialFile()
    {
        var path = Path.Combine(_directory, "failed.h5");
        // A directory squatting on the partial file's name makes the write fail after validation.
        Directory.CreateDirectory(path + Hdf5Writer.PartialSuffix);

        Assert.Throws<UsageException>(() => Hdf5Writer.Write(SampleDataset.Create(), path));

        Assert.False(File.Exists(path));
    }

    [Fact]
    public void UnsupportedDeflateLevelIsRejected()
    {
        var path = Path.Combine(_directory, "level.h5");
        Assert.Throws<ArgumentOutOfRangeException>(() => Hdf5Writer.Write(SampleDataset.Create(), path, deflateLevel: 6));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void InconsistentDatasetsAreRejected()
    {
        var dataset = new LabelledDataset().AddCoordinate("x", [1.0, 2.0]);
        Assert.Throws<ArgumentException>(() => dataset.AddVariable("v", ["x"], new double[3]));
        Assert.Throws<ArgumentException>(() => dataset.AddVariable("v", ["y"], new double[2]));
        Assert.Throws<ArgumentException>(() => dataset.AddVariable("v", ["x"], new float[2]));
        Assert.Throws<ArgumentException>(() => dataset.AddVariable("x", ["x"], new double[2]));
        Assert.Throws<ArgumentException>(() => dataset.AddVariable(LabelledDataset.ProvenanceName, ["x"], new double[2]));
        Assert.Throws<ArgumentException>(() => dataset.AddCoordinate("z", Array.Empty<double>()));
        Assert.Throws<ArgumentException>(() => dataset.SetAttribute("bad", new object()));
    }

    [Fact]
    public void UnknownNameSuggestsTheNearest()
    {
        var path = Path.Combine(_directory, "names.h5");
        Hdf5Writer.Write(SampleDataset.Create(), path);
        using var reader = Hdf5Reader.Open(path);

        var error = Assert.Throws<UsageException>(() => reader.Read("ordr"));

        Assert.Contains("'order'", error.Message);
    }
}
