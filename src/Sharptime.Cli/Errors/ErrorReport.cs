using System.Text;
using Sharptime.Witx.Runtime;

namespace Sharptime.Cli.Errors;

/// <summary>
/// Turns whatever ended a command into an exit code and the text for stderr, in the shape of
/// Wasmtime's reports: <c>Error: HEADLINE</c>, then for traps a "Caused by" list with the wasm
/// backtrace and the trap. A .NET stack trace is never shown unless SHARPTIME_BACKTRACE=1 asks for it.
/// </summary>
internal static class ErrorReport
{
    /// <summary>Consecutive identical frames beyond this many are folded into one line (deep recursion).</summary>
    private const int RepeatFoldThreshold = 3;

    public static int Report(Exception exception, TextWriter stderr)
    {
        var (code, text) = Describe(exception);
        if (text.Length > 0) stderr.Write(text);
        if (code != ExitCodes.Success && ShowDotNetTrace && text.Length > 0)
            stderr.WriteLine($"\n.NET exception (SHARPTIME_BACKTRACE=1):\n{exception}");
        stderr.Flush();
        return code;
    }

    private static bool ShowDotNetTrace => Environment.GetEnvironmentVariable("SHARPTIME_BACKTRACE") is "1" or "full";

    /// <summary>The exit code and the complete stderr text (empty for a guest's own exit).</summary>
    public static (int Code, string Text) Describe(Exception exception)
    {
        if (TryGetGuestExitCode(exception, out int exit)) return (exit, "");
        var headline = exception is CliFailure f ? f.Headline : null;
        var cause = exception is CliFailure ? exception.InnerException! : exception;

        if (FindTrap(cause) is { } trap)
            return (ExitCodes.Trap, DescribeTrap(headline ?? "failed to run", trap));

        switch (cause)
        {
            case UsageException usage:
                return (ExitCodes.Usage, $"Error: {usage.Message}\n\nFor more information, try '--help'.\n");
            case FileNotFoundException or DirectoryNotFoundException:
                return (ExitCodes.Failure, Line(headline, "no such file or directory"));
            case UnauthorizedAccessException:
                return (ExitCodes.Failure, Line(headline, "permission denied"));
            case WasmException or IOException:
                return (ExitCodes.Failure, Line(headline, Clean(cause.Message)));
            default:
                return (ExitCodes.Failure, Line(headline is null ? "internal error" : headline + ": internal error",
                    $"{cause.GetType().Name}: {Clean(cause.Message)} (this is a bug in Sharptime; please report it)"));
        }
    }

    private static string Line(string? headline, string message) =>
        headline is null ? $"Error: {message}\n" : $"Error: {headline}: {message}\n";

    /// <summary>One paragraph: the .NET messages of a few exceptions (IO) can span lines.</summary>
    private static string Clean(string message) => message.ReplaceLineEndings(" ").Trim();

    /// <summary>A trap, wherever it is in the chain: the engine's, or one raised by WASI glue (a bad guest pointer).</summary>
    private static Exception? FindTrap(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is TrapException or WitxTrapException) return e;
        return null;
    }

    /// <summary>proc_exit: the exception WASI throws to unwind the guest, wherever it is in the chain.</summary>
    public static bool TryGetGuestExitCode(Exception? e, out int code)
    {
        for (; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Wasi.WasiExitException wasi:
                    code = wasi.ExitCode;
                    return true;
                case GuestExitException witx:
                    code = witx.ExitCode;
                    return true;
            }
        }
        code = 0;
        return false;
    }

    private static string DescribeTrap(string headline, Exception trap)
    {
        var frames = trap is TrapException t ? t.WasmBacktrace : Runtime.Backtrace.FromException(trap);
        var message = trap switch
        {
            TrapException { Code: TrapCode.HostError, InnerException: { } inner } => $"{trap.Message}: {Clean(inner.Message)}",
            WitxTrapException => $"host function trapped: {Clean(trap.Message)}",
            _ => trap.Message,
        };
        var sb = new StringBuilder();
        sb.Append("Error: ").Append(headline).Append("\n\nCaused by:\n");
        if (frames.Count == 0)
        {
            sb.Append("    wasm trap: ").Append(message).Append('\n');
            return sb.ToString();
        }
        sb.Append("    0: error while executing at wasm backtrace:\n");
        AppendFrames(sb, frames);
        sb.Append("    1: wasm trap: ").Append(message).Append('\n');
        return sb.ToString();
    }

    /// <summary>Frames innermost first, numbered like Wasmtime's; runs of one frame (recursion) fold into a line.</summary>
    private static void AppendFrames(StringBuilder sb, IReadOnlyList<WasmFrame> frames)
    {
        int width = (frames.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        for (int i = 0; i < frames.Count;)
        {
            int run = 1;
            while (i + run < frames.Count && frames[i + run] == frames[i]) run++;
            if (run > RepeatFoldThreshold)
            {
                sb.Append("           ").Append(i.ToString().PadLeft(width)).Append(": ").Append(frames[i]).Append('\n');
                sb.Append("           ").Append(new string(' ', width)).Append("  ... the same frame ")
                  .Append(run - 1).Append(" more times (").Append(i + 1).Append('-').Append(i + run - 1).Append(")\n");
                i += run;
                continue;
            }
            for (int k = 0; k < run; k++, i++)
                sb.Append("           ").Append(i.ToString().PadLeft(width)).Append(": ").Append(frames[i]).Append('\n');
        }
    }
}
