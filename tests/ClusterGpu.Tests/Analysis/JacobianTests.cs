using ClusterGpu.Analysis;
using ClusterGpu.Models;
using Xunit.Abstractions;

namespace ClusterGpu.Tests.Analysis;

/// <summary>The dual-number Jacobian against an independent oracle: central finite differences of the same right-hand side.</summary>
public sealed class JacobianTests(ITestOutputHelper output)
{
    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        foreach (var model in ModelRegistry.All) data.Add(model.Info.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void DualJacobian_AgreesWithCentralDifferences(string name)
    {
        var model = ModelRegistry.Find(name);
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) & 0xffff);
        for (int trial = 0; trial < 5; trial++)
        {
            var p = model.Info.Parameters.Select(info => info.Default + 0.2 * (random.NextDouble() - 0.5) * Math.Max(Math.Abs(info.Default), 0.1))
                .Select((v, k) => Math.Clamp(v, model.Info.Parameters[k].Min, model.Info.Parameters[k].Max)).ToArray();
            var u = model.Info.States.Select(_ => 2 * random.NextDouble() - 0.5).ToArray();
            var exact = Jacobian.Compute(model, u, p);
            int n = u.Length;
            double worst = 0;
            for (int j = 0; j < n; j++)
            {
                const double h = 1e-6;
                var plus = (double[])u.Clone();
                var minus = (double[])u.Clone();
                plus[j] += h;
                minus[j] -= h;
                var fPlus = Jacobian.Derivative(model, plus, p);
                var fMinus = Jacobian.Derivative(model, minus, p);
                for (int i = 0; i < n; i++)
                {
                    double difference = (fPlus[i] - fMinus[i]) / (2 * h);
                    double error = Math.Abs(difference - exact[i, j]) / Math.Max(1, Math.Abs(exact[i, j]));
                    worst = Math.Max(worst, error);
                    // Central differences: truncation O(h²·f''') plus round-off O(eps·|f|/h) ≈ 1e-9 at these scales.
                    Assert.True(error < 1e-6, $"{name} J[{i},{j}]: dual {exact[i, j]:R}, finite difference {difference:R}");
                }
            }
            output.WriteLine($"{name} trial {trial}: max scaled difference {worst:E2}");
        }
    }

    [Fact]
    public void Jacobian_WrongStateLength_Throws()
    {
        var model = ModelRegistry.Find("lorenz");
        Assert.Throws<ArgumentException>(() => Jacobian.Compute(model, [1.0, 2.0], model.Info.DefaultParameters()));
        Assert.Throws<ArgumentException>(() => Jacobian.Compute(model, [1.0, 2.0, 3.0], [1.0]));
    }

    [Fact]
    public void Jacobian_Logistic_IsRTimesOneMinusTwoUOverK()
    {
        var model = ModelRegistry.Find("logistic");
        foreach (var (r, k, u) in new[] { (1.0, 1.0, 0.3), (-2.0, 5.0, 1.7), (3.5, 0.2, 0.05) })
            Assert.Equal(r * (1 - 2 * u / k), Jacobian.Compute(model, [u], [r, k])[0, 0], 1e-14);
    }
}
