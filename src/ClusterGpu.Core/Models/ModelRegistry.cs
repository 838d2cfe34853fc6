using ClusterGpu.Errors;
using ClusterGpu.Kernels.Models;

namespace ClusterGpu.Models;

/// <summary>Finds ODE models by CLI/HDF5 name; the list is <see cref="ModelCatalog"/> (algebraic test functions: <see cref="AlgebraicModel"/>).</summary>
public static class ModelRegistry
{
    private static readonly Lazy<IReadOnlyList<ModelHandle>> models =
        new(() => ModelCatalog.Definitions.Select(d => new ModelHandle(d)).ToArray());

    /// <summary>Every model, in catalogue order.</summary>
    public static IReadOnlyList<ModelHandle> All => models.Value;

    /// <summary>The model called <paramref name="name"/>; a <see cref="UsageException"/> with the nearest name otherwise.</summary>
    public static ModelHandle Find(string name)
    {
        if (All.FirstOrDefault(m => m.Info.Name == name) is { } model) return model;
        if (AlgebraicModel.All.Any(m => m.Name == name))
            throw new UsageException($"'{name}' is an algebraic test function (no time integration): use it with 'clustergpu sensitivity'.");
        throw new UsageException(
            $"Unknown model '{name}'.{NearestName.Hint(name, All.Select(m => m.Info.Name))} "
            + $"Known models: {string.Join(", ", All.Select(m => m.Info.Name))} (see 'clustergpu models').");
    }
}
