using System.Globalization;
using System.Text.Json;
using ClusterGpu.Storage;
using ClusterGpu.Tests.Cli;
using ClusterGpu.Tests.Storage;
using ParquetSharp;

namespace ClusterGpu.Tests.Exports;

/// <summary>
/// The Parquet export read back by an independent reader, ParquetSharp (Apache Arrow's C++ parquet library), against
/// two oracles: xarray's own flattening of the HDF5 file (<c>to_dataframe()</c>) and, for a sweep, the HDF5 arrays read
/// directly and indexed by hand.
/// </summary>
public sealed class ParquetExportTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-parquet-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string PathOf(string name) => Path.Combine(directory, name);

    /// <summary>xarray's flattening of a file over <c>argv[2]</c> (comma-separated dimensions): every column as text (numbers by repr, exact).</summary>
    private const string XarrayFrame = """
        import sys, json, xarray
        ds = xarray.open_dataset(sys.argv[1], engine="h5netcdf")
        dims = sys.argv[2].split(",")
        names = [n for n in ds.variables if set(ds[n].dims) <= set(dims) and n != "provenance"]
        frame = ds[[n for n in names if n not in dims]].to_dataframe().reset_index()
        def text(v):
            if isinstance(v, (bytes, str)): return v.decode() if isinstance(v, bytes) else v
            return "NaN" if v != v else repr(float(v))
        print(json.dumps({name: [text(v) for v in frame[name].tolist()] for name in frame.columns}))
        """;

    /// <summary>The Parquet file's columns as ParquetSharp reads them: name, physical type and values (one row group or several).</summary>
    private static Dictionary<string, (PhysicalType Type, List<object> Values)> ReadParquet(string path)
    {
        using var file = new ParquetFileReader(path);
        var schema = file.FileMetaData.Schema;
        var columns = Enumerable.Range(0, file.FileMetaData.NumColumns)
            .ToDictionary(c => schema.Column(c).Name, c => (schema.Column(c).PhysicalType, new List<object>()));
        for (int g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            int rows = checked((int)group.MetaData.NumRows);
            for (int c = 0; c < file.FileMetaData.NumColumns; c++)
            {
                var (type, values) = columns[schema.Column(c).Name];
                using var column = group.Column(c);
                switch (type)
                {
                    case PhysicalType.Double: values.AddRange(column.LogicalReader<double>().ReadAll(rows).Cast<object>()); break;
                    case PhysicalType.Int64: values.AddRange(column.LogicalReader<long>().ReadAll(rows).Cast<object>()); break;
                    default: values.AddRange(column.LogicalReader<string>().ReadAll(rows)); break;
                }
            }
        }
        file.Close();
        return columns;
    }

    /// <summary>A value as comparable text: numbers by the bits of their double (text from Python is parsed first), strings as they are.</summary>
    private static string Text(object value) => value switch
    {
        double d => BitConverter.DoubleToInt64Bits(double.IsNaN(d) ? double.NaN : d).ToString(CultureInfo.InvariantCulture),
        long l => Text((double)l),
        _ => (string)value,
    };

    private static string Number(string python) => Text(double.Parse(python, CultureInfo.InvariantCulture));

    /// <summary>Exports <paramref name="file"/> to Parquet and checks it against xarray's flattening; returns what ParquetSharp read.</summary>
    private Dictionary<string, (PhysicalType Type, List<object> Values)> ExportAndCompareWithXarray(string file, string dimensions)
    {
        string parquet = PathOf("out.parquet");
        var (code, output, error) = CliRunner.Run("export", file, "--parquet", parquet);
        Assert.True(code == 0, error);
        Assert.Contains("wrote", output);
        var read = ReadParquet(parquet);
        var (exit, stdout, stderr) = PythonReaders.Run("-c", XarrayFrame, file, dimensions);
        Assert.True(exit == 0, stderr);
        var frame = JsonDocument.Parse(stdout).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray());
        Assert.Equal(dimensions.Split(','), read.Keys.Take(dimensions.Split(',').Length));
        Assert.Equal(frame.Keys.Order(), read.Keys.Order());
        foreach (var (name, values) in frame)
        {
            var expected = read[name].Type == PhysicalType.ByteArray ? values : values.Select(Number).ToArray();
            Assert.True(expected.SequenceEqual(read[name].Values.Select(Text)), $"column {name}: parquet [{string.Join(", ", read[name].Values.Take(6))}...] != xarray [{string.Join(", ", values.Take(6))}...]");
        }
        File.Delete(parquet);
        return read;
    }

    [Fact]
    public void ExportedSweepWithInitialConditionsAndCarriedLabels_ReadByParquetSharp_EqualsTheHdf5ValuesAndXarraysFlattening()
    {
        PythonReaders.Require();
        string points = PathOf("p.csv"), file = PathOf("s.h5");
        File.WriteAllText(points, "e0,eta,site\n0.5,2,north\n1.5,4,south\n2.5,6,east\n3.5,9,west\n");
        var (code, _, error) = CliRunner.Run("sweep", "--model", "innovation-cluster", "--points", points, "--ic", "x=0.005,1", "--t-end", "20",
            "--backend", "cpu", "--out", file, "--quiet");
        Assert.True(code == 0, error);
        var read = ExportAndCompareWithXarray(file, "sample,ic");

        // Second oracle: the HDF5 arrays, row r = sample·2 + ic, indexed by hand.
        using var reader = Hdf5Reader.Open(file);
        Assert.Equal(8, read["sample"].Values.Count);
        Assert.Equal(PhysicalType.Int64, read["regime"].Type);
        Assert.Equal(PhysicalType.ByteArray, read["site"].Type);
        Assert.Equal(PhysicalType.Double, read["final_x"].Type);
        var finalX = reader.Read("final_x").Values; // (sample, ic)
        var e0 = reader.Read("e0").Values; // (sample)
        var regime = reader.Read("regime").Values;
        var icX = reader.Read("ic_x").Values; // (ic)
        for (int r = 0; r < 8; r++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(finalX[r]), BitConverter.DoubleToInt64Bits((double)read["final_x"].Values[r]));
            Assert.Equal(e0[r / 2], (double)read["e0"].Values[r]);
            Assert.Equal(icX[r % 2], (double)read["ic_x"].Values[r]);
            Assert.Equal((long)regime[r], (long)read["regime"].Values[r]);
            Assert.Equal(reader.ReadText("site")[r / 2], (string)read["site"].Values[r]);
        }
    }

    [Fact]
    public void ExportedSensitivityIndices_ReadByParquetSharp_EqualXarraysFlattening()
    {
        PythonReaders.Require();
        string file = PathOf("sa.h5");
        var (code, _, error) = CliRunner.Run("sensitivity", "--model", "ishigami", "--vary", "x1", "--vary", "x2", "--vary", "x3", "--observable", "y",
            "--samples", "256", "--second-order", "--bootstrap", "10", "--out", file, "--quiet");
        Assert.True(code == 0, error);
        ExportAndCompareWithXarray(file, "parameter,parameter_b,observable");
    }

    [Fact]
    public void CsvAndParquet_OfOneFile_HoldTheSameColumnsAndValues()
    {
        string points = PathOf("p.csv"), file = PathOf("s.h5");
        File.WriteAllText(points, "e0,eta,id\n0.5,2,7\n1.5,4,8\n");
        var (code, _, error) = CliRunner.Run("sweep", "--model", "innovation-cluster", "--points", points, "--t-end", "10", "--backend", "cpu", "--out", file, "--quiet");
        Assert.True(code == 0, error);
        (code, _, error) = CliRunner.Run("export", file, "--csv", PathOf("t.csv"), "--parquet", PathOf("t.parquet"));
        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(PathOf("t.csv"));
        var header = lines[0].Split(',');
        var read = ReadParquet(PathOf("t.parquet"));
        Assert.Equal(header, read.Keys);
        for (int row = 1; row < lines.Length; row++)
        {
            var cells = lines[row].Split(',');
            for (int c = 0; c < header.Length; c++)
                Assert.Equal(double.Parse(cells[c], CultureInfo.InvariantCulture), Convert.ToDouble(read[header[c]].Values[row - 1], CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData("--parquet")]
    [InlineData("--csv")]
    public void ExportOfAFileThatIsNotHdf5_ExitsWith2OnOneLine_AndLeavesNoOutputOrPartialFile(string option)
    {
        File.WriteAllText(PathOf("not.h5"), "e0,eta\n0.5,2\n");
        var (code, _, error) = CliRunner.Run("export", PathOf("not.h5"), option, PathOf("out"));
        Assert.True(code == 2, error);
        Assert.StartsWith("error: ", error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Equal(["not.h5"], Directory.GetFiles(directory).Select(Path.GetFileName));
    }
}
