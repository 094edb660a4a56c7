using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using Sharptime.Binary;

namespace Sharptime.Compilation.Persistence;

/// <summary>
/// Reads and loads precompiled files (<see cref="PrecompiledWriter"/>). The header is read with
/// System.Reflection.Metadata, without loading anything, so a file of another build, another
/// configuration, or not ours at all is refused with a message before its code can run.
/// </summary>
internal static class PrecompiledReader
{
    /// <summary>The header and the binary module of a precompiled file.</summary>
    /// <exception cref="PrecompiledModuleException">The file is not a precompiled module of this Sharptime build.</exception>
    public static (PrecompiledHeader Header, byte[] Wasm) ReadContents(string path)
    {
        var (header, wasm, _) = ReadContents(path, knownHash: null, knownWasm: null);
        return (header, wasm);
    }

    /// <summary>
    /// As <see cref="ReadContents(string)"/>; when the caller already has the module
    /// (<paramref name="knownWasm"/>, whose SHA-256 is <paramref name="knownHash"/>, as the compile cache
    /// does), the file must be of that module and its copy is neither read nor hashed again.
    /// </summary>
    /// <remarks>
    /// Also gives the metadata tokens of the generated type and of its methods by name, read from the
    /// metadata tables: Type.GetMethods built a MethodInfo per method, over a second for the 34,000
    /// functions of a large module.
    /// </remarks>
    private static (PrecompiledHeader Header, byte[] Wasm, GeneratedTokens Tokens) ReadContents(string path, string? knownHash, byte[]? knownWasm)
    {
        using var stream = File.OpenRead(path);
        PEReader pe;
        try
        {
            pe = new PEReader(stream);
            if (!pe.HasMetadata) throw NotOurs(path);
        }
        catch (BadImageFormatException)
        {
            throw NotOurs(path);
        }
        using (pe)
        {
            byte[]? header = null, jsonHeader = null, wasm = null;
            try
            {
                var metadata = pe.GetMetadataReader();
                foreach (var handle in metadata.ManifestResources)
                {
                    var resource = metadata.GetManifestResource(handle);
                    var name = metadata.GetString(resource.Name);
                    if (name == PrecompiledWriter.HeaderResource) header = ReadResource(pe, resource);
                    else if (name == PrecompiledWriter.JsonHeaderResource) jsonHeader = ReadResource(pe, resource);
                    else if (name == PrecompiledWriter.ModuleResource) wasm = knownWasm ?? ReadResource(pe, resource);
                }
            }
            catch (BadImageFormatException)
            {
                throw NotOurs(path);
            }
            if (header is null && jsonHeader is not null && wasm is not null) throw OtherBuild(path, "an earlier file format");
            if (header is null || wasm is null) throw NotOurs(path);
            var parsed = PrecompiledHeader.FromBytes(header) ?? throw NotOurs(path);
            if (parsed.Format != PrecompiledHeader.CurrentFormat) throw OtherBuild(path, $"file format {parsed.Format}");
            if (parsed.BuildId != BuildIdentity.BuildId) throw OtherBuild(path, $"Sharptime {parsed.SharptimeVersion}, build {parsed.BuildId:N}");
            if (knownHash is not null)
            {
                if (knownHash != parsed.ModuleHash)
                    throw new PrecompiledModuleException($"'{path}' holds the code of another module");
            }
            else if (PrecompiledHeader.HashOf(wasm) != parsed.ModuleHash)
            {
                throw new PrecompiledModuleException($"'{path}' is damaged: the module it holds is not the one its code was compiled from");
            }
            return (parsed, wasm, TokensOf(pe.GetMetadataReader(), parsed.TypeName));
        }
    }

    /// <summary>
    /// Whether the file at <paramref name="path"/> holds native code: crossgen2 gives the images it
    /// compiles a ReadyToRun header, which the CLI header's ManagedNativeHeader entry points to.
    /// </summary>
    public static bool HasNativeCode(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    /// <summary>The metadata tokens of the generated type (0 when the file has no such type) and of its methods by name.</summary>
    private sealed record GeneratedTokens(int Type, Dictionary<string, int> Methods);

    /// <summary>The tokens of type <paramref name="typeName"/> (namespace-qualified) and of its methods.</summary>
    private static GeneratedTokens TokensOf(MetadataReader metadata, string typeName)
    {
        int typeToken = 0;
        var methods = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            var ns = metadata.GetString(type.Namespace);
            var name = metadata.GetString(type.Name);
            if ((ns.Length == 0 ? name : ns + "." + name) != typeName) continue;
            typeToken = MetadataTokens.GetToken(handle);
            foreach (var method in type.GetMethods())
                methods[metadata.GetString(metadata.GetMethodDefinition(method).Name)] = MetadataTokens.GetToken(method);
        }
        return new GeneratedTokens(typeToken, methods);
    }

    /// <summary>Loads a precompiled file as a module of <paramref name="engine"/>, without validating or compiling it again.</summary>
    public static Module Load(Engine engine, string path, string? name = null) => Load(engine, path, name, null, null);

    /// <summary>Loads the code of <paramref name="wasm"/> (SHA-256 <paramref name="wasmHash"/>) from <paramref name="path"/>.</summary>
    public static Module Load(Engine engine, string path, string? name, string? wasmHash, byte[]? wasm)
    {
        try
        {
            return LoadChecked(engine, path, name, wasmHash, wasm);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or TypeLoadException or MissingMemberException)
        {
            throw new PrecompiledModuleException($"'{path}' is damaged: {e.Message}");
        }
    }

    /// <summary>Numbers the load contexts, whose names only need to be distinct within the process.</summary>
    private static int s_contextCount;

    private static Module LoadChecked(Engine engine, string path, string? name, string? knownHash, byte[]? knownWasm)
    {
        var (header, wasm, generated) = ReadContents(path, knownHash, knownWasm);
        var config = engine.Config;
        if ((header.Features & ~config.Features) != 0)
            throw new PrecompiledModuleException($"'{path}' was compiled with proposals this engine does not enable ({header.Features & ~config.Features})");
        if (header.ConsumeFuel != config.ConsumeFuel)
            throw new PrecompiledModuleException($"'{path}' was compiled {(header.ConsumeFuel ? "with" : "without")} fuel metering; this engine runs {(config.ConsumeFuel ? "with" : "without")} it");

        var definition = ModuleDecoder.Decode(wasm);
        // Its own context: two precompiled files of one module (same assembly name) can both be loaded.
        var context = new AssemblyLoadContext($"sharptime:{header.ModuleHash[..16]}:{Interlocked.Increment(ref s_contextCount)}");
        var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(path));
        // By token, not Assembly.GetType(name): parsing a type name JIT-compiled a dozen framework
        // methods (SearchValues over chars) at every start.
        var type = generated.Type != 0 ? assembly.ManifestModule.ResolveType(generated.Type)
            : throw new PrecompiledModuleException($"'{path}' is damaged: it has no type {header.TypeName}");

        var canonicalIds = ModuleCompiler.InternTypes(engine, definition);
        for (int i = 0; i < canonicalIds.Length; i++)
        {
            var field = type.GetField(PrecompiledWriter.TypeIdFieldName(i), BindingFlags.Public | BindingFlags.Static)
                ?? throw new PrecompiledModuleException($"'{path}' is damaged: type id field {i} is missing");
            field.SetValue(null, canonicalIds[i]);
        }

        int imported = definition.ImportedFunctionCount;
        var tokens = new int[definition.Functions.Count];
        for (int i = 0; i < tokens.Length; i++)
        {
            if (!generated.Methods.TryGetValue(ModuleCompiler.MethodName(imported + i), out tokens[i]))
                throw new PrecompiledModuleException($"'{path}' is damaged: function {imported + i} has no code");
        }
        var moduleName = name ?? header.ModuleName;
        return Module.FromCompiled(engine, moduleName, definition, new CompiledModule(moduleName, definition, type, tokens, canonicalIds));
    }

    private static byte[] ReadResource(PEReader pe, ManifestResource resource)
    {
        if (!resource.Implementation.IsNil) throw new BadImageFormatException("resource in another file");
        var directory = pe.PEHeaders.CorHeader?.ResourcesDirectory ?? throw new BadImageFormatException("no resources");
        var block = pe.GetSectionData(directory.RelativeVirtualAddress);
        if (block.Length < directory.Size) throw new BadImageFormatException("resources out of bounds");
        var reader = block.GetReader(0, directory.Size);
        reader.Offset = checked((int)resource.Offset);
        int length = reader.ReadInt32();
        if (length < 0 || length > reader.RemainingBytes) throw new BadImageFormatException("resource out of bounds");
        return reader.ReadBytes(length);
    }

    private static PrecompiledModuleException OtherBuild(string path, string which) =>
        new($"'{path}' was precompiled by another Sharptime build ({which}; " +
            $"this is Sharptime {BuildIdentity.Version}, build {BuildIdentity.BuildId:N}): compile it again with `sharptime compile`");

    private static PrecompiledModuleException NotOurs(string path) =>
        new($"'{path}' is not a module precompiled by Sharptime (`sharptime compile` makes them)");
}
