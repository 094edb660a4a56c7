using Microsoft.Extensions.Logging;

namespace Sharptime.Wasi;

/// <summary>A parsed <c>SHARPTIME_LOG</c> value: a default level and per-category levels.</summary>
internal sealed record LogFilter(LogLevel DefaultLevel, IReadOnlyList<(string Category, LogLevel Level)> Rules)
{
    public static LogFilter Parse(string? value)
    {
        var level = LogLevel.None;
        var rules = new List<(string, LogLevel)>();
        if (string.IsNullOrWhiteSpace(value)) return new LogFilter(level, rules);
        foreach (var raw in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = raw.IndexOf('=');
            if (eq < 0)
            {
                // A bare word is a level for everything, unless it is an area's name (then: trace for it).
                if (TryParseLevel(raw, out var all)) level = all;
                else rules.Add((CategoryOf(raw), LogLevel.Trace));
                continue;
            }
            var area = raw[..eq].Trim();
            var text = raw[(eq + 1)..].Trim();
            if (area.Length == 0 || !TryParseLevel(text, out var areaLevel))
                throw new FormatException($"SHARPTIME_LOG: '{raw}' is not AREA=LEVEL (levels: trace, debug, info, warn, error, off)");
            rules.Add((CategoryOf(area), areaLevel));
        }
        return new LogFilter(level, rules);
    }

    /// <summary>A short area name (<c>wasi</c>) as its category prefix (<c>Sharptime.Wasi</c>); full names as they are.</summary>
    public static string CategoryOf(string area)
    {
        if (area.Contains('.') || area.Contains("::", StringComparison.Ordinal)) return area.Replace("::", ".", StringComparison.Ordinal);
        return "Sharptime." + char.ToUpperInvariant(area[0]) + area[1..].ToLowerInvariant();
    }

    private static bool TryParseLevel(string text, out LogLevel level)
    {
        switch (text.ToLowerInvariant())
        {
            case "trace": level = LogLevel.Trace; return true;
            case "debug": level = LogLevel.Debug; return true;
            case "info": level = LogLevel.Information; return true;
            case "warn" or "warning": level = LogLevel.Warning; return true;
            case "error": level = LogLevel.Error; return true;
            case "critical": level = LogLevel.Critical; return true;
            case "off" or "none": level = LogLevel.None; return true;
            default: level = LogLevel.None; return false;
        }
    }
}
