using System.Diagnostics;
using System.Text.Json;
using ClusterGpu.Storage;

namespace ClusterGpu.Tests.Storage;

/// <summary>
/// Opens a written file with the reference readers: xarray (h5netcdf engine) as labelled arrays, and h5py.
/// Needs Debian's python3-xarray, python3-h5netcdf and python3-h5py; fails (never skips) without them.
/// </summary>
public sealed class Hdf5InteropTests : IDisposable
{

    private const string Script = """
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
            "flag_values": [int(v) for v in ds["regime"].attrs["flag_values"]],
            "order_long_name": str(ds["order"].attrs["long_name"]),
            "title": str(ds.attrs["title"]),
        }
        provenance = ds["provenance"].values.item()
        out["provenance"] = provenance.decode() if isinstance(provenance, bytes) else str(provenance)
        ds.close()
        with h5py.File(path, "r") as f:
            out["h5py_order"] = f["order"][...].tolist()
            out["h5py_dims"] = [f["order"].dims[i][0].name for i in range(f["order"].ndim)]
            out["h5py_scale"] = bool(h5py.h5ds.is_scale(f["coupling"].id))
            out["h5py_storage"] = [f["order"].compression, f["order"].shuffle, list(f["order"].chunks)]
        print(json.dumps(out))
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("clustergpu-hdf5-interop-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void XarrayH5netcdfAndH5pyReadTheLabelledArrays()
    {
        PythonReaders.Require();
        var path = Path.Combine(_directory, "sweep.h5");
        Hdf5Writer.Write(SampleDataset.Create(), path);

        var (exitCode, stdout, stderr) = PythonReaders.Run("-c", Script, path);

        Assert.True(exitCode == 0, $"python readers failed on the written file:\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;

        var coords = root.GetProperty("coords");
        Assert.Equal(["coupling", "omega"], coords.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(SampleDataset.Coupling, Doubles(coords.GetProperty("coupling")));
        Assert.Equal(SampleDataset.Omega, Doubles(coords.GetProperty("omega")));

        var dims = root.GetProperty("dims");
        foreach (var variable in new[] { "order", "regime", "steps" })
            Assert.Equal(["coupling", "omega"], dims.GetProperty(variable).EnumerateArray().Select(d => d.GetString()!));

        Assert.Equal(SampleDataset.Order, Rows(root.GetProperty("order")));
        Assert.Equal(SampleDataset.Regime.Select(v => (double)v), Rows(root.GetProperty("regime")));
        Assert.Equal("uint8", root.GetProperty("regime_dtype").GetString());
        Assert.Equal(SampleDataset.FlagMeanings, root.GetProperty("flag_meanings").GetString());
        Assert.Equal([0, 1, 2], root.GetProperty("flag_values").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal("time-averaged Kuramoto order parameter r", root.GetProperty("order_long_name").GetString());
        Assert.Equal(SampleDataset.Title, root.GetProperty("title").GetString());
        Assert.Equal(SampleDataset.Provenance, root.GetProperty("provenance").GetString());

        Assert.Equal(SampleDataset.Order, Rows(root.GetProperty("h5py_order")));
        Assert.Equal(["/coupling", "/omega"], root.GetProperty("h5py_dims").EnumerateArray().Select(d => d.GetString()!));
        Assert.Equal("gzip", root.GetProperty("h5py_storage")[0].GetString());
        Assert.True(root.GetProperty("h5py_storage")[1].GetBoolean());
        Assert.Equal([3, 4], root.GetProperty("h5py_storage")[2].EnumerateArray().Select(n => n.GetInt32()));
        // Long strings (provenance, flag_meanings) widen every fixed-length string, which the HDF5 library's
        // dimension-scale API does not accept; xarray and h5py's data and dims reading above do not mind.
        Assert.False(root.GetProperty("h5py_scale").GetBoolean());
    }

    [Fact]
    public void ShortStringsKeepFullHdf5DimensionScaleCompliance()
    {
        PythonReaders.Require();
        var path = Path.Combine(_directory, "short.h5");
        var dataset = new LabelledDataset()
            .AddCoordinate("k", [0.1, 0.2], new Dictionary<string, object> { ["units"] = "1/s" })
            .AddVariable("r", ["k"], new[] { 0.5, 0.75 }, new Dictionary<string, object> { ["long_name"] = "order" });
        Hdf5Writer.Write(dataset, path);
        const string script = """
            import sys, h5py
            with h5py.File(sys.argv[1], "r") as f:
                print(h5py.h5ds.is_scale(f["k"].id), h5py.h5ds.get_scale_name(f["k"].id).decode(), f["r"].dims[0][0].name)
            """;

        var (exitCode, stdout, stderr) = PythonReaders.Run("-c", script, path);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal("True k /k", stdout.Trim());
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static double[] Rows(JsonElement nested) => nested.EnumerateArray().SelectMany(row => Doubles(row)).ToArray();
}
