using Sharptime.Binary;
using Sharptime.Validation;

namespace Sharptime.Compilation.Persistence;

/// <summary>
/// Ahead-of-time compilation: a module's generated code saved to a file and loaded later without
/// decoding checks, validation or code generation (Wasmtime's <c>Module::serialize</c> and
/// <c>Module::deserialize_file</c>). A precompiled file is a .NET assembly holding the code, the
/// binary module and a header naming the Sharptime build that wrote it; only that build loads it.
/// Loading trusts the file as much as code: load only files you made.
/// </summary>
public static class ModulePersistence
{
    /// <summary>
    /// Validates and compiles a binary module into the bytes of a precompiled file.
    /// <paramref name="forReadyToRun"/>: the file is meant for crossgen2, which then compiles every
    /// function to native code (huge ones included, which otherwise would be JIT-compiled at every run).
    /// </summary>
    public static byte[] Precompile(Engine engine, string name, ReadOnlySpan<byte> wasm, bool forReadyToRun = false)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var bytes = wasm.ToArray();
        var definition = ModuleDecoder.Decode(bytes);
        if (engine.Config.Validate)
            ModuleValidator.Validate(definition, new ValidationOptions { Features = engine.Config.Features });
        return PrecompiledWriter.Write(engine, name, definition, bytes, forReadyToRun);
    }

    /// <summary>Loads a precompiled file made by this Sharptime build for an engine configured alike.</summary>
    /// <exception cref="PrecompiledModuleException">The file is not usable with this build or engine.</exception>
    public static Module LoadPrecompiled(Engine engine, string path, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return PrecompiledReader.Load(engine, path, name);
    }

    /// <summary>Whether <paramref name="bytes"/> start like a precompiled file (a PE image) rather than a module.</summary>
    public static bool LooksPrecompiled(ReadOnlySpan<byte> bytes) => bytes.StartsWith("MZ"u8);
}
