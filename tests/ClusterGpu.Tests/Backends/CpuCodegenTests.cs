using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ClusterGpu.Tests.Backends;

/// <summary>
/// The cpu backend's hot methods as the .NET JIT compiles them (DOTNET_JitDisasm, in a child process): no call into lane
/// arithmetic (Numbers) or state operations (States) is left in them. Such calls appear when a method reaches the JIT
/// inliner's limit of 512 locals ("too many locals"); they copy every state through memory and cost 2–7× (innovation-cluster rk4 went
/// from 1.5e8 to 1.07e9 trajectory-steps/s when each step became a call of its own). Guards the flagship four-state model
/// with its twelve parameters, on rk4 (trapezoid statistics) and dopri5 (dense-output statistics).
/// </summary>
public sealed class CpuCodegenTests
{
    private static readonly string[] HotMethods = ["IntegrateBlocks", "AdvanceOutOfLine", "AcceptOutOfLine", "ControlOutOfLine", "StagesTwoAndThree", "StagesFourAndFive", "StageSixAndSolution", "Finish", "Observe", "FoldDense", "FoldTrapezoid"];

    /// <summary>Each compiled hot method of the run → the targets of its calls.</summary>
    private static Dictionary<string, List<string>> CallsInHotMethods(params string[] cliArguments)
    {
        var directory = Directory.CreateTempSubdirectory("cg-codegen-");
        try
        {
            string listing = Path.Combine(directory.FullName, "jit.txt");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory.FullName };
            start.ArgumentList.Add(typeof(ClusterGpu.Cli.Program).Assembly.Location);
            foreach (var a in cliArguments) start.ArgumentList.Add(a);
            start.Environment["DOTNET_JitDisasm"] = string.Join(' ', HotMethods);
            start.Environment["DOTNET_JitStdOutFile"] = listing;
            using var run = Process.Start(start)!;
            var error = run.StandardError.ReadToEndAsync();
            run.StandardOutput.ReadToEnd();
            Assert.True(run.WaitForExit(120_000));
            Assert.True(run.ExitCode == 0, error.Result);

            var calls = new Dictionary<string, List<string>>();
            foreach (var method in File.ReadAllText(listing).Split("; Assembly listing for method ").Skip(1))
            {
                string header = method[..method.IndexOf('\n')];
                // Only the optimized code that runs the integration: SIMD lanes, not the first-call (Tier0) versions.
                if (!header.Contains("Simd") || !method.Contains("FullOpts") && !method.Contains("Tier1")) continue;
                string name = HotMethods.First(h => header.Contains(":" + h + "[") || header.Contains(":" + h + "("));
                var targets = Regex.Matches(method, @"^\s+call\s+\[?(.+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value);
                calls.TryAdd(name + " " + header, []);
                calls[name + " " + header].AddRange(targets);
            }
            return calls;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void AssertNoLaneArithmeticCalls(Dictionary<string, List<string>> calls, params string[] expected)
    {
        foreach (var name in expected)
            Assert.Contains(calls.Keys, k => k.StartsWith(name + " ", StringComparison.Ordinal));
        foreach (var (method, targets) in calls)
        {
            var arithmetic = targets.Where(t => Regex.IsMatch(t, @"^ClusterGpu\.Kernels\.(Numbers|States)\.")).ToList();
            Assert.True(arithmetic.Count == 0, $"{method[..Math.Min(method.Length, 160)]} calls {string.Join(", ", arithmetic.Take(5))}");
        }
    }

    [Fact]
    public void Rk4Steps_OfTheFlagshipModel_KeepTheirArithmeticInline() =>
        AssertNoLaneArithmeticCalls(CallsInHotMethods("sweep", "--model", "innovation-cluster", "--grid", "e0=0.1:5:8", "--grid", "eta=0.5:12:8",
            "--method", "rk4", "--dt", "0.01", "--t-end", "50", "--backend", "cpu", "--out", "rk4.h5", "--quiet"),
            "IntegrateBlocks", "Observe", "FoldTrapezoid");

    [Fact]
    public void Dopri5Attempts_AndDenseWindowStatistics_KeepTheirArithmeticInline() =>
        AssertNoLaneArithmeticCalls(CallsInHotMethods("sweep", "--model", "innovation-cluster", "--grid", "e0=0.1:5:8", "--grid", "eta=0.5:12:8",
            "--t-end", "50", "--backend", "cpu", "--out", "dopri5.h5", "--quiet"),
            "IntegrateBlocks", "AcceptOutOfLine", "ControlOutOfLine", "StagesTwoAndThree", "StagesFourAndFive", "StageSixAndSolution", "Finish", "Observe", "FoldDense");
}
