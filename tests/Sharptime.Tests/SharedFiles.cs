namespace Sharptime.Tests;

/// <summary>
/// Finds the read-only material in <c>../shared</c> beside the repository (spec testsuite, WASI
/// reference). A user's clone does not have it, so tests that need it skip there; CI has it, so
/// under <c>CI=true</c> its absence is a failure rather than a silent skip.
/// </summary>
public static class SharedFiles
{
    private static readonly Lazy<string?> s_root = new(FindRoot);

    /// <summary>The <c>shared</c> folder, or null when it is not beside the repository.</summary>
    public static string? Root => s_root.Value;

    public static bool IsCI => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A path under <c>shared</c>; null when shared is missing outside CI; throws under CI.</summary>
    public static string? Find(string relativePath)
    {
        if (Root is { } root)
        {
            var path = Path.Combine(root, relativePath);
            if (File.Exists(path) || Directory.Exists(path)) return path;
        }
        if (IsCI)
            throw new InvalidOperationException($"CI=true but ../shared/{relativePath} is missing: the spec tests cannot run.");
        return null;
    }

    /// <summary>The .wast files of one suite folder ("wasm-2.0" or "wasm-3.0"), sorted; empty when absent outside CI.</summary>
    public static IReadOnlyList<string> SpecScripts(string suite)
    {
        var dir = Find(Path.Combine("spec-testsuite", suite));
        if (dir is null) return [];
        var files = Directory.GetFiles(dir, "*.wast", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        if (files.Length == 0 && IsCI) throw new InvalidOperationException($"no .wast files in {dir}");
        return files;
    }

    /// <summary>Theory data: one row per script (path relative to the suite), or one "(missing)" row that skips.</summary>
    public static TheoryData<string> SpecScriptData(string suite)
    {
        var data = new TheoryData<string>();
        var dir = Find(Path.Combine("spec-testsuite", suite));
        foreach (var f in SpecScripts(suite)) data.Add(Path.GetRelativePath(dir!, f));
        if (data.Count == 0) data.Add(MissingMarker);
        return data;
    }

    public const string MissingMarker = "(shared folder missing)";

    private static string? FindRoot()
    {
        // Walk up from the test assembly to the repository root (the folder with Sharptime.sln), then look beside it.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sharptime.sln")))
            {
                var shared = Path.Combine(dir.Parent?.FullName ?? dir.FullName, "shared");
                return Directory.Exists(shared) ? shared : null;
            }
        }
        return null;
    }
}
