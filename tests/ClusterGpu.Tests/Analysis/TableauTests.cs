using System.Reflection;
using ClusterGpu.Kernels.Steppers;
using Xunit.Abstractions;

namespace ClusterGpu.Tests.Analysis;

/// <summary>The Butcher tableaux check themselves, and the kernels' named constants equal the tableau entries.</summary>
public sealed class TableauTests(ITestOutputHelper output)
{
    [Fact]
    public void Rk4Tableau_SatisfiesEveryConditionUpToOrderFour() => Assert.Empty(Rk4.Tableau.Problems());

    [Fact]
    public void DormandPrince5Tableau_SatisfiesEveryConditionUpToOrderFive() => Assert.Empty(DormandPrince5.Tableau.Problems());

    public static TheoryData<Type> Steppers() => new() { typeof(Rk4), typeof(DormandPrince5) };

    [Theory]
    [MemberData(nameof(Steppers))]
    public void StepperConstants_EqualTheirTableauEntries(Type stepper)
    {
        var tableau = (ButcherTableau)stepper.GetProperty("Tableau", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var constants = stepper.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(double)).ToArray();
        int checkedCount = 0;
        foreach (var field in constants)
        {
            var name = field.Name;
            double value = (double)field.GetRawConstantValue()!;
            double? expected = name[0] switch
            {
                'A' when name.Length == 3 => tableau.A[name[1] - '1'][name[2] - '1'],
                'B' when name.Length == 2 => tableau.B[name[1] - '1'],
                'C' when name.Length == 2 => tableau.C[name[1] - '1'],
                'E' when name.Length == 2 => tableau.E![name[1] - '1'],
                _ => null,
            };
            Assert.True(expected.HasValue, $"{stepper.Name}.{name} does not name a tableau entry");
            output.WriteLine($"{stepper.Name}.{name} = {value:R} (tableau {expected:R})");
            Assert.True(value == expected, $"{stepper.Name}.{name} = {value:R}, tableau has {expected:R}");
            checkedCount++;
        }
        // Every nonzero A, b and e entry must exist as a constant (the last row of an FSAL method's A is b, and c = 1 is t + h).
        int nonzero = tableau.A.Take(tableau.Stages - (tableau.E is null ? 0 : 1)).Sum(row => row.Count(v => v != 0))
            + tableau.B.Count(v => v != 0) + (tableau.E?.Count(v => v != 0) ?? 0);
        Assert.True(checkedCount >= nonzero, $"{stepper.Name}: {checkedCount} constants for {nonzero} nonzero entries");
    }

    [Fact]
    public void DormandPrince5Tableau_LastRowEqualsWeights_FirstSameAsLast()
    {
        var tableau = DormandPrince5.Tableau;
        Assert.Equal(tableau.B.Take(tableau.Stages - 1), tableau.A[^1]);
        Assert.Equal(0.0, tableau.B[^1]);
    }

    [Fact]
    public void BrokenTableau_WrongWeight_ReportsProblems()
    {
        var broken = new ButcherTableau("broken-rk4", 4, ["0", "1/2", "1/2", "1"],
            [[], ["1/2"], ["0", "1/2"], ["0", "0", "1"]], ["1/5", "1/3", "1/3", "1/6"]);
        var problems = broken.Problems();
        output.WriteLine(string.Join(Environment.NewLine, problems));
        Assert.Contains(problems, p => p.Contains("sum of b", StringComparison.Ordinal));
    }

    [Fact]
    public void BrokenTableau_ConsistentButWrongOrderCondition_ReportsProblems()
    {
        // Row sums still equal c, Σb = 1, but b·Ac = 1/5 ≠ 1/6.
        var broken = new ButcherTableau("broken-rk4", 4, ["0", "1/2", "1/2", "1"],
            [[], ["1/2"], ["1/10", "2/5"], ["0", "0", "1"]], ["1/6", "1/3", "1/3", "1/6"]);
        var problems = broken.Problems();
        output.WriteLine(string.Join(Environment.NewLine, problems));
        Assert.Contains(problems, p => p.Contains("b·Ac ", StringComparison.Ordinal));
    }

    [Fact]
    public void BrokenTableau_RowSumDifferentFromNode_ReportsProblems()
    {
        var broken = new ButcherTableau("broken-rk4", 4, ["0", "1/2", "1/2", "1"],
            [[], ["1/3"], ["0", "1/2"], ["0", "0", "1"]], ["1/6", "1/3", "1/3", "1/6"]);
        Assert.Contains(broken.Problems(), p => p.Contains("row 1", StringComparison.Ordinal));
    }

    [Fact]
    public void BrokenTableau_ErrorWeightsNotSummingToZero_ReportsProblems()
    {
        var t = DormandPrince5.Tableau;
        string F(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var e = t.E!.Select(F).ToArray();
        e[0] = "1/100";
        var broken = new ButcherTableau("broken-dopri5", 5, t.C.Select(F).ToArray(),
            t.A.Select(row => row.Select(F).ToArray()).ToArray(), t.B.Select(F).ToArray(), e);
        Assert.Contains(broken.Problems(), p => p.Contains("error weights", StringComparison.Ordinal));
    }
}
