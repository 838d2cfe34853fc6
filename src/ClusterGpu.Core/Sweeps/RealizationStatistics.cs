namespace ClusterGpu.Sweeps;

/// <summary>
/// Folds the R noise realisations of each output row (R consecutive trajectories) into one row of statistics:
/// for every per-trajectory observable v its mean <c>v</c> and sample standard deviation <c>v_std</c> (n − 1) over the
/// realisations that succeeded and gave a finite value (NaN when none did), and for observables that are undefined by
/// design for some paths (a period, a first passage) <c>v_defined</c>, the fraction of all R realisations with a finite
/// value (for a first passage: the probability of reaching the level); the Binder cumulant
/// U4 = 1 − ⟨x⁴⟩/(3⟨x²⟩²) of the order state x, ⟨·⟩ taken over the observation window and the successful realisations
/// (0 for a Gaussian, 2/3 for a sharp ±x* state); <c>p_&lt;regime&gt;</c>, the fraction of all R realisations in each
/// regime (failed ones in <c>p_diverged_or_failed</c>): <c>p_ordered</c> is the probability of ordering; <c>regime</c>,
/// the most frequent regime (ties: the lower code); <c>status</c>, success when every realisation succeeded, else the
/// first failure's code; <c>failed</c>, how many did not succeed; <c>steps</c> and <c>rejected</c>, means per realisation.
/// </summary>
internal static class RealizationStatistics
{
    /// <summary>The row variables for per-trajectory observables <paramref name="observables"/>, in output order.</summary>
    public static IReadOnlyList<SweepVariableInfo> Variables(IReadOnlyList<(string Name, string Description, bool MayBeUndefined)> observables, string binderState)
    {
        var variables = new List<SweepVariableInfo>();
        foreach (var (name, description, mayBeUndefined) in observables)
        {
            variables.Add(new(name, $"{description}; mean over the successful realisations", typeof(double)));
            variables.Add(new($"{name}_std", $"{description}; standard deviation (n-1) over the successful realisations", typeof(double)));
            if (mayBeUndefined) variables.Add(new($"{name}_defined", $"fraction of the realisations where {name} is defined (finite)", typeof(double)));
        }
        variables.Add(new("binder", $"Binder cumulant U4 = 1 - <{binderState}^4> / (3 <{binderState}^2>^2) over the window and the successful realisations", typeof(double)));
        foreach (var regime in RegimeRules.Names)
            variables.Add(new($"p_{regime}", $"fraction of the realisations in regime {regime}", typeof(double)));
        variables.Add(new("regime", "most frequent regime of the realisations (flag_meanings)", typeof(byte)));
        variables.Add(new("status", "success when every realisation succeeded, else the first failure (flag_meanings)", typeof(byte)));
        variables.Add(new("failed", "realisations that did not succeed", typeof(int)));
        variables.Add(new("steps", "accepted steps, mean per realisation", typeof(int)));
        variables.Add(new("rejected", "rejected step attempts, mean per realisation", typeof(int)));
        return variables;
    }

    /// <summary>
    /// The row arrays (in <see cref="Variables"/> order) of <paramref name="rows"/> rows of <paramref name="r"/> realisations
    /// each: trajectory j·R + k is realisation k of row j in every per-trajectory array.
    /// </summary>
    public static Array[] Reduce(int rows, int r, IReadOnlyList<double[]> observables, bool[] mayBeUndefined, double[] meanSquare, double[] meanFourth,
        byte[] regime, byte[] status, int[] steps, int[] rejected)
    {
        int regimes = RegimeRules.Names.Length;
        var means = observables.Select(_ => new double[rows]).ToArray();
        var stds = observables.Select(_ => new double[rows]).ToArray();
        var defined = observables.Select((_, v) => mayBeUndefined[v] ? new double[rows] : []).ToArray();
        var binder = new double[rows];
        var fractions = Enumerable.Range(0, regimes).Select(_ => new double[rows]).ToArray();
        var rowRegime = new byte[rows];
        var rowStatus = new byte[rows];
        var failed = new int[rows];
        var rowSteps = new int[rows];
        var rowRejected = new int[rows];
        Parallel.For(0, rows, () => new int[regimes], (row, _, counts) =>
        {
            int first = row * r;
            Array.Clear(counts);
            double stepSum = 0, rejectedSum = 0;
            for (int k = first; k < first + r; k++)
            {
                counts[regime[k]]++;
                stepSum += steps[k];
                rejectedSum += rejected[k];
                if (status[k] != 0)
                {
                    failed[row]++;
                    if (rowStatus[row] == 0) rowStatus[row] = status[k];
                }
            }
            for (int v = 0; v < observables.Count; v++)
            {
                (means[v][row], stds[v][row]) = MeanAndStd(observables[v], status, first, r);
                if (mayBeUndefined[v]) defined[v][row] = FiniteFraction(observables[v], first, r);
            }
            binder[row] = Binder(meanSquare, meanFourth, status, first, r);
            int mode = 0;
            for (int c = 0; c < regimes; c++)
            {
                fractions[c][row] = (double)counts[c] / r;
                if (counts[c] > counts[mode]) mode = c;
            }
            rowRegime[row] = (byte)mode;
            rowSteps[row] = (int)Math.Round(stepSum / r);
            rowRejected[row] = (int)Math.Round(rejectedSum / r);
            return counts;
        }, _ => { });
        var arrays = new List<Array>();
        for (int v = 0; v < observables.Count; v++)
        {
            arrays.Add(means[v]);
            arrays.Add(stds[v]);
            if (mayBeUndefined[v]) arrays.Add(defined[v]);
        }
        arrays.Add(binder);
        arrays.AddRange(fractions);
        arrays.AddRange([rowRegime, rowStatus, failed, rowSteps, rowRejected]);
        return [.. arrays];
    }

    /// <summary>Mean and sample standard deviation (Welford) of the successful, finite values among [first, first + r).</summary>
    private static (double Mean, double Std) MeanAndStd(double[] values, byte[] status, int first, int r)
    {
        long n = 0;
        double mean = 0, m2 = 0;
        for (int k = first; k < first + r; k++)
        {
            double x = values[k];
            if (status[k] != 0 || !double.IsFinite(x)) continue;
            n++;
            double delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
        }
        return n == 0 ? (double.NaN, double.NaN) : (mean, n > 1 ? Math.Sqrt(m2 / (n - 1)) : double.NaN);
    }

    private static double FiniteFraction(double[] values, int first, int r)
    {
        int finite = 0;
        for (int k = first; k < first + r; k++)
            if (double.IsFinite(values[k])) finite++;
        return (double)finite / r;
    }

    private static double Binder(double[] meanSquare, double[] meanFourth, byte[] status, int first, int r)
    {
        double second = 0, fourth = 0;
        int n = 0;
        for (int k = first; k < first + r; k++)
        {
            if (status[k] != 0 || !double.IsFinite(meanSquare[k]) || !double.IsFinite(meanFourth[k])) continue;
            second += meanSquare[k];
            fourth += meanFourth[k];
            n++;
        }
        if (n == 0 || !(second > 0)) return double.NaN;
        second /= n;
        fourth /= n;
        return 1 - fourth / (3 * second * second);
    }
}
