using Sharptime.Binary;
using Sharptime.Compilation;
using Sharptime.Model;
using Sharptime.Text;
using Sharptime.Validation;

namespace Sharptime;

/// <summary>
/// A validated, compiled module, ready to be instantiated any number of times in any store of its
/// engine. Function bodies are compiled to IL here; the JIT compiles each on its first call.
/// </summary>
public sealed class Module
{
    private Module(Engine engine, string name, WasmModule definition, CompiledModule compiled)
    {
        Engine = engine;
        Name = name;
        Definition = definition;
        Compiled = compiled;
        if (engine.Config.SpeculativeJit) SpeculativeJit.Start(compiled, engine.Config.Decoding);
    }

    public Engine Engine { get; }
    public string Name { get; }

    /// <summary>The module as data (types, imports, exports, segments, code).</summary>
    public WasmModule Definition { get; }

    internal CompiledModule Compiled { get; }

    public IReadOnlyList<Import> Imports => Definition.Imports;
    public IReadOnlyList<Export> Exports => Definition.Exports;

    /// <summary>Decodes, validates and compiles a binary module.</summary>
    public static Module FromBytes(Engine engine, string name, ReadOnlySpan<byte> bytes) =>
        FromDefinition(engine, name, ModuleDecoder.Decode(bytes.ToArray(), engine.Config.Decoding));

    /// <summary>Parses, validates and compiles a module in the text format.</summary>
    public static Module FromText(Engine engine, string name, string text) =>
        FromDefinition(engine, name, WatParser.ParseModule(text, engine.Config.TextParsing));

    /// <summary>Loads a .wasm file, or a .wat/.wast file as text.</summary>
    public static Module FromFile(Engine engine, string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var ext = Path.GetExtension(path);
        if (ext.Equals(".wat", StringComparison.OrdinalIgnoreCase) || ext.Equals(".wast", StringComparison.OrdinalIgnoreCase))
            return FromText(engine, name, File.ReadAllText(path));
        return FromBytes(engine, name, File.ReadAllBytes(path));
    }

    /// <summary>A module whose code was compiled earlier and loaded from disk (Compilation/Persistence).</summary>
    internal static Module FromCompiled(Engine engine, string name, WasmModule definition, CompiledModule compiled) =>
        new(engine, name, definition, compiled);

    /// <summary>Validates (unless the engine's config says not to) and compiles a module given as data.</summary>
    public static Module FromDefinition(Engine engine, string name, WasmModule definition)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(definition);
        if (engine.Config.Validate)
            ModuleValidator.Validate(definition, new ValidationOptions { Features = engine.Config.Features, Decoding = engine.Config.Decoding });
        CompiledModule compiled;
        try
        {
            compiled = ModuleCompiler.Compile(engine, definition, name);
        }
        catch (NotSupportedException e)
        {
            throw new WasmException($"unsupported: {e.Message}", e);
        }
        return new Module(engine, name, definition, compiled);
    }
}
