using System.Globalization;
using ClusterGpu.Errors;
using ClusterGpu.Kernels.Models;
using ClusterGpu.Storage;

namespace ClusterGpu.Points;

/// <summary>
/// A <see cref="PointsTable"/> bound to a model: columns named after parameters set them per point, columns named after
/// states set the initial state per point, the other columns are carried to the output as labels of the <c>sample</c>
/// dimension (an id, a region name). Every parameter and state value is checked (a number, finite, inside the
/// parameter's valid range); the first bad one is reported by row and column.
/// </summary>
public sealed class PointSet
{
    private PointSet(PointsTable table, IReadOnlyList<(int Index, double[] Values)> parameters, IReadOnlyList<(int Index, double[] Values)> states,
        IReadOnlyList<PointsColumn> carried)
    {
        Table = table;
        Parameters = parameters;
        States = states;
        Carried = carried;
        Sha256 = table.Sha256;
    }

    /// <summary>The table as read.</summary>
    public PointsTable Table { get; }
    /// <summary>Parameter columns: the parameter's index in the model and its value per point.</summary>
    public IReadOnlyList<(int Index, double[] Values)> Parameters { get; }
    /// <summary>State columns: the state's index in the model and its initial value per point.</summary>
    public IReadOnlyList<(int Index, double[] Values)> States { get; }
    /// <summary>The other columns, carried to the output unchanged.</summary>
    public IReadOnlyList<PointsColumn> Carried { get; }
    /// <summary>Number of points.</summary>
    public int Count => Table.Rows;
    /// <summary><see cref="PointsTable.Sha256"/> of the table (computed once).</summary>
    public string Sha256 { get; }

    /// <summary>Binds <paramref name="table"/> to <paramref name="model"/>.</summary>
    /// <exception cref="UsageException">
    /// No column names a parameter or state; a column looks like a misspelt one (one edit or case away); a value that is
    /// not a number, not finite or out of range.
    /// </exception>
    public static PointSet Bind(PointsTable table, ModelInfo model)
    {
        string where = $"--points '{table.Source}'";
        var parameters = new List<(int, double[])>();
        var states = new List<(int, double[])>();
        var carried = new List<PointsColumn>();
        var known = model.Parameters.Select(p => p.Name).Concat(model.States.Select(s => s.Name)).ToArray();
        foreach (var column in table.Columns)
        {
            int parameter = model.ParameterIndex(column.Name), state = model.StateIndex(column.Name);
            if (parameter >= 0) parameters.Add((parameter, Numbers(column, where, model.Parameters[parameter])));
            else if (state >= 0) states.Add((state, Numbers(column, where, null)));
            else if (NearestName.Suggest(column.Name, known, maxDistance: 1) is { } near && column.Name.Length > 1)
                throw new UsageException($"{where}: column '{column.Name}' is neither a parameter nor a state of {model.Name}. Did you mean '{near}'? "
                    + "(Other columns are carried to the output as labels; rename this one if that is what it is for.)");
            else carried.Add(column);
        }
        if (parameters.Count == 0 && states.Count == 0)
            throw new UsageException($"{where}: no column names a parameter or a state of {model.Name} (columns: {string.Join(", ", table.Columns.Select(c => c.Name))}). "
                + $"Parameters: {string.Join(", ", model.Parameters.Select(p => p.Name))}; states: {string.Join(", ", model.States.Select(s => s.Name))}.");
        return new PointSet(table, parameters, states, carried);
    }

    /// <summary>Checks that no carried column takes a name the output file already uses (<paramref name="taken"/>: its variables and dimensions).</summary>
    /// <exception cref="UsageException">A carried column's name is taken.</exception>
    public void CheckCarried(IEnumerable<string> taken)
    {
        var names = taken.ToHashSet();
        if (Carried.FirstOrDefault(c => names.Contains(c.Name)) is { } clash)
            throw new UsageException($"--points '{Table.Source}': column '{clash.Name}' would be carried into the output, where '{clash.Name}' is already a variable or dimension; rename the column.");
    }

    /// <summary>Checks that the initial states come from either the state columns or <c>--ic</c> options (<paramref name="icOptions"/> of them), not both.</summary>
    /// <exception cref="UsageException">Both give initial states.</exception>
    public void CheckInitialStates(int icOptions, ModelInfo model)
    {
        if (States.Count > 0 && icOptions > 0)
            throw new UsageException($"--points '{Table.Source}' sets initial states per point (columns {string.Join(", ", States.Select(s => model.States[s.Index].Name))}); drop --ic, or the state columns.");
    }

    /// <summary>Adds the carried columns to <paramref name="data"/> as variables over <paramref name="dimension"/>, named as coordinates (xarray labels).</summary>
    public void AddCarried(LabelledDataset data, string dimension)
    {
        foreach (var column in Carried)
            data.AddVariable(column.Name, [dimension], (Array?)column.Numbers ?? column.Text!, new Dictionary<string, object> { ["long_name"] = $"column '{column.Name}' of the points file" });
        if (Carried.Count > 0) data.SetAttribute("coordinates", string.Join(" ", Carried.Select(c => c.Name)));
    }

    /// <summary>What a result file's provenance records of the points: source, SHA-256, rows, columns and the file's own provenance.</summary>
    public object ProvenanceRecord => new { source = Table.Source, sha256 = Sha256, rows = Count, columns = Table.Columns.Select(c => c.Name), provenance = Table.Provenance };

    /// <summary>Writes point <paramref name="point"/>'s initial values over <paramref name="state"/> (a copy of an initial condition).</summary>
    public void OverrideStates(long point, double[] state)
    {
        foreach (var (index, values) in States) state[index] = values[point];
    }

    private static double[] Numbers(PointsColumn column, string where, ParameterInfo? range)
    {
        var values = column.Numbers;
        for (int row = 0; row < column.Length; row++)
        {
            string Cell() => $"{where}: row {row + 1}, column '{column.Name}'";
            if (values is null)
            {
                if (!double.TryParse(column.Text![row], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                    throw new UsageException($"{Cell()}: '{column.Text[row]}' is not a number{(column.Text[row].Length == 0 ? " (empty)" : "")}.");
                continue;
            }
            double v = values[row];
            if (!double.IsFinite(v)) throw new UsageException($"{Cell()}: {v.ToString(CultureInfo.InvariantCulture)}; give a finite number.");
            if (range is not null && !range.Contains(v))
                throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                    $"{Cell()}: {range.Name} = {v:G6} is outside its valid range [{range.Min:G6}, {range.Max:G6}]."));
        }
        return values!;
    }
}
