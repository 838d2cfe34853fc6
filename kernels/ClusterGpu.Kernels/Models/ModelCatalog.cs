namespace ClusterGpu.Kernels.Models;

/// <summary>
/// Every built-in model, by its open generic struct type. Adding a model: write one file with a struct
/// implementing <see cref="IModel{TSelf, T, TState}"/>, then add one line here.
/// </summary>
public static class ModelCatalog
{
    /// <summary>The open generic model types (e.g. <c>typeof(Lorenz&lt;&gt;)</c>), in listing order.</summary>
    public static IReadOnlyList<Type> Definitions { get; } =
    [
        typeof(InnovationCluster<>),
        typeof(Haken<>),
        typeof(Brusselator<>),
        typeof(LotkaVolterra<>),
        typeof(Logistic<>),
        typeof(StuartLandau<>),
        typeof(GinzburgLandau<>),
        typeof(Lorenz<>),
        typeof(VanDerPol<>),
    ];
}
