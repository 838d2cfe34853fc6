using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ClusterGpu.Solving;

namespace ClusterGpu.Sweeps;

/// <summary>
/// SHA-256 of everything that determines a sweep's results (model and its model-file text, fixed values, grid or samples and seed, the content of a points file, initial
/// conditions, integration settings, observation window, regime rules, ClusterGpu version): a resumed run, or the
/// shards of one run, must carry the same fingerprint to be put together.
/// </summary>
public static class RunFingerprint
{
    /// <summary>The fingerprint as lower-case hex.</summary>
    public static string Of(ParameterSpace space, IntegrationSettings settings, Observation observation, RegimeRules rules)
    {
        var description = JsonSerializer.Serialize(new
        {
            version = SweepDataset.Version,
            model = space.Model.Info.Name,
            modelSource = space.Model.SourceText,
            fixedValues = space.FixedValues,
            axes = space.Axes,
            samples = space.Samples,
            space.SampleCount,
            sampler = space.Sampler.ToString(),
            space.Seed,
            points = space.PointsFile?.Sha256,
            initialConditions = Enumerable.Range(0, space.InitialConditions.Count).Select(space.InitialConditions.State),
            space.Realizations,
            space.KeptRealizationVariables,
            space.StoredVariables,
            settings,
            observation,
            rules,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(description)));
    }
}
