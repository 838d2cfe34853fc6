using ClusterGpu.Solving;
using ClusterGpu.Storage;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Bifurcation;

/// <summary>
/// The labelled-dataset layout of an orbit diagram: the sweep's coordinates, attributes and provenance
/// (<see cref="SweepDataset.Frame"/>), a <c>peak</c> dimension, <c>maxima_&lt;state&gt;</c> over (parameter[, ic], peak)
/// padded with NaN, and <c>peak_count</c> and <c>status</c> over (parameter[, ic]).
/// </summary>
public static class OrbitDiagramDataset
{
    /// <summary>The dataset of <paramref name="result"/>: maxima of state <paramref name="state"/> over <paramref name="space"/>.</summary>
    public static LabelledDataset Build(OrbitDiagramResult result, ParameterSpace space, IntegrationSettings settings, Observation observation,
        RegimeRules rules, RunRecord record, int state)
    {
        var data = SweepDataset.Frame(space, settings, observation, rules, record);
        var (rowDims, _) = SweepDataset.Dimensions(space);
        string name = space.Model.Info.States[state].Name;
        data.AddCoordinate("peak", Enumerable.Range(0, result.MaxPeaks).Select(i => (double)i).ToArray(), Attributes(("long_name", "index of the local maximum in the window, in time order")));
        data.AddVariable($"maxima_{name}", [.. rowDims, "peak"], result.Maxima,
            Attributes(("long_name", $"local maxima of {name} over the observation window, from the dense output (NaN: fewer maxima)")));
        data.AddVariable("peak_count", rowDims, result.Counts, Attributes(("long_name", $"number of local maxima of {name} in the window (all, also beyond max_peaks)")));
        data.AddVariable("status", rowDims, result.Status, SweepDataset.FlagAttributes("outcome of the integration", Trajectories.TrajectoryDataset.StatusNames));
        data.SetAttribute("title", $"ClusterGpu orbit diagram of {space.Model.Info.Name}");
        data.SetAttribute("state", name);
        data.SetAttribute("max_peaks", result.MaxPeaks);
        return data;
    }

    private static Dictionary<string, object> Attributes(params (string Key, object Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
