using System.Diagnostics;
using System.Globalization;
using Sharptime.Cli.Compile;
using Sharptime.Cli.Configuration;
using Sharptime.Compilation.Persistence;

namespace Sharptime.Cli.Loading;

/// <summary>
/// The cache for large modules (at least <see cref="CliConfiguration.CacheNativeMinSize"/> bytes).
/// Writing a large module's entry takes longer than running it from memory (Yosys: about 9 s of
/// code generation for a 2 s run), and compiling the entry to native code with crossgen2, which
/// is what makes a later run start before V8 would, takes minutes. Neither should hold up the run,
/// nor keep the process alive after the guest is done, so both are left to a background process
/// (<see cref="CacheStoreCommand"/>) that outlives this one: the run compiles in memory at once, as
/// <c>--cache=false</c> would; the next run finds the IL entry, and runs after the background
/// process is done find native code.
/// </summary>
internal static class DetachedCacheStore
{
    /// <summary>A background store older than this is taken to have died: it is started again.</summary>
    private static readonly TimeSpan s_pendingLifetime = TimeSpan.FromHours(1);

    /// <summary>After a failed native compile the entry keeps its IL this long before it is tried again.</summary>
    private static readonly TimeSpan s_failureLifetime = TimeSpan.FromDays(1);

    public static Module Load(ModuleCache cache, Engine engine, CliConfiguration configuration, string name, byte[] wasm)
    {
        var cached = cache.TryGet(engine, name, wasm, out var entry);
        if (cached is not null && (!configuration.CacheNative || ModuleCache.HasNativeCode(entry)))
            return cached;
        // Looked for only now: a hit on native code does not pay for searching the NuGet cache.
        bool native = configuration.CacheNative && Crossgen.Find() is not null;
        if (cached is not null && !native) return cached;

        // A module that fails to compile fails here, before anything is started for it.
        var module = cached ?? Module.FromBytes(engine, name, wasm);
        Start(cache, entry, engine, name, wasm, native);
        return module;
    }

    /// <summary>Marks, beside an entry, that a background process is storing it (the file holds its process id).</summary>
    public static string PendingMarker(string entry) => entry + ".pending";

    /// <summary>Beside an entry: why compiling it to native code failed (kept for a day, then tried again).</summary>
    public static string FailureNote(string entry) => entry + ".failed";

    private static void Start(ModuleCache cache, string entry, Engine engine, string name, byte[] wasm, bool native)
    {
        if (IsFresh(PendingMarker(entry), s_pendingLifetime))
        {
            cache.Log?.Invoke($"cache: {name} is being stored by another process");
            return;
        }
        if (native && IsFresh(FailureNote(entry), s_failureLifetime))
        {
            cache.Log?.Invoke($"cache: {name} stays IL: compiling it to native code failed less than a day ago ({FailureNote(entry)})");
            if (File.Exists(entry)) return;
            native = false;
        }
        string? wasmFile = null;
        try
        {
            Directory.CreateDirectory(cache.Directory);
            // The module goes by file: it may have come from text, and the background process reads it after this one may be gone.
            wasmFile = entry + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".wasm";
            File.WriteAllBytes(wasmFile, wasm);
            var process = Process.Start(CacheStoreCommand.StartInfo(entry, wasmFile, name, engine.Config, native))
                ?? throw new IOException("the process did not start");
            cache.Log?.Invoke($"cache: {name} is stored{(native ? " and compiled to native code" : "")} by a background process ({process.Id}, {entry})");
            // Closing our ends of its redirected standard streams: it must not hold the output this process's caller reads to the end.
            process.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            // The run goes on from memory; only the next run's start-up is lost.
            cache.Log?.Invoke($"cache bypassed: cannot start storing {name} in the background: {e.Message}");
            if (wasmFile is not null) TryDelete(wasmFile);
        }
    }

    private static bool IsFresh(string path, TimeSpan lifetime)
    {
        try
        {
            return File.Exists(path) && DateTime.UtcNow - File.GetLastWriteTimeUtc(path) < lifetime;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
