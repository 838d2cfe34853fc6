using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ClusterGpu.Backends;
using ClusterGpu.Models;
using ClusterGpu.Solving;

namespace ClusterGpu.Verification;

/// <summary>One configuration to compare across backends: a model (built in or from a file), a method and a precision.</summary>
/// <param name="Model">The model.</param>
/// <param name="Source">"built-in", or the model file's path.</param>
/// <param name="Method">Integration method.</param>
/// <param name="Precision">Device number precision.</param>
public sealed record AgreementCase(ModelHandle Model, string Source, MethodKind Method, Precision Precision)
{
    /// <summary>The case's settings: <see cref="BackendAgreement.Settings"/>.</summary>
    public IntegrationSettings Settings(double tEnd) => BackendAgreement.Settings(Method, Precision, tEnd);
}

/// <summary>
/// How one backend's output columns compare with the reference backend's for one <see cref="AgreementCase"/>.
/// <see cref="Differing"/> = 0 and no <see cref="Error"/> means the same bits in every entry.
/// </summary>
/// <param name="Model">Model name.</param>
/// <param name="Source">"built-in" or the model file's path.</param>
/// <param name="Method">CLI name of the method.</param>
/// <param name="Precision">"fp64" or "fp32".</param>
/// <param name="Reference">Reference backend.</param>
/// <param name="Backend">Compared backend.</param>
/// <param name="Trajectories">Trajectories per run.</param>
/// <param name="Entries">Output entries compared (every column: states, time, status, steps, rejected, residual, observers).</param>
/// <param name="Differing">Entries whose bits differ.</param>
/// <param name="FirstColumn">Column of the first differing entry (state name, t, status, steps, rejected, residual, observerK); empty when none.</param>
/// <param name="FirstTrajectory">Trajectory of the first differing entry; −1 when none.</param>
/// <param name="MaxAbsDifference">Largest |reference − backend| over the differing entries (NaN when one of a pair is NaN).</param>
/// <param name="Seconds">Wall time of both runs.</param>
/// <param name="Error">The exception message when a run failed (the case then counts as a mismatch); null otherwise.</param>
public sealed record AgreementOutcome(
    string Model, string Source, string Method, string Precision, string Reference, string Backend, int Trajectories,
    long Entries, long Differing, string FirstColumn, int FirstTrajectory, double MaxAbsDifference, double Seconds, string? Error)
{
    /// <summary>True when every entry has the same bits and both runs completed.</summary>
    public bool Agrees => Error is null && Differing == 0;
}

/// <summary>
/// Bit-for-bit agreement of backends: the same ensemble (every parameter spread around its default) solved on a reference
/// backend and on others must give the same bits in every output column. Backends run the same kernel source with the same
/// explicitly rounded IEEE-754 operations, so any difference is a defect (a contracted or reordered operation, a library
/// call, a race).
/// </summary>
public static class BackendAgreement
{
    /// <summary>The CSV header of <see cref="WriteCsv"/>.</summary>
    public const string CsvHeader = "model,source,method,precision,reference,backend,trajectories,entries,differing,first_column,first_trajectory,max_abs_difference,seconds,error";

    /// <summary>
    /// <paramref name="count"/> trajectories of <paramref name="model"/> with every parameter within ±10 % of its default
    /// (of 10 % of its range when the default is 0), clamped to the valid range, and initial states within ±5 %, drawn from
    /// <paramref name="seed"/>.
    /// </summary>
    public static EnsembleProblem SpreadProblem(ModelHandle model, int count, int seed)
    {
        var random = new Random(seed);
        return EnsembleProblem.FromDefaults(model, count, (i, p, y) =>
        {
            for (int k = 0; k < p.Length; k++)
            {
                var info = model.Info.Parameters[k];
                double scale = info.Default != 0 ? Math.Abs(info.Default) : 0.1 * (info.Max - info.Min);
                double v = info.Default + 0.1 * scale * (2 * random.NextDouble() - 1);
                p[k] = Math.Clamp(v, info.Min, info.Max);
            }
            for (int k = 0; k < y.Length; k++) y[k] *= 1 + 0.05 * (2 * random.NextDouble() - 1);
        });
    }

    /// <summary>The seed of a model's spread ensemble, fixed by its name so that every run compares the same trajectories.</summary>
    public static int Seed(ModelHandle model) => model.Info.Name.Length * 7919 + 17;

    /// <summary>True when the model declares noise terms (its equations show a dW).</summary>
    public static bool HasNoise(ModelHandle model) => model.Info.Equations.Contains("dW", StringComparison.Ordinal);

    /// <summary>
    /// The methods checked on <paramref name="model"/> among <paramref name="methods"/>: the stochastic ones only on models
    /// with noise (without noise Euler–Maruyama is explicit Euler, which diverges on stiff models and proves nothing new).
    /// </summary>
    public static IEnumerable<MethodKind> MethodsFor(ModelHandle model, IEnumerable<MethodKind> methods) =>
        methods.Where(m => HasNoise(model) || m is not (MethodKind.EulerMaruyama or MethodKind.StochasticHeun));

    /// <summary>
    /// Settings of a case over t = 0..<paramref name="tEnd"/>: fixed-step methods dt = 0.01 (stochastic: seed 11),
    /// adaptive ones rtol 1e-8, atol 1e-10 in FP64 and rtol 1e-5, atol 1e-7 in FP32 (the tightest FP32 resolves), at most
    /// 2·10⁶ steps.
    /// </summary>
    public static IntegrationSettings Settings(MethodKind method, Precision precision, double tEnd)
    {
        bool fp64 = precision == Precision.Fp64;
        return new()
        {
            Method = method, Precision = precision, TEnd = tEnd, Dt = 0.01, Seed = 11,
            RelativeTolerance = fp64 ? 1e-8 : 1e-5, AbsoluteTolerance = fp64 ? 1e-10 : 1e-7, MaxSteps = 2_000_000,
        };
    }

    /// <summary>
    /// Solves <paramref name="agreementCase"/> (<paramref name="count"/> spread trajectories, t = 0..<paramref name="tEnd"/>)
    /// on <paramref name="reference"/> and on <paramref name="other"/> and compares every output entry bit for bit; a run
    /// that throws gives an outcome with <see cref="AgreementOutcome.Error"/> set.
    /// </summary>
    public static AgreementOutcome Compare(AgreementCase agreementCase, EnsembleBackend reference, EnsembleBackend other, int count, double tEnd)
    {
        var model = agreementCase.Model;
        var settings = agreementCase.Settings(tEnd);
        string precision = agreementCase.Precision == Precision.Fp64 ? "fp64" : "fp32";
        AgreementOutcome Outcome(long entries, long differing, string column, int trajectory, double max, double seconds, string? error) =>
            new(model.Info.Name, agreementCase.Source, settings.MethodName, precision, reference.Name, other.Name, count, entries, differing, column, trajectory, max, seconds, error);
        var clock = Stopwatch.StartNew();
        EnsembleResult a, b;
        try
        {
            var problem = SpreadProblem(model, count, Seed(model));
            a = new EnsembleSolver(reference).Solve(problem, settings);
            b = new EnsembleSolver(other).Solve(problem, settings);
        }
        catch (Exception e)
        {
            return Outcome(0, 0, "", -1, double.NaN, clock.Elapsed.TotalSeconds, $"{e.GetType().Name}: {e.Message}".ReplaceLineEndings(" "));
        }
        if (a.Columns.Length != b.Columns.Length)
            return Outcome(a.Columns.Length, a.Columns.Length, "", -1, double.NaN, clock.Elapsed.TotalSeconds,
                $"{reference.Name} wrote {a.Columns.Length} entries, {other.Name} {b.Columns.Length}");
        var (differing, first, max) = Differences(a.Columns, b.Columns);
        return Outcome(a.Columns.Length, differing, first < 0 ? "" : ColumnName(model, (int)(first / count)), first < 0 ? -1 : (int)(first % count),
            max, clock.Elapsed.TotalSeconds, null);
    }

    /// <summary>Entries of <paramref name="a"/> and <paramref name="b"/> whose bits differ, the first such index (−1: none) and the largest |a − b| among them.</summary>
    public static (long Differing, long First, double MaxAbsDifference) Differences(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var aBits = MemoryMarshal.Cast<double, long>(a);
        var bBits = MemoryMarshal.Cast<double, long>(b);
        long differing = 0, first = -1;
        double max = 0;
        for (int i = 0; i < aBits.Length; i++)
        {
            if (aBits[i] == bBits[i]) continue;
            differing++;
            if (first < 0) first = i;
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }
        return (differing, first, differing == 0 ? 0 : max);
    }

    /// <summary>The name of output column <paramref name="column"/> of a result of <paramref name="model"/> (layout of <see cref="EnsembleResult"/>).</summary>
    private static string ColumnName(ModelHandle model, int column)
    {
        string[] fixedColumns = ["t", "status", "steps", "rejected", "residual"];
        int s = model.Info.States.Count;
        return column < s ? model.Info.States[column].Name
            : column < s + fixedColumns.Length ? fixedColumns[column - s]
            : $"observer{column - s - fixedColumns.Length}";
    }

    /// <summary>Writes one CSV row per outcome under <see cref="CsvHeader"/> (invariant culture, values round-trip).</summary>
    public static void WriteCsv(IEnumerable<AgreementOutcome> outcomes, string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine(CsvHeader);
        foreach (var o in outcomes)
            writer.WriteLine(string.Join(",", Quote(o.Model), Quote(o.Source), o.Method, o.Precision, o.Reference, o.Backend,
                Invariant(o.Trajectories), Invariant(o.Entries), Invariant(o.Differing), o.FirstColumn, Invariant(o.FirstTrajectory),
                o.MaxAbsDifference.ToString("R", CultureInfo.InvariantCulture), o.Seconds.ToString("F3", CultureInfo.InvariantCulture), Quote(o.Error ?? "")));
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n']) < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
