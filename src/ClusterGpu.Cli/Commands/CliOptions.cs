using System.CommandLine;
using ClusterGpu.Backends;
using ClusterGpu.Solving;

namespace ClusterGpu.Cli.Commands;

/// <summary>Options shared by several verbs, each with its explicit default shown in --help.</summary>
internal static class CliOptions
{
    public static Option<string> Backend() => new("--backend")
    {
        Description = $"Where to run: {string.Join(", ", BackendFactory.Names)} (auto picks cuda, then opencl, then cpu)",
        DefaultValueFactory = _ => "auto",
    };

    public static Option<string> Precision() => new("--precision")
    {
        Description = "Device number precision: fp64 or fp32",
        DefaultValueFactory = _ => "fp64",
    };

    public static Option<string> Method(string defaultMethod) => Method("--method", defaultMethod);

    public static Option<string> Method(string name, string defaultMethod) => new(name)
    {
        Description = "Integrator: rk4 (fixed step --dt), dopri5 or rosenbrock23 (adaptive --rtol/--atol; rosenbrock23 for stiff models), euler-maruyama (stochastic: the model's noise terms, fixed step --dt, noise from --seed), or stochastic-heun (alias heun; strong order 1 for additive noise only)",
        DefaultValueFactory = _ => defaultMethod,
    };

    public static Precision ParsePrecision(string text) => text switch
    {
        "fp64" => Solving.Precision.Fp64,
        "fp32" => Solving.Precision.Fp32,
        _ => throw new Errors.UsageException($"Unknown precision '{text}'; use fp64 or fp32."),
    };

    public static MethodKind ParseMethod(string text) => text switch
    {
        "rk4" => MethodKind.Rk4,
        "dopri5" => MethodKind.Dopri5,
        "rosenbrock23" => MethodKind.Rosenbrock23,
        "euler-maruyama" => MethodKind.EulerMaruyama,
        "stochastic-heun" or "heun" => MethodKind.StochasticHeun,
        _ => throw new Errors.UsageException($"Unknown method '{text}'.{Errors.NearestName.Hint(text, ["rk4", "dopri5", "rosenbrock23", "euler-maruyama", "stochastic-heun"])} Use rk4, dopri5, rosenbrock23, euler-maruyama or stochastic-heun (heun)."),
    };
}
