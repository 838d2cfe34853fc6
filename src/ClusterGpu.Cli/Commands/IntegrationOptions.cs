using System.CommandLine;
using ClusterGpu.Solving;
using ClusterGpu.Sweeps;

namespace ClusterGpu.Cli.Commands;

/// <summary>
/// How trajectories are integrated and judged, shared by <c>sweep</c>, <c>phase</c> and <c>sensitivity</c>: integrator,
/// time span, step or tolerances, observation window, regime thresholds, backend and precision.
/// </summary>
internal sealed class IntegrationOptions(string methodOption)
{
    public Option<double> TEnd { get; } = new("--t-end") { Description = "End time (start 0)", DefaultValueFactory = _ => 400 };
    public Option<string> Method { get; } = CliOptions.Method(methodOption, "dopri5");
    public Option<double> Dt { get; } = new("--dt") { Description = "Step size for rk4", DefaultValueFactory = _ => 0.01 };
    public Option<double> Rtol { get; } = new("--rtol") { Description = "Relative tolerance for dopri5", DefaultValueFactory = _ => 1e-6 };
    public Option<double> Atol { get; } = new("--atol") { Description = "Absolute tolerance for dopri5", DefaultValueFactory = _ => 1e-9 };
    public Option<long> MaxSteps { get; } = new("--max-steps") { Description = "Most step attempts per trajectory (dopri5)", DefaultValueFactory = _ => 1_000_000 };
    public Option<double> Window { get; } = new("--window") { Description = "Observation window: last fraction of the time span", DefaultValueFactory = _ => 0.5 };
    public Option<double> DivergeBound { get; } = new("--diverge-bound") { Description = "Regime: diverged when |state| exceeds this", DefaultValueFactory = _ => 1e6 };
    public Option<double> DisorderThreshold { get; } = new("--disorder-threshold") { Description = "Regime: disordered when RMS order parameter < this x its scale", DefaultValueFactory = _ => 1e-3 };
    public Option<double> OscillationThreshold { get; } = new("--oscillation-threshold") { Description = "Regime: oscillatory when window amplitude > this x |mean|", DefaultValueFactory = _ => 1e-2 };
    public Option<double> DecayRatio { get; } = new("--decay-ratio") { Description = "Regime: oscillation must keep this fraction of its amplitude from the window's first to second half", DefaultValueFactory = _ => 0.5 };
    public Option<double> ChaosThreshold { get; } = new("--chaos-threshold") { Description = "Regime: chaotic when the largest Lyapunov exponent exceeds this (with --lyapunov)", DefaultValueFactory = _ => 1e-2 };
    public Option<bool> Lyapunov { get; } = new("--lyapunov") { Description = "Also compute the largest Lyapunov exponent over the window (variable lle; regime chaotic)" };
    public Option<string> Backend { get; } = CliOptions.Backend();
    public Option<string> Precision { get; } = CliOptions.Precision();

    public IEnumerable<Option> All =>
        [TEnd, Method, Dt, Rtol, Atol, MaxSteps, Window, DivergeBound, DisorderThreshold, OscillationThreshold, DecayRatio, ChaosThreshold, Lyapunov, Backend, Precision];

    public IntegrationSettings Settings(ParseResult parse)
    {
        var settings = new IntegrationSettings
        {
            Method = CliOptions.ParseMethod(parse.GetValue(Method)!),
            TEnd = parse.GetValue(TEnd),
            Dt = parse.GetValue(Dt),
            RelativeTolerance = parse.GetValue(Rtol),
            AbsoluteTolerance = parse.GetValue(Atol),
            MaxSteps = parse.GetValue(MaxSteps),
            Precision = CliOptions.ParsePrecision(parse.GetValue(Precision)!),
        };
        settings.Validate();
        return settings;
    }

    public Observation Observation(ParseResult parse)
    {
        var observation = new Observation(parse.GetValue(Window), parse.GetValue(Lyapunov));
        observation.Validate();
        return observation;
    }

    /// <summary>The regime thresholds; stochastic <paramref name="settings"/> switch on the noisy order test (<see cref="RegimeRules.Noisy"/>).</summary>
    public RegimeRules Rules(ParseResult parse, IntegrationSettings settings)
    {
        var rules = new RegimeRules(parse.GetValue(DivergeBound), parse.GetValue(DisorderThreshold), parse.GetValue(OscillationThreshold), parse.GetValue(DecayRatio), parse.GetValue(ChaosThreshold),
            Noisy: settings.IsStochastic);
        rules.Validate();
        return rules;
    }
}
