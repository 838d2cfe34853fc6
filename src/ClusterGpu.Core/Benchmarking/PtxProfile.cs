using System.Text.RegularExpressions;
using ClusterGpu.Gpu;
using ClusterGpu.Kernels.Numbers;
using ClusterGpu.Kernels.Observers;
using ClusterGpu.Models;
using ClusterGpu.Solving;

namespace ClusterGpu.Benchmarking;

/// <summary>
/// Static profile of one GPU kernel (model × method × precision, final state only) from its PTX: instructions by
/// kind over the whole entry function and over one pass of the step loop, the FLOPs of that pass, and whether the
/// kernel touches per-thread local memory.
/// </summary>
/// <param name="Model">Model name.</param>
/// <param name="Method">rk4 or dopri5.</param>
/// <param name="Precision">fp64 or fp32.</param>
/// <param name="Total">Instruction counts by kind (<see cref="PtxProfiler.Kinds"/>) over the entry function.</param>
/// <param name="PerStep">Instruction counts by kind over the step loop's steady path (every path of it counted once).</param>
/// <param name="FlopsPerStep">FLOPs of the step loop: fma 2, add/sub/mul/div/sqrt 1 (see <see cref="PtxProfiler.Flops"/>).</param>
/// <param name="UsesLocalMemory">True when <c>.local</c> appears (state spilled to slow per-thread memory).</param>
/// <param name="ExternFunctions">Functions the PTX declares <c>.extern</c> and calls without defining.</param>
public sealed record PtxProfile(
    string Model, string Method, string Precision,
    IReadOnlyDictionary<string, int> Total, IReadOnlyDictionary<string, int> PerStep, int FlopsPerStep,
    bool UsesLocalMemory, IReadOnlyList<string> ExternFunctions);

/// <summary>
/// Counts PTX instructions by kind. The step loop is found in the control-flow graph of the entry function: of the
/// natural loops (a back edge to a header plus every block that reaches it without passing the header), the one whose
/// steady path has the most FLOPs. The steady path is what every step runs: the blocks on a cycle through the header that
/// touches no global memory. It leaves out a persistent thread's hand-over between trajectories (store the outputs, load
/// the next trajectory's inputs, start it: <c>IIntegrationMethod.IntegrateQueue</c>), which runs once per trajectory.
/// Static counts: every steady path is counted once (for dopri5 both the accepted and the rejected path; the rare
/// non-finite bookkeeping adds a few instructions), so they bound one step from above.
/// </summary>
public static partial class PtxProfiler
{
    /// <summary>Instruction kinds, in table order.</summary>
    public static IReadOnlyList<string> Kinds { get; } =
        ["fma", "mul", "add", "div", "sqrt", "other-fp", "cmp/sel", "ld.global", "st.global", "local", "branch", "call", "other"];

    /// <summary>Compiles the kernel of <paramref name="model"/> for <paramref name="method"/> and <paramref name="precision"/> (no observer) and profiles it.</summary>
    public static PtxProfile Profile(ModelHandle model, MethodKind method, Precision precision)
    {
        var settings = new IntegrationSettings { Method = method, Precision = precision };
        var number = precision == Precision.Fp64 ? typeof(F64) : typeof(F32);
        string ptx = PtxCompiler.Compile(model, settings.CreateMethod().GetType(), number, typeof(NoObserver<,>));
        var (total, perStep) = Analyse(ptx);
        var externs = ExternPattern().Matches(ptx).Select(m => m.Groups[1].Value).Distinct().ToArray();
        return new PtxProfile(model.Info.Name, settings.MethodName, precision.ToString().ToLowerInvariant(),
            total, perStep, Flops(perStep), ptx.Contains(".local", StringComparison.Ordinal), externs);
    }

    /// <summary>FLOPs of a set of counts: 2 per fma, 1 per add, sub, mul, div, sqrt (other-fp such as abs, min, max, neg: none).</summary>
    public static int Flops(IReadOnlyDictionary<string, int> counts) =>
        2 * counts.GetValueOrDefault("fma") + counts.GetValueOrDefault("mul") + counts.GetValueOrDefault("add")
        + counts.GetValueOrDefault("div") + counts.GetValueOrDefault("sqrt");

    /// <summary>Instruction counts by kind of the first <c>.entry</c> of <paramref name="ptx"/>: all of it, and its step loop (empty without a loop).</summary>
    public static (IReadOnlyDictionary<string, int> Total, IReadOnlyDictionary<string, int> PerStep) Analyse(string ptx)
    {
        var blocks = Blocks(EntryBody(ptx));
        var total = Count(blocks.SelectMany(b => b.Kinds));
        var loop = StepLoop(blocks);
        return (total, Count(loop.SelectMany(b => blocks[b].Kinds)));
    }

    /// <summary>The kind of one PTX instruction (label-free, directive-free line), or null for a non-instruction.</summary>
    public static string? Classify(string line)
    {
        string text = PredicatePattern().Replace(line.Trim(), "");
        if (text.Length == 0 || text.StartsWith('.') || text.StartsWith("//", StringComparison.Ordinal) || text is "{" or "}" || !char.IsLetter(text[0]))
            return null;
        int space = text.IndexOfAny([' ', '\t', ';']);
        string opcode = space < 0 ? text : text[..space];
        string[] parts = opcode.Split('.');
        bool fp = parts[^1] is "f64" or "f32";
        return parts[0] switch
        {
            "call" => "call",
            "fma" => "fma",
            "mad" when fp => "fma",
            "mul" when fp => "mul",
            "add" or "sub" when fp => "add",
            "div" or "rcp" when fp => "div",
            "sqrt" or "rsqrt" when fp => "sqrt",
            "neg" or "abs" or "min" or "max" or "ex2" or "lg2" or "sin" or "cos" or "copysign" when fp => "other-fp",
            "setp" or "selp" or "set" or "slct" => "cmp/sel",
            "ld" or "st" when parts.Contains("local") => "local",
            "ld" when parts.Contains("global") => "ld.global",
            "st" when parts.Contains("global") => "st.global",
            "bra" or "brx" => "branch",
            _ => "other",
        };
    }

    private sealed record Block(string? Label, List<string> Kinds, List<string> Targets, bool FallsThrough)
    {
        /// <summary>True when an instruction of the block loads, stores or updates global memory (ld, st, atom, red).</summary>
        public bool TouchesGlobal { get; set; }
    }

    private static IEnumerable<string> EntryBody(string ptx)
    {
        var lines = ptx.Split('\n');
        int start = Array.FindIndex(lines, l => l.Contains(".entry", StringComparison.Ordinal));
        if (start < 0) throw new ArgumentException("The PTX holds no .entry function.");
        int open = Array.FindIndex(lines, start, l => l.Trim() == "{");
        int depth = 0;
        for (int i = open; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line == "{") depth++;
            else if (line == "}" && --depth == 0) yield break;
            else yield return line;
        }
    }

    /// <summary>Basic blocks: a label starts one; a branch or return ends one.</summary>
    private static List<Block> Blocks(IEnumerable<string> body)
    {
        var blocks = new List<Block>();
        Block current = new(null, [], [], true);
        List<string> branchTargets = [];
        void Close(Block next)
        {
            if (current.Label is not null || current.Kinds.Count > 0) blocks.Add(current);
            current = next;
        }
        foreach (string line in body)
        {
            var label = LabelPattern().Match(line);
            if (label.Success)
            {
                Close(new(label.Groups[1].Value, [], [], true));
                continue;
            }
            if (line.StartsWith(".branchtargets", StringComparison.Ordinal))
                branchTargets = [.. line[".branchtargets".Length..].TrimEnd(';').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            var kind = Classify(line);
            if (kind is null) continue;
            current.Kinds.Add(kind);
            string op = PredicatePattern().Replace(line, "");
            if (op.Split([' ', '\t'], 2)[0].Split('.').Contains("global")) current.TouchesGlobal = true;
            bool conditional = line.StartsWith('@');
            if (op.StartsWith("bra", StringComparison.Ordinal))
            {
                current.Targets.Add(op.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[^1].TrimEnd(';'));
                Close(new(null, [], [], true));
                if (!conditional) blocks[^1] = blocks[^1] with { FallsThrough = false };
            }
            else if (op.StartsWith("brx", StringComparison.Ordinal))
            {
                current.Targets.AddRange(branchTargets);
                Close(new(null, [], [], true));
                blocks[^1] = blocks[^1] with { FallsThrough = conditional };
            }
            else if (op.StartsWith("ret", StringComparison.Ordinal) || op.StartsWith("exit", StringComparison.Ordinal))
            {
                Close(new(null, [], [], true));
                blocks[^1] = blocks[^1] with { FallsThrough = conditional };
            }
        }
        Close(new(null, [], [], false));
        return blocks;
    }

    /// <summary>Block indices of the steady path of the natural loop with the most FLOPs on it (empty when the code has no loop).</summary>
    private static HashSet<int> StepLoop(List<Block> blocks)
    {
        var index = blocks.Select((b, i) => (b.Label, i)).Where(x => x.Label is not null).ToDictionary(x => x.Label!, x => x.i);
        var predecessors = blocks.Select(_ => new List<int>()).ToArray();
        var successors = new List<int>[blocks.Count];
        for (int i = 0; i < blocks.Count; i++)
        {
            successors[i] = [.. blocks[i].Targets.Where(index.ContainsKey).Select(t => index[t])];
            if (blocks[i].FallsThrough && i + 1 < blocks.Count) successors[i].Add(i + 1);
            foreach (int s in successors[i]) predecessors[s].Add(i);
        }
        var dominators = Dominators(successors, predecessors);
        var backEdges = new List<(int Tail, int Head)>();
        for (int i = 0; i < blocks.Count; i++)
            if (dominators[i] is { } dominatedBy)
                backEdges.AddRange(successors[i].Where(dominatedBy.Contains).Select(head => (i, head)));
        HashSet<int> best = [];
        int bestFlops = -1;
        foreach (var head in backEdges.GroupBy(e => e.Head))
        {
            var loop = new HashSet<int> { head.Key };
            var work = new Stack<int>(head.Select(e => e.Tail));
            while (work.Count > 0)
            {
                int b = work.Pop();
                if (!loop.Add(b)) continue;
                foreach (int p in predecessors[b]) work.Push(p);
            }
            var steady = SteadyPath(blocks, loop, head.Key, successors, predecessors);
            int flops = Flops(Count(steady.SelectMany(b => blocks[b].Kinds)));
            if (flops > bestFlops) (best, bestFlops) = (steady, flops);
        }
        return best;
    }

    /// <summary>
    /// The blocks of <paramref name="loop"/> on a cycle through <paramref name="head"/> that passes no block touching global
    /// memory (a load, store or atomic): reachable from the header, and reaching it, through such blocks of the loop only.
    /// </summary>
    private static HashSet<int> SteadyPath(List<Block> blocks, HashSet<int> loop, int head, List<int>[] successors, List<int>[] predecessors)
    {
        bool Quiet(int b) => loop.Contains(b) && !blocks[b].TouchesGlobal;
        HashSet<int> Reach(List<int>[] edges)
        {
            var reached = new HashSet<int> { head };
            var work = new Stack<int>(edges[head]);
            while (work.TryPop(out int b))
                if (Quiet(b) && reached.Add(b)) foreach (int next in edges[b]) work.Push(next);
            return reached;
        }
        var steady = Reach(successors);
        steady.IntersectWith(Reach(predecessors));
        return steady;
    }

    /// <summary>Dominator sets of the blocks reachable from block 0 (null for unreachable blocks), by the iterative data-flow method.</summary>
    private static HashSet<int>?[] Dominators(List<int>[] successors, List<int>[] predecessors)
    {
        var reachable = new HashSet<int>();
        var work = new Stack<int>([0]);
        while (work.TryPop(out int b))
            if (reachable.Add(b)) foreach (int s in successors[b]) work.Push(s);
        var dominators = new HashSet<int>?[successors.Length];
        foreach (int b in reachable) dominators[b] = b == 0 ? [0] : [.. reachable];
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (int b in reachable.Where(b => b != 0).Order())
            {
                var next = new HashSet<int>(reachable);
                foreach (int p in predecessors[b]) if (dominators[p] is { } d) next.IntersectWith(d);
                next.Add(b);
                if (!next.SetEquals(dominators[b]!)) (dominators[b], changed) = (next, true);
            }
        }
        return dominators;
    }

    private static Dictionary<string, int> Count(IEnumerable<string> kinds)
    {
        var counts = Kinds.ToDictionary(k => k, _ => 0);
        foreach (string kind in kinds) counts[kind]++;
        return counts;
    }

    [GeneratedRegex(@"^@!?%\w+\s+")]
    private static partial Regex PredicatePattern();

    [GeneratedRegex(@"^([A-Za-z_$][\w$]*):$")]
    private static partial Regex LabelPattern();

    [GeneratedRegex(@"\.extern\s+\.func\s+(?:\([^)]*\)\s*)?(\w+)")]
    private static partial Regex ExternPattern();
}
