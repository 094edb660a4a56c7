using Microsoft.Extensions.Logging;
using Sharptime.Witx.Runtime;

namespace Sharptime.Wasi;

/// <summary>
/// Tracing of WASI calls, configured like Rust's <c>RUST_LOG</c> through the <c>SHARPTIME_LOG</c>
/// environment variable: <c>trace</c> (everything at trace level), <c>wasi=trace</c> (one area),
/// <c>wasi=debug,engine=info</c> (several). An area is a short name (<c>wasi</c> stands for the
/// categories under <c>Sharptime.Wasi</c>) or a full category prefix. Lines go to stderr as
/// <c>TRACE wasi &gt; fd_write(fd=1, iovs=0x0, iovs_len=1, retptr0=0x14)</c>.
/// </summary>
public static class WasiLogging
{
    /// <summary>The logger category of WASI calls (both modules' glue log under it).</summary>
    public const string Category = WitxTrace.WasiCategory;

    /// <summary>The environment variable the <c>sharptime</c> command reads.</summary>
    public const string EnvironmentVariable = "SHARPTIME_LOG";

    /// <summary>
    /// A logger factory for a <c>SHARPTIME_LOG</c> value (null or empty: logs nothing), writing to
    /// <paramref name="output"/> (default: stderr) synchronously, so trace lines stay in order with
    /// what the guest writes.
    /// </summary>
    /// <exception cref="FormatException">The value is not a list of <c>LEVEL</c> and <c>AREA=LEVEL</c> items.</exception>
    public static ILoggerFactory CreateLoggerFactory(string? sharptimeLogValue, TextWriter? output = null)
    {
        var filter = LogFilter.Parse(sharptimeLogValue);
        return LoggerFactory.Create(builder =>
        {
            builder.ClearProviders();
            builder.SetMinimumLevel(filter.DefaultLevel);
            foreach (var (category, level) in filter.Rules) builder.AddFilter(category, level);
            builder.AddProvider(new CompactLoggerProvider(output ?? Console.Error));
        });
    }
}
