using ClusterGpu.Kernels.Solvers;
using ClusterGpu.Models;
using ClusterGpu.Solving;
using Xunit.Abstractions;
using static ClusterGpu.Tests.Analysis.AnalysisSupport;

namespace ClusterGpu.Tests.Analysis;

/// <summary>The logistic model against its closed form u(t) = k/(1 + (k/u0 − 1)e^(−rt)), on both CPU backends.</summary>
public sealed class LogisticClosedFormTests(ITestOutputHelper output)
{
    private const double TEnd = 4.0;

    /// <summary>64 trajectories: r from −2 to 5, k from 0.5 to 3, u0 from 0.05·k to 1.45·k (below k when r &lt; 0).</summary>
    private static (double R, double K, double U0)[] Cases() =>
        Enumerable.Range(0, 64).Select(i =>
        {
            double r = -2.0 + 7.0 * i / 63;
            double k = 0.5 + 2.5 * ((i * 37) % 64) / 63.0;
            // u0 > k with r < 0 blows up in finite time (the denominator reaches 0): keep u0 < k there.
            double u0 = k * (0.05 + (r < 0 ? 0.9 : 1.4) * ((i * 23) % 64) / 63.0);
            return (r, k, u0);
        }).ToArray();

    private static double Exact(double r, double k, double u0, double t) => k / (1 + (k / u0 - 1) * Math.Exp(-r * t));

    /// <summary>Largest relative error and largest error in units of (atol + rtol·|u|) over the cases.</summary>
    private (double Relative, double Scaled) MaxErrors(string backend, IntegrationSettings settings)
    {
        var model = ModelRegistry.Find("logistic");
        var cases = Cases();
        var problem = Problem(model, cases.Select(c => new[] { c.R, c.K }).ToArray(), cases.Select(c => new[] { c.U0 }).ToArray());
        var result = Solve(backend, problem, settings);
        double relative = 0, scaled = 0;
        for (int i = 0; i < cases.Length; i++)
        {
            Assert.Equal(TrajectoryStatus.Success, result.Status(i));
            Assert.Equal(TEnd, result.FinalTime(i));
            var (r, k, u0) = cases[i];
            double exact = Exact(r, k, u0, TEnd);
            double error = Math.Abs(result.FinalState(i, 0) - exact);
            relative = Math.Max(relative, error / Math.Abs(exact));
            scaled = Math.Max(scaled, error / (settings.AbsoluteTolerance + settings.RelativeTolerance * Math.Abs(exact)));
        }
        output.WriteLine($"{backend} {settings.MethodName}: max relative error {relative:E3}, max error / (atol + rtol·|u|) {scaled:F3}");
        return (relative, scaled);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("ilgpu-cpu")]
    public void Logistic_Rk4_MatchesClosedFormForManyRates(string backend)
    {
        // RK4 with |r|·dt ≤ 0.005: the global error is O((r·dt)^4), measured ≈ 1e-12 relative here.
        Assert.True(MaxErrors(backend, Rk4(TEnd, 1e-3)).Relative < 1e-11);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("ilgpu-cpu")]
    public void Logistic_Dopri5_MatchesClosedFormForManyRates(string backend)
    {
        // Local error control at rtol 1e-10, atol 1e-12 over a short, non-stiff span: the global error stays
        // within the tolerance scale atol + rtol·|u| (measured ≈ 0.3 of it; 1 is the honest bound).
        Assert.True(MaxErrors(backend, Dopri5(TEnd, 1e-10, 1e-12)).Scaled < 1.0);
    }

    [Fact]
    public void Logistic_Rk4_ErrorShrinksSixteenfoldWhenStepHalves()
    {
        double coarse = MaxErrors("cpu", Rk4(TEnd, 0.04)).Relative;
        double fine = MaxErrors("cpu", Rk4(TEnd, 0.02)).Relative;
        double ratio = coarse / fine;
        output.WriteLine($"ratio {ratio:F3}");
        Assert.InRange(ratio, 12.0, 20.0);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("ilgpu-cpu")]
    public void Logistic_FiniteTimeBlowUp_IsFlaggedBeforeTheSingularity(string backend)
    {
        // r < 0 and u0 > k: the denominator 1 + (k/u0 − 1)e^(−rt) vanishes at t* = ln(u0/(u0 − k))/|r|.
        var model = ModelRegistry.Find("logistic");
        (double R, double K, double U0)[] cases = [(-1, 1, 2), (-2, 0.5, 0.6), (-0.5, 3, 4)];
        var problem = Problem(model, cases.Select(c => new[] { c.R, c.K }).ToArray(), cases.Select(c => new[] { c.U0 }).ToArray());
        foreach (var settings in new[] { Rk4(TEnd, 1e-3), Dopri5(TEnd, 1e-8, 1e-10) })
        {
            var result = Solve(backend, problem, settings);
            for (int i = 0; i < cases.Length; i++)
            {
                var (r, k, u0) = cases[i];
                double blowUp = Math.Log(u0 / (u0 - k)) / Math.Abs(r);
                output.WriteLine($"{settings.MethodName} r {r} k {k} u0 {u0}: t* {blowUp:F6}, status {result.Status(i)}, t {result.FinalTime(i):G8}, steps {result.Steps(i)}, u {result.FinalState(i, 0):G4}");
                Assert.True(blowUp < TEnd);
                Assert.NotEqual(TrajectoryStatus.Success, result.Status(i));
                if (settings.Method == MethodKind.Rk4)
                {
                    Assert.Equal(TrajectoryStatus.NonFinite, result.Status(i));
                    // The reported step count is the step at which the state turned non-finite: within a few steps after t*.
                    Assert.InRange(result.Steps(i) * settings.Dt, blowUp, blowUp + 0.01);
                }
                else
                {
                    Assert.Contains(result.Status(i), new[] { TrajectoryStatus.NonFinite, TrajectoryStatus.StepSizeUnderflow });
                    Assert.True(result.FinalTime(i) <= blowUp + 1e-9, $"reached t = {result.FinalTime(i):R} beyond t* = {blowUp:R}");
                    Assert.True(result.FinalTime(i) > blowUp - 1e-3, $"stopped early at t = {result.FinalTime(i):R}, t* = {blowUp:R}");
                }
            }
        }
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("ilgpu-cpu")]
    public void Logistic_Rk4BlowUp_ReportsTimeOfFailureNotTEnd(string backend)
    {
        var model = ModelRegistry.Find("logistic");
        var problem = Problem(model, [[-1.0, 1.0]], [[2.0]]);
        var result = Solve(backend, problem, Rk4(TEnd, 1e-3));
        Assert.Equal(TrajectoryStatus.NonFinite, result.Status(0));
        Assert.Equal(result.Steps(0) * 1e-3, result.FinalTime(0), 1e-12);
    }
}
