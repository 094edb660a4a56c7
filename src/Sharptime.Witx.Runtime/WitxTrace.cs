using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Sharptime.Witx.Runtime;

/// <summary>
/// Trace helpers for generated glue. Each call logs, at <see cref="LogLevel.Trace"/>, a line like
/// <c>fd_write(fd=1, iovs=0x100, iovs_len=1, retptr0=0x200)</c> before the call and
/// <c>-&gt; errno=ESUCCESS | *retptr0=20</c> after it.
/// </summary>
public static class WitxTrace
{
    /// <summary>The logger category prefix used for WASI (<c>SHARPTIME_LOG=wasi=trace</c> selects it).</summary>
    public const string WasiCategory = "Sharptime.Wasi";

    public static bool IsEnabled([NotNullWhen(true)] ILogger? logger) =>
        logger is not null && logger.IsEnabled(LogLevel.Trace);

    public static void Write(ILogger logger, string message) =>
        logger.Log(LogLevel.Trace, default, message, null, static (s, _) => s);

    /// <summary>A guest address as hex.</summary>
    public static string Hex(int value) => "0x" + ((uint)value).ToString("x");

    public static string Hex(long value) => "0x" + ((ulong)value).ToString("x");

    /// <summary>A string as a quoted literal with control characters escaped.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4"));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
