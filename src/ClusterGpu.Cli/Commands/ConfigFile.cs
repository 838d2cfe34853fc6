using System.Globalization;
using ClusterGpu.Errors;
using Tomlyn;
using Tomlyn.Model;

namespace ClusterGpu.Cli.Commands;

/// <summary>
/// <c>--config run.toml</c>: the same settings as the command-line options, keys named like the options without
/// dashes (<c>model = "brusselator"</c>, <c>grid = ["a=0.2:3:64", "b=0.5:8:64"]</c>, <c>t-end = 200</c>,
/// <c>ic-grid = true</c>). Options given on the command line win over the file.
/// </summary>
internal static class ConfigFile
{
    /// <summary>The arguments with the file's settings inserted for every option the command line does not give.</summary>
    public static string[] Expand(string[] args, IReadOnlyCollection<string> knownOptions)
    {
        int at = Array.IndexOf(args, "--config");
        if (at < 0) return args;
        if (at + 1 >= args.Length) throw new UsageException("--config needs a file name, e.g. --config run.toml.");
        string path = args[at + 1];
        if (!File.Exists(path)) throw new UsageException($"Config file '{path}' does not exist; check the path.");
        TomlTable table;
        try
        {
            table = TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(path))!;
        }
        catch (Exception e) when (e is TomlException or InvalidOperationException)
        {
            throw new UsageException($"Config file '{path}' is not valid TOML: {e.Message.Split('\n')[0]}");
        }
        var given = new HashSet<string>(args.Where(a => a.StartsWith("--", StringComparison.Ordinal)));
        var expanded = new List<string>();
        for (int i = 0; i < args.Length; i++)
            if (i != at && i != at + 1) expanded.Add(args[i]);
        foreach (var (key, value) in table)
        {
            string option = "--" + key;
            if (!knownOptions.Contains(option))
                throw new UsageException($"Config file '{path}': unknown key '{key}'.{NearestName.Hint(option, knownOptions)} Keys are the option names without dashes.");
            if (given.Contains(option)) continue;
            switch (value)
            {
                case bool flag:
                    if (flag) expanded.Add(option);
                    break;
                case TomlArray list:
                    foreach (var item in list) expanded.AddRange([option, Format(item, key, path)]);
                    break;
                default:
                    expanded.AddRange([option, Format(value, key, path)]);
                    break;
            }
        }
        return expanded.ToArray();
    }

    private static string Format(object? value, string key, string path) => value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => throw new UsageException($"Config file '{path}': key '{key}' must be a string, number, boolean or array of those."),
    };
}
