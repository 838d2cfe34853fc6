using System.Globalization;
using ClusterGpu.Errors;

namespace ClusterGpu.Refinement;

/// <summary>
/// How an adaptive phase diagram refines (<c>--refine</c>, <c>--refine-guard</c>, <c>--refine-on</c>,
/// <c>--refine-threshold</c>): <see cref="Levels"/> halvings of the base cells, each cell refined when its corners
/// disagree by one of the criteria <see cref="On"/> (<c>regime</c>: any initial condition ends in another regime;
/// <c>multistable</c>: the multistability flag differs; an observable name: its values at the corners spread by more than
/// <see cref="Threshold"/> × its range over the base grid), together with the cells within <see cref="Guard"/> cells of one.
/// </summary>
public sealed record RefinementSettings(int Levels, int Guard = 1, double Threshold = 0.1, IReadOnlyList<string>? On = null)
{
    /// <summary>The criteria used when none are named.</summary>
    public static readonly IReadOnlyList<string> DefaultCriteria = ["regime", "multistable"];

    /// <summary>Most levels accepted (each doubles the effective points per axis).</summary>
    public const int MaxLevels = 12;

    /// <summary>Most effective fine-grid points accepted (the fine grid's maps live in memory).</summary>
    public const long MaxFinePoints = 1L << 26;

    /// <summary>The criteria in effect.</summary>
    public IReadOnlyList<string> Criteria => On is { Count: > 0 } on ? on : DefaultCriteria;

    /// <summary>Observables among <see cref="Criteria"/> (everything but <c>regime</c> and <c>multistable</c>).</summary>
    public IReadOnlyList<string> Observables => Criteria.Where(c => c is not ("regime" or "multistable")).ToArray();

    /// <summary>
    /// Throws a <see cref="UsageException"/> unless the settings make sense for base axes of <paramref name="countX"/> ×
    /// <paramref name="countY"/> points whose sweep produces <paramref name="variables"/>.
    /// </summary>
    public void Validate(int countX, int countY, IReadOnlyCollection<string> variables)
    {
        if (Levels is < 1 or > MaxLevels) throw new UsageException($"--refine {Levels} is out of range; give 1 to {MaxLevels} levels, e.g. --refine 3.");
        if (Guard < 0) throw new UsageException($"--refine-guard {Guard} is negative; give 0 or more neighbouring cells, e.g. --refine-guard 1.");
        if (!(Threshold > 0) || double.IsInfinity(Threshold))
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--refine-threshold {Threshold} must be a positive number, e.g. 0.1 (a tenth of the observable's range)."));
        if (countX < 2 || countY < 2) throw new UsageException($"--refine needs at least 2 points on each --grid axis (got {countX} x {countY}).");
        long fine = FineLattice.FineCount(countX, Levels) * FineLattice.FineCount(countY, Levels);
        if (fine > MaxFinePoints)
            throw new UsageException($"--refine {Levels} on a {countX} x {countY} grid makes {fine} effective points (more than {MaxFinePoints}); use fewer levels or a coarser base grid.");
        foreach (var criterion in Observables)
            if (!variables.Contains(criterion))
                throw new UsageException($"--refine-on '{criterion}' is neither regime, multistable nor a variable of this sweep.{NearestName.Hint(criterion, variables)} Choose regime, multistable or one of: {string.Join(", ", variables)}.");
        if (Criteria.Distinct().Count() != Criteria.Count) throw new UsageException("--refine-on names a criterion twice; give each once.");
    }
}
