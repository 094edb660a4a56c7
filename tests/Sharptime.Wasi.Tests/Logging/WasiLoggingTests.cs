using Microsoft.Extensions.Logging;

namespace Sharptime.Wasi.Tests.Logging;

/// <summary>The SHARPTIME_LOG filter syntax and the compact line format.</summary>
public class WasiLoggingTests
{
    private static (string Output, ILoggerFactory Factory) Log(string? filter, string category, LogLevel level, string message)
    {
        var output = new StringWriter();
        var factory = WasiLogging.CreateLoggerFactory(filter, output);
        factory.CreateLogger(category).Log(level, message);
        return (output.ToString().ReplaceLineEndings("\n"), factory);
    }

    [Theory]
    [InlineData("trace", "Sharptime.Wasi.Preview1", LogLevel.Trace, "TRACE wasi > m\n")]
    [InlineData("wasi=trace", "Sharptime.Wasi", LogLevel.Trace, "TRACE wasi > m\n")]
    [InlineData("wasi=trace", "Sharptime.Engine", LogLevel.Trace, "")]
    [InlineData("wasi=debug,engine=info", "Sharptime.Wasi", LogLevel.Trace, "")]
    [InlineData("wasi=debug,engine=info", "Sharptime.Wasi", LogLevel.Debug, "DEBUG wasi > m\n")]
    [InlineData("wasi=debug,engine=info", "Sharptime.Engine", LogLevel.Information, " INFO engine > m\n")]
    [InlineData("wasi=debug,engine=info", "Sharptime.Engine", LogLevel.Debug, "")]
    [InlineData("info,wasi=off", "Sharptime.Wasi", LogLevel.Error, "")]
    [InlineData("info,wasi=off", "Other", LogLevel.Warning, " WARN other > m\n")]
    [InlineData("Sharptime.Wasi=trace", "Sharptime.Wasi.Preview0", LogLevel.Trace, "TRACE wasi > m\n")]
    [InlineData("wasi", "Sharptime.Wasi", LogLevel.Trace, "TRACE wasi > m\n")]
    [InlineData("", "Sharptime.Wasi", LogLevel.Critical, "")]
    [InlineData(null, "Sharptime.Wasi", LogLevel.Critical, "")]
    public void FilterSelectsCategoriesAndLevels(string? filter, string category, LogLevel level, string expected)
    {
        var (output, factory) = Log(filter, category, level, "m");
        factory.Dispose();
        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData("wasi=loud")]
    [InlineData("=trace")]
    public void MalformedFiltersAreRejected(string filter) =>
        Assert.Throws<FormatException>(() => WasiLogging.CreateLoggerFactory(filter, TextWriter.Null));
}
