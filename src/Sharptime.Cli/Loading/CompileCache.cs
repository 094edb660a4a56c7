using Sharptime.Cli.Configuration;
using Sharptime.Compilation.Persistence;

namespace Sharptime.Cli.Loading;

/// <summary>The CLI's view of the library's <see cref="ModuleCache"/>: where the configuration puts it, logging to stderr when asked.</summary>
internal static class CompileCache
{
    public static ModuleCache Open(CliConfiguration configuration) =>
        new(configuration.EffectiveCacheDirectory, configuration.CacheMaxSize)
        {
            Log = CliLog.IsEnabled("cache") ? message => CliLog.Write("cache", message) : null,
        };
}

/// <summary>
/// Diagnostics on stderr, off unless <c>SHARPTIME_LOG</c> names their category (comma-separated,
/// e.g. <c>SHARPTIME_LOG=cache</c>) or says <c>debug</c> or <c>trace</c> for everything.
/// </summary>
internal static class CliLog
{
    private static readonly string[] s_filter =
        (Environment.GetEnvironmentVariable("SHARPTIME_LOG") ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static bool IsEnabled(string category) =>
        s_filter.Any(f => f.Equals(category, StringComparison.OrdinalIgnoreCase) || f is "debug" or "trace"
            || f.StartsWith(category + "=", StringComparison.OrdinalIgnoreCase));

    public static void Write(string category, string message) => Console.Error.WriteLine($"[sharptime {category}] {message}");
}
