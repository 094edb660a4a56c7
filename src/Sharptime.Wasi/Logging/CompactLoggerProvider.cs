using Microsoft.Extensions.Logging;

namespace Sharptime.Wasi;

/// <summary>
/// Writes each log line as <c>LEVEL area &gt; message</c> to a TextWriter, synchronously (the
/// console logger of Microsoft.Extensions.Logging writes from a background queue, which would
/// let trace lines drift away from the guest output they explain, and lose the last ones on exit).
/// </summary>
internal sealed class CompactLoggerProvider(TextWriter output) : ILoggerProvider
{
    private readonly Lock _lock = new();

    public ILogger CreateLogger(string categoryName) => new CompactLogger(this, AreaOf(categoryName));

    public void Dispose() => output.Flush();

    /// <summary>"Sharptime.Wasi.Preview1" → "wasi": the area a SHARPTIME_LOG filter names.</summary>
    internal static string AreaOf(string category)
    {
        var rest = category.StartsWith("Sharptime.", StringComparison.Ordinal) ? category["Sharptime.".Length..] : category;
        int dot = rest.IndexOf('.');
        return (dot < 0 ? rest : rest[..dot]).ToLowerInvariant();
    }

    internal static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => " INFO",
        LogLevel.Warning => " WARN",
        LogLevel.Error => "ERROR",
        _ => " CRIT",
    };

    private void Write(string line)
    {
        lock (_lock)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    private sealed class CompactLogger(CompactLoggerProvider provider, string area) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var message = formatter(state, exception);
            if (exception is not null) message += " " + exception.Message;
            provider.Write($"{LevelName(logLevel)} {area} > {message}");
        }
    }
}
