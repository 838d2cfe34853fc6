using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using ClusterGpu.Backends;
using ClusterGpu.Benchmarking;
using ClusterGpu.Kernels.Models;
using ClusterGpu.ModelFiles;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using Spectre.Console;

namespace ClusterGpu.Cli.Commands;

/// <summary>
/// <c>clustergpu models</c>: every model with its equations, states and parameters (default, range, meaning).
/// <c>clustergpu models --check FILE</c>: validates and compiles a model file for every backend (PTX included), prints what
/// it defines and the structure of its Jacobian, and ends with <c>model_ok=&lt;name&gt;</c>.
/// </summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var check = new Option<string>("--check") { Description = "Validate a model file and compile it for every backend (cpu, scalar, ilgpu-cpu, PTX); last line model_ok=<name>" };
        var command = new Command("models", "List the built-in models with equations, parameters, defaults and ranges, or check a model file (--check)") { check };
        command.SetAction(parse => Program.Guard(() =>
        {
            var console = Program.Out();
            if (parse.GetValue(check) is { } path) return Check(console, path);
            foreach (var model in ModelRegistry.All) WriteModel(console, model.Info);
            foreach (var model in AlgebraicModel.All)
            {
                console.MarkupLine($"[bold]{model.Name.EscapeMarkup()}[/] (algebraic, for 'sensitivity'): {model.Summary.EscapeMarkup()}");
                console.WriteLine("  " + model.Formula + "; observable: y");
                WriteParameters(console, "input", model.Parameters);
            }
            return 0;
        }));
        return command;
    }

    private static void WriteModel(IAnsiConsole console, ModelInfo info)
    {
        console.MarkupLine($"[bold]{info.Name.EscapeMarkup()}[/]: {info.Summary.EscapeMarkup()}");
        console.WriteLine("  " + info.Equations);
        console.WriteLine("  states: " + string.Join(", ", info.States.Select(s =>
            string.Create(CultureInfo.InvariantCulture, $"{s.Name} (initial {s.Initial:G6})"))));
        WriteParameters(console, "parameter", info.Parameters);
    }

    /// <summary>
    /// Reads and compiles the model file, runs 16 trajectories (rk4, t 0..1) on cpu, scalar and ilgpu-cpu and compares their
    /// bits, compiles the GPU kernels to PTX (rk4, dopri5, rosenbrock23, and euler-maruyama with noise; fp64 and fp32) and
    /// reports local memory and undefined calls. Exit 0 and <c>model_ok=name</c> when everything holds, 1 otherwise.
    /// </summary>
    private static int Check(IAnsiConsole console, string path)
    {
        var loaded = ModelFile.Check(path);
        var model = loaded.Handle;
        var info = model.Info;
        console.WriteLine($"# model file {path}: {info.Name}, {info.States.Count} states, {info.Parameters.Count} parameters, {info.Observables.Count} observables; {loaded.Compilation.Describe()} (sha256 {loaded.Compilation.Hash[..16]})");
        WriteModel(console, info);
        if (info.Observables.Count > 0)
            console.WriteLine("  observables: " + string.Join("; ", info.Observables.Select(o => $"{o.Name} = {o.Description}")));
        if (info.Order is { } order) console.WriteLine($"  order parameter: {order.State}, scale {order.ScaleFormula}; oscillation state: {info.OscillationState}");
        WriteJacobianStructure(console, loaded.Definition, info);

        bool ok = true;
        var problem = EnsembleProblem.FromDefaults(model, 16, (i, p, y) => { for (int k = 0; k < y.Length; k++) y[k] *= 1 + 0.01 * i; });
        var settings = new IntegrationSettings { Method = MethodKind.Rk4, Dt = 0.01, TEnd = 1 };
        double[]? reference = null;
        foreach (var name in new[] { "cpu", "scalar", "ilgpu-cpu" })
        {
            using var backend = BackendFactory.Create(name);
            var result = new EnsembleSolver(backend).Solve(problem, settings);
            int finite = Enumerable.Range(0, result.Count).Count(i => result.Status(i) == Kernels.Solvers.TrajectoryStatus.Success);
            bool same = reference is null || MemoryMarshal.Cast<double, long>(reference.AsSpan()).SequenceEqual(MemoryMarshal.Cast<double, long>(result.Columns.AsSpan()));
            reference ??= result.Columns;
            ok &= same;
            console.WriteLine($"# backend {name}: ran 16 trajectories (rk4, t 0..1, defaults), {finite} succeeded{(name == "cpu" ? "" : same ? ", same bits as cpu" : ", DIFFERENT bits from cpu")}");
        }
        var methods = new List<MethodKind> { MethodKind.Rk4, MethodKind.Dopri5, MethodKind.Rosenbrock23 };
        if (loaded.Definition.Noise.Any(g => g is not null)) methods.Add(MethodKind.EulerMaruyama);
        foreach (var precision in new[] { Precision.Fp64, Precision.Fp32 })
            foreach (var method in methods)
            {
                var profile = PtxProfiler.Profile(model, method, precision);
                bool clean = !profile.UsesLocalMemory && profile.ExternFunctions.Count == 0;
                ok &= clean;
                console.WriteLine($"# PTX sm_90 {profile.Method} {profile.Precision}: {profile.FlopsPerStep} FLOP per step, "
                    + (profile.UsesLocalMemory ? "USES .local memory" : "no .local memory")
                    + (profile.ExternFunctions.Count > 0 ? $", UNDEFINED calls {string.Join(", ", profile.ExternFunctions)}" : ", no undefined calls"));
            }
        Console.WriteLine(ok ? $"model_ok={info.Name}" : $"model_failed={info.Name}");
        return ok ? 0 : 1;
    }

    /// <summary>The Jacobian ∂f_i/∂u_j as a matrix of '*' (structurally non-zero: equation i uses state j) and '.'.</summary>
    private static void WriteJacobianStructure(IAnsiConsole console, ModelDefinition definition, ModelInfo info)
    {
        var structure = ModelFile.JacobianStructure(definition);
        int n = info.States.Count, nonzero = 0;
        foreach (bool entry in structure) nonzero += entry ? 1 : 0;
        console.WriteLine($"  Jacobian structure d(f_i)/d(u_j), {nonzero} of {n * n} entries non-zero (rows: equations, columns: states):");
        int width = Math.Max(2, info.States.Max(s => s.Name.Length));
        console.WriteLine("    " + new string(' ', width) + " " + string.Join(" ", info.States.Select(s => s.Name.PadLeft(width))));
        for (int i = 0; i < n; i++)
            console.WriteLine("    " + info.States[i].Name.PadLeft(width) + " " + string.Join(" ", Enumerable.Range(0, n).Select(j => (structure[i, j] ? "*" : ".").PadLeft(width))));
    }

    private static void WriteParameters(IAnsiConsole console, string heading, IEnumerable<ParameterInfo> parameters)
    {
        var table = new Table().AddColumns(heading, "default", "range", "meaning");
        foreach (var p in parameters)
            table.AddRow(p.Name, p.Default.ToString("G6", CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"[{p.Min:G6}, {p.Max:G6}]").EscapeMarkup(), p.Meaning.EscapeMarkup());
        console.Write(table);
        console.WriteLine();
    }
}
