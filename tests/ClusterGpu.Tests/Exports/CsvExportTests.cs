using ClusterGpu.Tests.Cli;
using ClusterGpu.Tests.Storage;

namespace ClusterGpu.Tests.Exports;

public sealed class CsvExportTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-export-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>pandas reads the exported CSV; it must equal xarray's own flattening, <c>to_dataframe()</c>, column by column and bit for bit.</summary>
    private const string Compare = """
        import sys, xarray, pandas as pd, numpy as np
        ds = xarray.open_dataset(sys.argv[1], engine="h5netcdf")
        csv = pd.read_csv(sys.argv[2], float_precision="round_trip", keep_default_na=False, na_values=["NaN"])
        dims = sys.argv[3].split(",")
        names = [n for n in ds.variables if set(ds[n].dims) <= set(dims) and n != "provenance"]
        frame = ds[[n for n in names if n not in dims]].to_dataframe().reset_index()
        assert list(csv.columns[:len(dims)]) == dims, list(csv.columns)
        assert sorted(csv.columns) == sorted(set(names) | set(dims)), (sorted(csv.columns), sorted(names))
        assert len(csv) == len(frame), (len(csv), len(frame))
        for name in csv.columns:
            a, b = csv[name].to_numpy(), frame[name].to_numpy()
            if a.dtype.kind in "fi": assert np.array_equal(a.astype(float), b.astype(float), equal_nan=True), name
            else: assert [str(x) for x in a] == [str(x) for x in b], name
        print("ok", len(csv), len(csv.columns))
        """;

    private void ExportAndCompare(string file, string dimensions)
    {
        string csv = Path.Combine(directory, "out.csv");
        var (code, output, error) = CliRunner.Run("export", file, "--csv", csv);
        Assert.True(code == 0, error);
        Assert.Contains("wrote", output);
        var (exit, stdout, stderr) = PythonReaders.Run("-c", Compare, file, csv, dimensions);
        Assert.True(exit == 0, stderr);
        Assert.StartsWith("ok", stdout);
        File.Delete(csv);
    }

    [Fact]
    public void ExportedSweepWithInitialConditionsAndCarriedLabels_ReadsBackInPandasAsXarrayFlattensIt()
    {
        PythonReaders.Require();
        string points = Path.Combine(directory, "p.csv"), file = Path.Combine(directory, "s.h5");
        File.WriteAllText(points, "e0,eta,site\n0.5,2,north\n1.5,4,south\n2.5,6,east\n");
        var (code, _, error) = CliRunner.Run("sweep", "--model", "innovation-cluster", "--points", points, "--ic", "x=0.005,1", "--t-end", "20",
            "--backend", "cpu", "--out", file, "--quiet");
        Assert.True(code == 0, error);
        ExportAndCompare(file, "sample,ic");
    }

    [Fact]
    public void ExportedSensitivityIndices_ReadBackInPandasAsXarrayFlattensThem()
    {
        PythonReaders.Require();
        string file = Path.Combine(directory, "sa.h5");
        var (code, _, error) = CliRunner.Run("sensitivity", "--model", "ishigami", "--vary", "x1", "--vary", "x2", "--vary", "x3", "--observable", "y",
            "--samples", "256", "--second-order", "--bootstrap", "10", "--out", file, "--quiet");
        Assert.True(code == 0, error);
        ExportAndCompare(file, "parameter,parameter_b,observable");
    }
}
