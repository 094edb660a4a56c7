using System.Text;
using Sharptime.Binary;
using Sharptime.Text;
using Sharptime.Cli.Configuration;
using Sharptime.Cli.Errors;
using Sharptime.Compilation.Persistence;

namespace Sharptime.Cli.Loading;

/// <summary>
/// Turns a file named on the command line into a compiled <see cref="Module"/>. The content, not the
/// extension, decides what it is (as Wasmtime does): a binary module starts with <c>\0asm</c>,
/// a precompiled one with a PE header (see <c>sharptime compile</c>), anything else is read as the
/// text format.
/// </summary>
internal sealed class ModuleLoader(Engine engine, CliConfiguration configuration, bool allowPrecompiled, bool useCache)
{
    public Module Load(string path)
    {
        var bytes = Read(path);
        var name = Path.GetFileNameWithoutExtension(path);
        switch (ModuleFiles.KindOf(bytes))
        {
            case ModuleFileKind.Precompiled:
                if (!allowPrecompiled)
                    throw new WasmException($"'{path}' is a precompiled module (made by `sharptime compile`); running precompiled code skips validation, so it needs --allow-precompiled");
                return ModulePersistence.LoadPrecompiled(engine, path, name);
            case ModuleFileKind.Binary:
                return Compile(name, bytes);
            default:
                // Text is encoded to binary first: the cache and precompiled files key and keep binary modules.
                return Compile(name, ModuleEncoder.Encode(WatParser.ParseModule(DecodeText(path, bytes))));
        }
    }

    /// <summary>The file's bytes; failing to read it is its own stage ("failed to read"), not a compile error.</summary>
    public static byte[] Read(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliFailure($"failed to read '{path}'", e);
        }
    }

    private readonly List<Task> _cacheWrites = [];

    /// <summary>
    /// On a cache miss the module runs from memory at once and its entry is stored in the background:
    /// by a task this process waits for before it exits, or, for a large module, by a process of its
    /// own that also compiles the entry to native code (<see cref="DetachedCacheStore"/>).
    /// </summary>
    private Module Compile(string name, byte[] wasm)
    {
        if (!useCache) return Module.FromBytes(engine, name, wasm);
        var cache = CompileCache.Open(configuration);
        if (wasm.Length >= configuration.CacheNativeMinSize) return DetachedCacheStore.Load(cache, engine, configuration, name, wasm);
        var module = cache.GetOrCompileInBackground(engine, name, wasm, out _, out var stored);
        _cacheWrites.Add(stored);
        return module;
    }

    /// <summary>Waits until the cache entries of the modules loaded have been written (or given up).</summary>
    public void WaitForCacheWrites() => Task.WaitAll(_cacheWrites);

    /// <summary>The text of a module in the text format, which must be UTF-8.</summary>
    public static string DecodeText(string path, byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new MalformedModuleException($"'{path}' is neither a binary module (no \\0asm magic) nor text (it is not UTF-8)", 0);
        }
    }
}

/// <summary>What a module file holds, told from its first bytes.</summary>
internal enum ModuleFileKind
{
    Binary,
    Text,
    Precompiled,
}

internal static class ModuleFiles
{
    public static ModuleFileKind KindOf(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith("\0asm"u8) ? ModuleFileKind.Binary
        : bytes.StartsWith("MZ"u8) ? ModuleFileKind.Precompiled
        : ModuleFileKind.Text;
}
