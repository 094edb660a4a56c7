using System.CommandLine;
using Sharptime.Cli.Errors;

namespace Sharptime.Cli.Configuration;

/// <summary>
/// <c>sharptime config new [PATH] [--force]</c> writes a commented configuration file (the default
/// location unless PATH); <c>sharptime config show</c> prints where it is and the settings in effect.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var path = new Argument<string?>("path") { Description = "Where to write it (default: " + Display(CliConfiguration.DefaultPath) + ")", Arity = ArgumentArity.ZeroOrOne };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite an existing file" };
        var create = new Command("new", "Write a new configuration file with every setting and its default, commented") { path, force };
        create.SetAction(result => New(result.GetValue(path), result.GetValue(force)));

        var show = new Command("show", "Print the configuration file's path and the settings in effect");
        show.SetAction(_ => Show());

        return new Command("config", "Manage the configuration file (cache, default limits)") { create, show };
    }

    private static int New(string? path, bool force)
    {
        path ??= CliConfiguration.DefaultPath;
        return CliFailure.Stage($"failed to write the configuration file '{path}'", () =>
        {
            if (File.Exists(path) && !force)
                throw new UsageException($"'{path}' already exists; pass --force to overwrite it");
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null) Directory.CreateDirectory(folder);
            File.WriteAllText(path, Template());
            Console.Out.WriteLine($"wrote {path}");
            return ExitCodes.Success;
        });
    }

    private static int Show()
    {
        var config = CliConfiguration.Load(null);
        var stdout = Console.Out;
        stdout.WriteLine($"configuration file: {config.SourcePath ?? CliConfiguration.DefaultPath + " (absent: defaults)"}");
        stdout.WriteLine($"cache.enabled: {(config.CacheEnabled ? "true" : "false")}");
        stdout.WriteLine($"cache.directory: {config.EffectiveCacheDirectory}");
        stdout.WriteLine($"cache.max-size: {config.CacheMaxSize}");
        stdout.WriteLine($"cache.native: {(config.CacheNative ? "true" : "false")}");
        stdout.WriteLine($"cache.native-min-size: {config.CacheNativeMinSize}");
        stdout.WriteLine($"limits.max-memory-size: {config.MaxMemorySize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default (4 GiB)"}");
        stdout.WriteLine($"limits.max-wasm-stack: {config.MaxWasmStack?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default (16 MiB)"}");
        return ExitCodes.Success;
    }

    private static string Display(string path)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length > 0 && path.StartsWith(home + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? "~" + path[home.Length..] : path;
    }

    /// <summary>The file <c>config new</c> writes: every setting at its default, with what it does.</summary>
    public static string Template() => $$"""
        // Sharptime configuration. JSON with comments; written by `sharptime config new`.
        // Read from $SHARPTIME_CONFIG, else $XDG_CONFIG_HOME/sharptime/config.json,
        // else ~/.config/sharptime/config.json. Command-line options override it.
        {
          "cache": {
            // Keep the code generated for each module run, keyed by a hash of the module and the
            // Sharptime build, so the next run of the same module skips decoding checks, validation
            // and code generation. `sharptime run --cache=false` turns it off for one run.
            "enabled": true,

            // Where cached code is kept. null: $SHARPTIME_CACHE_DIR, else $XDG_CACHE_HOME/sharptime,
            // else ~/.cache/sharptime. "~/" is expanded.
            "directory": null,

            // The most disk space the cache may use (bytes, or a number with K, M, G).
            // Least recently used entries are removed beyond it.
            "max-size": "1G",

            // Modules of at least native-min-size bytes (or K, M, G) are stored by a background
            // process that outlives the run: a first run does not wait for its entry. When "native"
            // is true and crossgen2 is found ($SHARPTIME_CROSSGEN2, or the NuGet package
            // microsoft.netcore.app.crossgen2.RID that a ReadyToRun publish restores), that process
            // then compiles the entry to native code, so that later runs skip the JIT (as
            // `sharptime compile` does; minutes of CPU time for tens of MB of code).
            "native": true,
            "native-min-size": "1M"
          },
          "limits": {
            // The largest a linear memory may grow, in bytes (or K, M, G). null: 4G.
            // Same as --max-memory-size.
            "max-memory-size": null,

            // The most native stack wasm code may use, in bytes (or K, M). Deeper recursion traps
            // with "call stack exhausted". null: 16M. Same as --max-wasm-stack.
            "max-wasm-stack": null
          }
        }

        """;
}
