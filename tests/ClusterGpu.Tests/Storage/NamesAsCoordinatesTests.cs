using System.Text.Json;
using ClusterGpu.Tests.Cli;

namespace ClusterGpu.Tests.Storage;

public sealed class NamesAsCoordinatesTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("clustergpu-names-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void SensitivityIndices_SelectByParameterAndObservableName_InXarray_WithNamesAttributeKept_AndH5pyReadsTheLabels()
    {
        PythonReaders.Require();
        string file = Path.Combine(directory, "sa.h5");
        var (code, _, error) = CliRunner.Run("sensitivity", "--model", "innovation-cluster", "--vary", "e0=0.5:4", "--vary", "eta=0:2", "--vary", "gamma=0.5:2",
            "--observable", "order,entropy", "--samples", "64", "--second-order", "--bootstrap", "20", "--t-end", "100", "--backend", "cpu", "--out", file, "--quiet");
        Assert.True(code == 0, error);
        const string script = """
            import sys, json, xarray, h5py
            sa = xarray.open_dataset(sys.argv[1], engine="h5netcdf")
            with h5py.File(sys.argv[1], "r") as f:
                labels = [v.decode() for v in f["parameter"][...]]
                s1 = f["S1"][...]
            print(json.dumps({
                "by_name": float(sa.S1.sel(parameter="e0", observable="order")),
                "by_position": float(s1[0, 0]),
                "s2": float(sa.S2.sel(parameter="e0", parameter_b="gamma", observable="entropy")),
                "s2_position": float(sa.S2.values[0, 2, 1]),
                "parameter": [str(v) for v in sa.parameter.values], "parameter_b": [str(v) for v in sa.parameter_b.values],
                "observable": [str(v) for v in sa.observable.values], "names": str(sa.parameter.attrs["names"]), "h5py": labels}))
            """;
        var (exit, stdout, stderr) = PythonReaders.Run("-c", script, file);
        Assert.True(exit == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(root.GetProperty("by_position").GetDouble(), root.GetProperty("by_name").GetDouble());
        Assert.Equal(root.GetProperty("s2_position").GetDouble(), root.GetProperty("s2").GetDouble());
        Assert.Equal(["e0", "eta", "gamma"], root.GetProperty("parameter").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["e0", "eta", "gamma"], root.GetProperty("parameter_b").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["order", "entropy"], root.GetProperty("observable").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["e0", "eta", "gamma"], root.GetProperty("h5py").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("e0 eta gamma", root.GetProperty("names").GetString());
    }

    [Fact]
    public void InitialConditions_AreLabelledByTheirStates_AndSelectableByLabel()
    {
        PythonReaders.Require();
        string file = Path.Combine(directory, "ic.h5");
        var (code, _, error) = CliRunner.Run("sweep", "--model", "brusselator", "--grid", "a=1:2:3", "--ic", "x=0.5,2", "--t-end", "5", "--backend", "cpu",
            "--out", file, "--quiet");
        Assert.True(code == 0, error);
        const string script = """
            import sys, json, xarray
            ds = xarray.open_dataset(sys.argv[1], engine="h5netcdf")
            print(json.dumps({"ic": [str(v) for v in ds.ic.values],
                              "x0": ds.final_x.sel(ic="x=2,y=1").values.tolist(), "x1": ds.final_x.values[:, 1].tolist(),
                              "ic_x": ds.ic_x.values.tolist()}))
            """;
        var (exit, stdout, stderr) = PythonReaders.Run("-c", script, file);
        Assert.True(exit == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(["x=0.5,y=1", "x=2,y=1"], root.GetProperty("ic").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(root.GetProperty("x1").EnumerateArray().Select(v => v.GetDouble()), root.GetProperty("x0").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([0.5, 2.0], root.GetProperty("ic_x").EnumerateArray().Select(v => v.GetDouble()));
    }
}
