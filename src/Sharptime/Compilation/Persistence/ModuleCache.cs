using System.Security.Cryptography;
using System.Text;
using Sharptime.Binary;
using Sharptime.Model;
using Sharptime.Validation;

namespace Sharptime.Compilation.Persistence;

/// <summary>How <see cref="ModuleCache.GetOrCompile"/> got its module.</summary>
public enum CacheOutcome
{
    /// <summary>Loaded from the cache: no validation, no code generation.</summary>
    Hit,
    /// <summary>Compiled and stored for next time.</summary>
    Miss,
    /// <summary>Compiled in memory: the cache could not be read or written (see the log).</summary>
    Bypassed,
}

/// <summary>
/// A folder of precompiled files keyed by a hash of the module, the Sharptime build and the
/// settings the code depends on, so running the same module again skips validation and code
/// generation (Wasmtime's compilation cache). Entries are written to a temporary name and renamed,
/// so concurrent processes never see half a file; beyond <see cref="MaxSize"/> the least recently
/// used entries are removed. A damaged or unreadable entry is dropped and compiled again: the
/// cache never turns a good module into an error.
/// </summary>
public sealed class ModuleCache(string directory, long maxSize = 1L << 30)
{
    private const string Extension = ".cwasm";

    public string Directory { get; } = directory;
    public long MaxSize { get; } = maxSize;

    /// <summary>Receives one line per decision ("hit", "miss", why an entry was dropped), for SHARPTIME_LOG.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>The cache file a module would be kept in.</summary>
    public string PathFor(Engine engine, ReadOnlySpan<byte> wasm) => PathFor(engine, PrecompiledHeader.HashOf(wasm));

    private string PathFor(Engine engine, string wasmHash) => Path.Combine(Directory, KeyOf(engine, wasmHash) + Extension);

    /// <summary>Loads <paramref name="wasm"/>'s code from the cache, or validates, compiles and stores it.</summary>
    public Module GetOrCompile(Engine engine, string name, byte[] wasm, out CacheOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(wasm);
        var hash = PrecompiledHeader.HashOf(wasm);
        var path = PathFor(engine, hash);
        if (TryLoad(engine, path, name, hash, wasm) is { } cached)
        {
            outcome = CacheOutcome.Hit;
            return cached;
        }

        var definition = DecodeAndValidate(engine, wasm);
        byte[] bytes;
        try
        {
            bytes = PrecompiledWriter.Write(engine, name, definition, wasm);
        }
        catch (Exception e) when (e is not WasmException)
        {
            // Saving failed where compiling in memory may not (an unsupported instruction is reported
            // again, properly, by the in-memory compile): the cache must not turn a good module into an error.
            Log?.Invoke($"cache bypassed: cannot save the code of {name}: {e.GetType().Name}: {e.Message}");
            outcome = CacheOutcome.Bypassed;
            return Module.FromDefinition(engine, name, definition);
        }
        try
        {
            WriteEntry(path, bytes);
            var module = PrecompiledReader.Load(engine, path, name, hash, wasm);
            outcome = CacheOutcome.Miss;
            Log?.Invoke($"cache miss: {name}: compiled and stored ({bytes.Length} bytes, {path})");
            Trim(keep: path);
            return module;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log?.Invoke($"cache bypassed: cannot write {path}: {e.Message}");
            outcome = CacheOutcome.Bypassed;
            return Module.FromDefinition(engine, name, definition);
        }
    }

    /// <summary>
    /// As <see cref="GetOrCompile"/>, except that a miss is compiled in memory and returned at once,
    /// and its entry is written by a background task, on an engine of its own with the same settings.
    /// The module can start running instead of waiting for its code to be saved: for a large module,
    /// saving takes about as long again as compiling. <paramref name="stored"/> completes when the
    /// entry is written or given up (see the log). It never faults, and a process that wants the
    /// entry must wait for it before it exits.
    /// </summary>
    public Module GetOrCompileInBackground(Engine engine, string name, byte[] wasm, out CacheOutcome outcome, out Task stored)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(wasm);
        stored = Task.CompletedTask;
        var hash = PrecompiledHeader.HashOf(wasm);
        var path = PathFor(engine, hash);
        if (TryLoad(engine, path, name, hash, wasm) is { } cached)
        {
            outcome = CacheOutcome.Hit;
            return cached;
        }
        var module = Module.FromDefinition(engine, name, DecodeAndValidate(engine, wasm));
        var config = engine.Config;
        // The writer decodes its own copy of the module: nothing it touches is shared with the running code.
        stored = Task.Run(() => StoreInBackground(new Engine(config), name, wasm, path));
        outcome = CacheOutcome.Miss;
        return module;
    }

    private void StoreInBackground(Engine engine, string name, byte[] wasm, string path)
    {
        try
        {
            StoreEntry(engine, name, ModuleDecoder.Decode(wasm), wasm, path, "compiled, and stored in the background");
        }
        catch (Exception e)
        {
            // Best effort, off the main path: whatever went wrong, the module is running from memory.
            Log?.Invoke($"cache bypassed: cannot store the code of {name}: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// The cached code of <paramref name="wasm"/>, or null when there is none (a damaged entry is deleted);
    /// <paramref name="entry"/> is where it is or would be kept (hashing a large module again costs tens of ms).
    /// </summary>
    public Module? TryGet(Engine engine, string name, byte[] wasm, out string entry)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(wasm);
        var hash = PrecompiledHeader.HashOf(wasm);
        entry = PathFor(engine, hash);
        return TryLoad(engine, entry, name, hash, wasm);
    }

    /// <summary>
    /// Validates and compiles <paramref name="wasm"/> and writes its entry, on the calling thread.
    /// Failures are thrown (the caller decides what a failed store means).
    /// </summary>
    public void Store(Engine engine, string name, byte[] wasm)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(wasm);
        StoreEntry(engine, name, DecodeAndValidate(engine, wasm), wasm, PathFor(engine, wasm), "compiled and stored");
    }

    private void StoreEntry(Engine engine, string name, WasmModule definition, byte[] wasm, string path, string what)
    {
        var bytes = PrecompiledWriter.Write(engine, name, definition, wasm);
        WriteEntry(path, bytes);
        Log?.Invoke($"cache miss: {name}: {what} ({bytes.Length} bytes, {path})");
        Trim(keep: path);
    }

    /// <summary>
    /// Makes the precompiled file <paramref name="file"/> (the code of <paramref name="wasm"/> compiled
    /// further, to native code by crossgen2) the module's entry. The file is moved, so it must be on the
    /// cache's file system; it is checked first, as a file loaded later would be.
    /// </summary>
    /// <exception cref="PrecompiledModuleException">The file is not a precompiled file of this module and build.</exception>
    public void Replace(Engine engine, byte[] wasm, string file)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(wasm);
        var hash = PrecompiledHeader.HashOf(wasm);
        var (header, _) = PrecompiledReader.ReadContents(file);
        if (header.ModuleHash != hash) throw new PrecompiledModuleException($"'{file}' holds the code of another module");
        var path = PathFor(engine, hash);
        File.Move(file, path, overwrite: true);
        Log?.Invoke($"cache entry replaced: {path} ({new FileInfo(path).Length} bytes)");
        Trim(keep: path);
    }

    /// <summary>Whether the entry <paramref name="entry"/> (<see cref="PathFor"/>) exists and holds native code (ReadyToRun), not only IL.</summary>
    public static bool HasNativeCode(string entry)
    {
        try
        {
            return File.Exists(entry) && PrecompiledReader.HasNativeCode(entry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>The cached module at <paramref name="path"/>, or null when there is none or it is damaged (then it is deleted).</summary>
    private Module? TryLoad(Engine engine, string path, string name, string hash, byte[] wasm)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var module = PrecompiledReader.Load(engine, path, name, hash, wasm);
            Touch(path);
            Log?.Invoke($"cache hit: {name} ({path})");
            return module;
        }
        catch (Exception e) when (e is PrecompiledModuleException or IOException or UnauthorizedAccessException or BadImageFormatException or MalformedModuleException)
        {
            Log?.Invoke($"cache entry dropped: {path}: {e.Message}");
            TryDelete(path);
            return null;
        }
    }

    /// <summary>Decoding and validation errors are the module's: they go to the caller, not to the log.</summary>
    private static WasmModule DecodeAndValidate(Engine engine, byte[] wasm)
    {
        var definition = ModuleDecoder.Decode(wasm);
        if (engine.Config.Validate)
            ModuleValidator.Validate(definition, new ValidationOptions { Features = engine.Config.Features });
        return definition;
    }

    /// <summary>Writes an entry under a temporary name and renames it, so that no process ever reads half a file.</summary>
    private void WriteEntry(string path, byte[] bytes)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temporary = path + "." + Environment.ProcessId + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removes least recently used entries until the cache is within 90 % of its size.</summary>
    public void Trim(string? keep = null)
    {
        FileInfo[] entries;
        try
        {
            entries = new DirectoryInfo(Directory).GetFiles("*" + Extension);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        long total = entries.Sum(f => f.Length);
        if (total <= MaxSize) return;
        long target = MaxSize / 10 * 9;
        foreach (var entry in entries.OrderBy(f => f.LastWriteTimeUtc))
        {
            if (total <= target) break;
            if (keep is not null && entry.FullName == Path.GetFullPath(keep)) continue;
            if (TryDelete(entry.FullName))
            {
                total -= entry.Length;
                Log?.Invoke($"cache entry evicted: {entry.Name} ({entry.Length} bytes)");
            }
        }
    }

    /// <summary>
    /// The key: SHA-256 over the Sharptime build, the settings generated code depends on, and the
    /// module. Anything else that changes the code must be added here.
    /// </summary>
    private static string KeyOf(Engine engine, string wasmHash)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BuildIdentity.BuildId.ToByteArray());
        hash.AppendData(Encoding.UTF8.GetBytes($"format={PrecompiledHeader.CurrentFormat};features={(long)engine.Config.Features};fuel={engine.Config.ConsumeFuel};"));
        hash.AppendData(Encoding.ASCII.GetBytes(wasmHash));
        return PrecompiledHeader.LowercaseHex(hash.GetHashAndReset())[..40];
    }

    /// <summary>Marks an entry as used now: eviction goes by last write time, which every file system keeps (access times often are not).</summary>
    private static void Touch(string path)
    {
        try { File.SetLastWriteTimeUtc(path, DateTime.UtcNow); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
