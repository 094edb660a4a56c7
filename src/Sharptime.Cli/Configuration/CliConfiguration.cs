using Sharptime.Cli.Errors;
using System.Globalization;
using System.Text.Json;

namespace Sharptime.Cli.Configuration;

/// <summary>
/// The settings of <c>config.json</c> (JSON with comments; <c>sharptime config new</c> writes a
/// commented one): the compile cache and default limits. The file lives at
/// <c>$SHARPTIME_CONFIG</c>, else <c>$XDG_CONFIG_HOME/sharptime/config.json</c>, else
/// <c>~/.config/sharptime/config.json</c> (<c>%APPDATA%\sharptime\config.json</c> on Windows).
/// A missing file means the defaults.
/// </summary>
internal sealed record CliConfiguration
{
    public const long DefaultCacheMaxSize = 1L << 30;

    public bool CacheEnabled { get; init; } = true;

    /// <summary>Null: <see cref="DefaultCacheDirectory"/>.</summary>
    public string? CacheDirectory { get; init; }

    public long CacheMaxSize { get; init; } = DefaultCacheMaxSize;

    public const long DefaultCacheNativeMinSize = 1L << 20;

    /// <summary>Whether the entries of large modules are compiled to native code by crossgen2 (when it is found).</summary>
    public bool CacheNative { get; init; } = true;

    /// <summary>
    /// Modules of at least this many bytes are stored by a background process that outlives the run
    /// (see <c>Loading/DetachedCacheStore.cs</c>), which also compiles their code to native code.
    /// </summary>
    public long CacheNativeMinSize { get; init; } = DefaultCacheNativeMinSize;

    public ulong? MaxMemorySize { get; init; }
    public int? MaxWasmStack { get; init; }

    /// <summary>Where the configuration was read from, or null for the built-in defaults.</summary>
    public string? SourcePath { get; init; }

    public string EffectiveCacheDirectory => CacheDirectory ?? DefaultCacheDirectory;

    public static string DefaultPath
    {
        get
        {
            if (Environment.GetEnvironmentVariable("SHARPTIME_CONFIG") is { Length: > 0 } explicitPath) return explicitPath;
            return Path.Combine(ConfigHome, "sharptime", "config.json");
        }
    }

    /// <summary><c>$SHARPTIME_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/sharptime</c>, else <c>~/.cache/sharptime</c> (<c>%LOCALAPPDATA%\sharptime\cache</c> on Windows).</summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable("SHARPTIME_CACHE_DIR") is { Length: > 0 } dir) return dir;
            if (OperatingSystem.IsWindows())
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "sharptime", "cache");
            if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg) return Path.Combine(xdg, "sharptime");
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "sharptime");
        }
    }

    private static string ConfigHome
    {
        get
        {
            if (OperatingSystem.IsWindows()) return Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
            if (Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg) return xdg;
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        }
    }

    /// <summary>Reads <paramref name="path"/> (or the default path, where a missing file means the defaults).</summary>
    /// <exception cref="UsageException">The file is not valid JSON or has a value of the wrong kind.</exception>
    public static CliConfiguration Load(string? path)
    {
        bool explicitPath = path is not null;
        path ??= DefaultPath;
        if (!File.Exists(path))
        {
            if (explicitPath) throw new UsageException($"configuration file '{path}' does not exist");
            return new CliConfiguration();
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            return FromJson(document.RootElement) with { SourcePath = path };
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new UsageException($"invalid configuration file '{path}': {e.Message}");
        }
    }

    private static CliConfiguration FromJson(JsonElement root)
    {
        var config = new CliConfiguration();
        if (root.TryGetProperty("cache", out var cache))
        {
            if (cache.TryGetProperty("enabled", out var enabled)) config = config with { CacheEnabled = enabled.GetBoolean() };
            if (cache.TryGetProperty("directory", out var directory) && directory.ValueKind != JsonValueKind.Null)
                config = config with { CacheDirectory = ExpandHome(directory.GetString()!) };
            if (cache.TryGetProperty("max-size", out var maxSize) && maxSize.ValueKind != JsonValueKind.Null)
                config = config with { CacheMaxSize = (long)ReadSize(maxSize) };
            if (cache.TryGetProperty("native", out var native)) config = config with { CacheNative = native.GetBoolean() };
            if (cache.TryGetProperty("native-min-size", out var nativeMinSize) && nativeMinSize.ValueKind != JsonValueKind.Null)
                config = config with { CacheNativeMinSize = (long)ReadSize(nativeMinSize) };
        }
        if (root.TryGetProperty("limits", out var limits))
        {
            if (limits.TryGetProperty("max-memory-size", out var memory) && memory.ValueKind != JsonValueKind.Null)
                config = config with { MaxMemorySize = ReadSize(memory) };
            if (limits.TryGetProperty("max-wasm-stack", out var stack) && stack.ValueKind != JsonValueKind.Null)
                config = config with { MaxWasmStack = checked((int)ReadSize(stack)) };
        }
        return config;
    }

    private static ulong ReadSize(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetUInt64() : ParseSize(value.GetString() ?? "");

    /// <summary>A byte count: a number with an optional K, M, G or T suffix (powers of 1024), or 0x hex.</summary>
    public static ulong ParseSize(string text)
    {
        var t = text.Trim().Replace("_", "", StringComparison.Ordinal);
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return ulong.Parse(t.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if (t.EndsWith("iB", StringComparison.Ordinal) || t.EndsWith('B')) t = t.TrimEnd('B').TrimEnd('i');
        int shift = t.Length == 0 ? 0 : char.ToUpperInvariant(t[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
        if (shift != 0) t = t[..^1];
        ulong n = ulong.Parse(t, NumberStyles.None, CultureInfo.InvariantCulture);
        return shift == 0 ? n : checked(n * (1UL << shift));
    }

    private static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal) || path == "~"
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "")
            : path;
}
