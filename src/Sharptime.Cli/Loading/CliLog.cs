using Microsoft.Extensions.Logging;
using Sharptime.Cli.Errors;
using Sharptime.Wasi;

namespace Sharptime.Cli.Loading;

/// <summary>
/// Diagnostics on stderr, configured like Rust's RUST_LOG by <c>SHARPTIME_LOG</c> (parsed by
/// <see cref="WasiLogging"/>): <c>wasi</c> traces WASI calls, <c>cache</c> the compile cache's
/// decisions, <c>time</c> how long each stage of a run took; <c>debug</c> or <c>trace</c> shows
/// everything. Unset, nothing is created: logging costs nothing at start-up.
/// </summary>
internal static class CliLog
{
    public const string Cache = "cache";
    public const string Time = "time";

    private static readonly Lazy<ILoggerFactory?> s_factory = new(Create);

    /// <summary>The factory WASI and the CLI log through, or null when SHARPTIME_LOG is unset.</summary>
    public static ILoggerFactory? Factory => s_factory.Value;

    public static bool IsEnabled(string area) => Factory?.CreateLogger(Category(area)).IsEnabled(LogLevel.Debug) == true;

    public static void Write(string area, string message) => Factory?.CreateLogger(Category(area)).LogDebug("{Message}", message);

    private static string Category(string area) => "Sharptime." + char.ToUpperInvariant(area[0]) + area[1..];

    private static ILoggerFactory? Create()
    {
        var value = Environment.GetEnvironmentVariable(WasiLogging.EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(value)) return null;
        try
        {
            return WasiLogging.CreateLoggerFactory(value);
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
