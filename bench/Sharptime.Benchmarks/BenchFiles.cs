namespace Sharptime.Benchmarks;

/// <summary>
/// Finds the repository's bench/ folder (BenchmarkDotNet runs each benchmark from a generated
/// project below this one's bin/, so the folder is found by walking up), or SHARPTIME_BENCH_DIR.
/// </summary>
internal static class BenchFiles
{
    public static string BenchDirectory { get; } = Find();

    /// <summary>A module of bench/programs/wasm/ by file name, or bench/large/yosys/yosys.core.wasm for "yosys".</summary>
    public static string? Wasm(string name)
    {
        var path = name == "yosys"
            ? Path.Combine(BenchDirectory, "large", "yosys", "yosys.core.wasm")
            : Path.Combine(BenchDirectory, "programs", "wasm", name + ".wasm");
        return File.Exists(path) ? path : null;
    }

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("SHARPTIME_BENCH_DIR") is { Length: > 0 } configured) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "programs", "wasm");
            if (Directory.Exists(candidate)) return Path.Combine(dir.FullName, "bench");
        }
        throw new DirectoryNotFoundException("bench/programs/wasm not found above " + AppContext.BaseDirectory + "; set SHARPTIME_BENCH_DIR");
    }
}
