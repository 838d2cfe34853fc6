using ClusterGpu.Sensitivity;
using ClusterGpu.Sweeps;
using Xunit.Abstractions;

namespace ClusterGpu.Tests.Sensitivity;

/// <summary>Morris design structure and elementary-effects measures against exact values (linear, Ishigami on the p = 4 grid).</summary>
public sealed class MorrisTests(ITestOutputHelper output)
{
    private const double A = 7, B = 0.1;

    private static double Ishigami(double[] x) => Math.Sin(x[0]) + A * Math.Pow(Math.Sin(x[1]), 2) + B * Math.Pow(x[2], 4) * Math.Sin(x[0]);

    private static readonly SampleRange[] IshigamiRanges = [.. Enumerable.Range(1, 3).Select(i => new SampleRange($"x{i}", -Math.PI, Math.PI, false))];

    [Fact]
    public void TrajectoriesMoveEachInputOnceByDeltaOnTheGrid()
    {
        const int k = 5, r = 20, p = 6;
        var design = MorrisDesign.Generate(k, r, seed: 3, levels: p);
        Assert.Equal(0.6, design.Delta, 15);
        Assert.Equal(r * (k + 1), design.Points.Length);
        for (int t = 0; t < r; t++)
        {
            var moved = new HashSet<int>();
            for (int j = 0; j < k; j++)
            {
                var before = design.Points[t * (k + 1) + j];
                var after = design.Points[t * (k + 1) + j + 1];
                int i = design.ChangedInput(t, j);
                Assert.True(moved.Add(i));
                Assert.Equal(design.SignedStep(t, j), after[i] - before[i], 12);
                Assert.Equal(design.Delta, Math.Abs(design.SignedStep(t, j)), 15);
                for (int q = 0; q < k; q++)
                {
                    if (q != i) Assert.Equal(before[q], after[q]);
                    double level = after[q] * (p - 1);
                    Assert.Equal(Math.Round(level), level, 12);
                    Assert.InRange(after[q], 0, 1);
                }
            }
        }
    }

    [Fact]
    public void LinearFunctionHasConstantEffectsEqualToItsCoefficients()
    {
        double[] c = [3, -2, 0.5, 0, 7];
        var design = MorrisDesign.Generate(c.Length, 30, seed: 11);
        var y = design.Points.Select(x => x.Select((v, i) => c[i] * v).Sum()).ToArray();
        var m = MorrisAnalysis.Analyze(design, y);
        for (int i = 0; i < c.Length; i++)
        {
            Assert.All(m.ElementaryEffects, ee => Assert.Equal(c[i], ee[i], 12));
            Assert.Equal(c[i], m.Mu[i], 12);
            Assert.Equal(Math.Abs(c[i]), m.MuStar[i], 12);
            Assert.Equal(0, m.Sigma[i], 12);
            Assert.Equal(0, m.MuStarConfidence[i], 12);
        }
    }

    /// <summary>
    /// E|EE_i| over the p-level Morris design, enumerated: input i sits at x* ∈ {0, …, p/2−1} levels (each 1/(p/2)),
    /// steps up or down (each 1/2) between x* and x* + Δ. <paramref name="f"/>(u_i, u_other) is the part of the output
    /// that depends on input i; u_other, one further input it depends on, is uniform over all p levels (an input's value
    /// when another steps is marginally uniform on the grid).
    /// </summary>
    private static double ExpectedMuStar(Func<double, double, double> f, int p = 4)
    {
        int half = p / 2;
        double delta = p / (2.0 * (p - 1)), weight = 1.0 / (half * 2 * p), sum = 0;
        for (int level = 0; level < half; level++)
            foreach (int direction in new[] { -1, 1 })
                for (int other = 0; other < p; other++)
                {
                    double lo = level / (p - 1.0), hi = (level + half) / (p - 1.0), w = other / (p - 1.0);
                    double from = direction > 0 ? lo : hi, to = direction > 0 ? hi : lo;
                    sum += weight * Math.Abs((f(to, w) - f(from, w)) / (direction * delta));
                }
        return sum;
    }

    private static double Unit(double u) => -Math.PI + 2 * Math.PI * u;

    [Fact]
    public void IshigamiMuStarMatchesTheGridExpectation()
    {
        var design = MorrisDesign.Generate(3, 1000, seed: 2024);
        var y = design.Scale(IshigamiRanges).Select(Ishigami).ToArray();
        var m = MorrisAnalysis.Analyze(design, y, seed: 5);

        // x2 enters only through a·sin²(x2); x1's effect depends on x3 through (1 + b·x3⁴); x3's on x1 through b·sin(x1).
        double expected1 = ExpectedMuStar((u1, u3) => Math.Sin(Unit(u1)) * (1 + B * Math.Pow(Unit(u3), 4)));
        double expected2 = ExpectedMuStar((u2, _) => A * Math.Pow(Math.Sin(Unit(u2)), 2));
        double expected3 = ExpectedMuStar((u3, u1) => B * Math.Pow(Unit(u3), 4) * Math.Sin(Unit(u1)));
        output.WriteLine($"expected mu* = {expected1}, {expected2}, {expected3}");
        output.WriteLine($"mu*  = {string.Join(", ", m.MuStar)}");
        output.WriteLine($"mu   = {string.Join(", ", m.Mu)}");
        output.WriteLine($"sigma = {string.Join(", ", m.Sigma)}");
        output.WriteLine($"mu* conf = {string.Join(", ", m.MuStarConfidence)}");

        // On this grid sin² moves between 0 and 3/4 at every step, so every EE_2 is ±7·(3/4)/(2/3) = ±63/8: μ*_2 is exact.
        Assert.Equal(63.0 / 8, expected2, 12);
        // Closed forms of the enumeration: |Δ sin x1| = √3/2 on every move, E[x3⁴] = 41π⁴/81; |Δ x3⁴| = (80/81)π⁴, E|sin x1| = √3/4.
        double pi4 = Math.Pow(Math.PI, 4);
        Assert.Equal(3 * Math.Sqrt(3) / 4 * (1 + B * 41 * pi4 / 81), expected1, 12);
        Assert.Equal(3 * Math.Sqrt(3) / 8 * B * 80 * pi4 / 81, expected3, 12);
        Assert.Equal(expected2, m.MuStar[1], 9);
        Assert.All(m.ElementaryEffects, ee => Assert.Equal(63.0 / 8, Math.Abs(ee[1]), 9));
        Assert.InRange(m.Mu[1], -3 * m.Sigma[1] / Math.Sqrt(1000), 3 * m.Sigma[1] / Math.Sqrt(1000));
        // x1 and x3 carry sampling error: within three bootstrap half-widths (about 6 standard errors, ≈ 15 %).
        Assert.InRange(m.MuStar[0], expected1 - 3 * m.MuStarConfidence[0], expected1 + 3 * m.MuStarConfidence[0]);
        Assert.InRange(m.MuStar[2], expected3 - 3 * m.MuStarConfidence[2], expected3 + 3 * m.MuStarConfidence[2]);
        Assert.True(m.MuStar[1] > m.MuStar[0] && m.MuStar[0] > m.MuStar[2] && m.MuStar[2] > 0);
        // The bootstrap half-width is z times the standard error of mean |EE|.
        for (int i = 0; i < 3; i++)
        {
            var abs = m.ElementaryEffects.Select(ee => Math.Abs(ee[i])).ToArray();
            double mean = abs.Average(), se = Math.Sqrt(abs.Sum(v => (v - mean) * (v - mean)) / (abs.Length - 1) / abs.Length);
            Assert.Equal(1.959964 * se, m.MuStarConfidence[i], 0.1 * 1.96 * se + 1e-12);
        }
    }

    [Fact]
    public void SameSeedGivesTheSameDesignAndResultsForSeveralOutputs()
    {
        MorrisIndices[] Run(ulong seed)
        {
            var design = MorrisDesign.Generate(3, 50, seed, candidates: 120);
            var x = design.Scale(IshigamiRanges);
            return MorrisAnalysis.Analyze(design, [x.Select(Ishigami).ToArray(), x.Select(v => v[0] * v[1]).ToArray()], seed: 9);
        }
        var a = Run(42);
        var b = Run(42);
        var c = Run(43);
        Assert.Equal(2, a.Length);
        for (int o = 0; o < 2; o++)
        {
            Assert.Equal(a[o].ElementaryEffects, b[o].ElementaryEffects);
            Assert.Equal(a[o].MuStar, b[o].MuStar);
            Assert.Equal(a[o].Sigma, b[o].Sigma);
            Assert.Equal(a[o].MuStarConfidence, b[o].MuStarConfidence);
        }
        Assert.NotEqual(a[0].MuStar, c[0].MuStar);
        Assert.Equal(MorrisDesign.Generate(4, 10, 7).Points, MorrisDesign.Generate(4, 10, 7).Points);
        // Several outputs at once give what each gives alone.
        var design1 = MorrisDesign.Generate(3, 50, 42, candidates: 120);
        var alone = MorrisAnalysis.Analyze(design1, design1.Scale(IshigamiRanges).Select(v => v[0] * v[1]).ToArray(), seed: 9);
        Assert.Equal(alone.MuStarConfidence, a[1].MuStarConfidence);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(4UL)]
    public void SpreadSelectionIncreasesTheMinimumTrajectoryDistance(ulong seed)
    {
        const int k = 4, r = 10;
        var plain = MorrisDesign.Generate(k, r, seed);
        var spread = MorrisDesign.Generate(k, r, seed, candidates: 60);
        double MinDistance(MorrisDesign d) =>
            Enumerable.Range(0, r).SelectMany(a => Enumerable.Range(a + 1, r - a - 1).Select(b => d.TrajectoryDistance(a, b))).Min();
        double Spread(MorrisDesign d) =>
            Math.Sqrt(Enumerable.Range(0, r).SelectMany(a => Enumerable.Range(a + 1, r - a - 1).Select(b => Math.Pow(d.TrajectoryDistance(a, b), 2))).Sum());
        output.WriteLine($"min distance {MinDistance(plain):F3} -> {MinDistance(spread):F3}; spread {Spread(plain):F2} -> {Spread(spread):F2}");
        Assert.True(MinDistance(spread) > MinDistance(plain));
        Assert.True(Spread(spread) > Spread(plain));
    }
}
