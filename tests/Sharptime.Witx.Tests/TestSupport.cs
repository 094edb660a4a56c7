using Microsoft.Extensions.Logging;

namespace Sharptime.Witx.Tests;

/// <summary>Where the repository and the read-only reference material are.</summary>
internal static class Paths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Our own witx files.</summary>
    public static string OurWitx(string relative) => Path.Combine(RepoRoot, "src", "Sharptime.Wasi", "witx", relative);

    /// <summary>The shared folder beside the repository (or $SHARPTIME_SHARED), or null.</summary>
    public static string? Shared
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("SHARPTIME_SHARED");
            if (!string.IsNullOrEmpty(env))
            {
                return Directory.Exists(env) ? env : null;
            }
            var beside = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            return Directory.Exists(beside) ? beside : null;
        }
    }

    public const string ReferenceWitxRelative = "reference/wasi-0.1";

    /// <summary>The reference witx folder (preview0/ and preview1/ below it), or null when absent.</summary>
    public static string? ReferenceWitx
    {
        get
        {
            var shared = Shared;
            if (shared is null)
            {
                return null;
            }
            var dir = Path.Combine(shared, ReferenceWitxRelative);
            return File.Exists(Path.Combine(dir, "preview1", "witx", "wasi_snapshot_preview1.witx")) ? dir : null;
        }
    }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sharptime.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("cannot find Sharptime.sln above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// A fact that needs the reference witx in shared/. Skipped with a message when shared/ is absent,
/// except under CI=true, where the test runs and fails (see <see cref="ReferenceWitx.Folder"/>).
/// </summary>
public sealed class ReferenceFactAttribute : FactAttribute
{
    public ReferenceFactAttribute()
    {
        if (Paths.ReferenceWitx is null && !Paths.IsCi)
        {
            Skip = $"reference witx not found ({Paths.ReferenceWitxRelative} under ../shared beside the repository, or $SHARPTIME_SHARED); "
                 + "this test fails instead of skipping when CI=true";
        }
    }
}

internal static class ReferenceWitx
{
    /// <summary>The reference folder; fails the test with a clear message when it is missing.</summary>
    public static string Folder => Paths.ReferenceWitx
        ?? throw new Xunit.Sdk.XunitException(
            $"CI=true but the reference witx is missing: expected {Paths.ReferenceWitxRelative}/preview1/witx/wasi_snapshot_preview1.witx " +
            $"under {Path.GetFullPath(Path.Combine(Paths.RepoRoot, "..", "shared"))} (or $SHARPTIME_SHARED)");
}

/// <summary>An ILogger that keeps what it is given.</summary>
internal sealed class ListLogger : ILogger
{
    public List<(LogLevel Level, string Message)> Entries { get; } = new();

    public LogLevel MinLevel { get; set; } = LogLevel.Trace;

    public IEnumerable<string> Lines => Entries.Select(e => e.Message);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= MinLevel;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Entries.Add((logLevel, formatter(state, exception)));
        }
    }
}

/// <summary>A theory that needs the reference witx in shared/ (same rules as <see cref="ReferenceFactAttribute"/>).</summary>
public sealed class ReferenceTheoryAttribute : TheoryAttribute
{
    public ReferenceTheoryAttribute()
    {
        if (Paths.ReferenceWitx is null && !Paths.IsCi)
        {
            Skip = $"reference witx not found ({Paths.ReferenceWitxRelative} under ../shared beside the repository, or $SHARPTIME_SHARED); "
                 + "this test fails instead of skipping when CI=true";
        }
    }
}
