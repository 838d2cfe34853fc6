using ClusterGpu.Errors;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace ClusterGpu.Backends;

/// <summary>
/// Creates backends by name: <c>cuda</c>, <c>opencl</c>, <c>ilgpu-cpu</c>, <c>cpu</c>, <c>scalar</c> (single-thread
/// baseline, never picked by auto), or <c>auto</c> (cuda, then opencl, then cpu).
/// </summary>
public static class BackendFactory
{
    /// <summary>Every backend name the CLI accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "cuda", "opencl", "ilgpu-cpu", "cpu", "scalar"];

    private static readonly Lazy<Context> context = new(CreateContext);

    /// <summary>
    /// A new ILGPU context: every accelerator kind, ILGPU.Algorithms math, optimisation level O2, and
    /// <see cref="Gpu.IeeeIntrinsics"/> (explicitly rounded PTX arithmetic).
    /// </summary>
    public static Context CreateContext() => Context.Create(builder =>
    {
        builder.Default().EnableAlgorithms().Optimize(OptimizationLevel.O2);
        Gpu.IeeeIntrinsics.Register(builder);
    });

    /// <summary>The shared ILGPU context (all accelerator kinds, ILGPU.Algorithms math).</summary>
    public static Context Context => context.Value;

    /// <summary>Backends present on this machine, in preference order (the <c>scalar</c> baseline last).</summary>
    public static IReadOnlyList<string> Available()
    {
        var names = new List<string>();
        if (Context.GetCudaDevices().Count > 0) names.Add("cuda");
        if (Context.GetCLDevices().Count > 0) names.Add("opencl");
        names.Add("ilgpu-cpu");
        names.Add("cpu");
        names.Add("scalar");
        return names;
    }

    /// <summary>Environment variable that sets the ILGPU backends' <see cref="GpuThreads"/>: <c>persistent</c> (default) or <c>per-trajectory</c>.</summary>
    public const string GpuThreadsVariable = "CLUSTERGPU_GPU_THREADS";

    /// <summary>
    /// The backend called <paramref name="name"/>, ILGPU backends with the thread policy of <see cref="GpuThreadsVariable"/>;
    /// a <see cref="UsageException"/> listing those present when it is absent.
    /// </summary>
    public static EnsembleBackend Create(string name) =>
        Create(name, name is "cpu" or "scalar" ? GpuThreads.Persistent : ParseThreads(Environment.GetEnvironmentVariable(GpuThreadsVariable)));

    /// <summary>The thread policy a value of <see cref="GpuThreadsVariable"/> names (unset: persistent); a <see cref="UsageException"/> for any other value.</summary>
    public static GpuThreads ParseThreads(string? value) => value switch
    {
        null or "" or "persistent" => GpuThreads.Persistent,
        "per-trajectory" => GpuThreads.PerTrajectory,
        var other => throw new UsageException($"{GpuThreadsVariable}='{other}' is not a thread policy: use persistent (the default) or per-trajectory, or unset it."),
    };

    /// <summary>The backend called <paramref name="name"/>, ILGPU backends launching <paramref name="threads"/>.</summary>
    public static EnsembleBackend Create(string name, GpuThreads threads)
    {
        if (!Names.Contains(name))
            throw new UsageException($"Unknown backend '{name}'.{NearestName.Hint(name, Names)} Choose one of: {string.Join(", ", Names)}.");
        var available = Available();
        if (name == "auto") name = available[0] == "ilgpu-cpu" ? "cpu" : available[0];
        if (!available.Contains(name))
            throw new UsageException($"Backend '{name}' is not present on this machine. Available: {string.Join(", ", available)} (or 'auto').");
        return name switch
        {
            "cpu" => new CpuBackend(),
            "scalar" => new ScalarBackend(),
            "cuda" => new IlgpuBackend("cuda", Context.CreateCudaAccelerator(0), threads),
            "opencl" => CreateOpenCl(threads),
            _ => new IlgpuBackend("ilgpu-cpu", Context.CreateCPUAccelerator(0), threads),
        };
    }

    private static EnsembleBackend CreateOpenCl(GpuThreads threads)
    {
        try
        {
            return new IlgpuBackend("opencl", Context.CreateCLAccelerator(0), threads);
        }
        catch (Exception e) when (e is not UsageException)
        {
            throw new UsageException($"The OpenCL device could not be used ({e.Message}); it needs OpenCL 2.0 generic address spaces. Use --backend cuda or cpu.");
        }
    }
}
