using System.Globalization;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using Sharptime.Model;

namespace Sharptime.Compilation.Persistence;

/// <summary>
/// Compiles a module into an assembly saved to disk (<see cref="PersistedAssemblyBuilder"/>): the
/// same generated type the engine builds in memory, plus two manifest resources, the header
/// (<see cref="PrecompiledHeader"/>) and the binary module itself, which instantiation still needs
/// (imports, exports, segments). A precompiled file is therefore an ordinary IL library that the
/// runtime loads by path (and crossgen2 can compile to native code), self-describing and checkable
/// without being loaded.
/// </summary>
internal static class PrecompiledWriter
{
    public const string HeaderResource = "sharptime.header";

    /// <summary>The header's name in files of format 1 (JSON), recognized only to say they are of another build.</summary>
    public const string JsonHeaderResource = "sharptime.header.json";
    public const string ModuleResource = "sharptime.module.wasm";

    /// <summary>The name of the static field holding the engine-wide id of type index <paramref name="typeIndex"/>.</summary>
    public static string TypeIdFieldName(int typeIndex) => "type" + typeIndex.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Compiles a valid <paramref name="module"/> (decoded from <paramref name="wasm"/>) to the bytes of
    /// a precompiled file. <paramref name="forReadyToRun"/>: the file will be compiled to native code
    /// next, so no method keeps the compile-once flag the engine gives huge methods
    /// (AggressiveOptimization, which ReadyToRun never precompiles: they would be JIT-compiled at every run).
    /// </summary>
    public static byte[] Write(Engine engine, string name, WasmModule module, ReadOnlySpan<byte> wasm, bool forReadyToRun = false)
    {
        var hash = PrecompiledHeader.HashOf(wasm);
        var assemblyName = new AssemblyName("Sharptime.Precompiled." + hash[..32]);
        var ignoreChecks = new CustomAttributeBuilder(
            typeof(IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!, [typeof(Engine).Assembly.GetName().Name!]);
        var assembly = new PersistedAssemblyBuilder(assemblyName, typeof(object).Assembly, [ignoreChecks]);
        var moduleBuilder = assembly.DefineDynamicModule(assemblyName.Name + ".dll");
        var typeName = "Sharptime.Precompiled." + Sanitize(name);
        var type = moduleBuilder.DefineType(typeName, TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.Class);

        var typeIdFields = new FieldInfo[module.Types.Count];
        for (int i = 0; i < typeIdFields.Length; i++)
            typeIdFields[i] = type.DefineField(TypeIdFieldName(i), typeof(int), FieldAttributes.Public | FieldAttributes.Static);

        // The ids are this engine's; the code reads them from the fields, so any engine can load it.
        var canonicalIds = ModuleCompiler.InternTypes(engine, module);
        var methods = ModuleCompiler.EmitFunctions(engine, module, type, canonicalIds, typeIdFields);
        if (forReadyToRun)
        {
            foreach (var method in methods)
            {
                var flags = method.MethodImplementationFlags;
                if ((flags & MethodImplAttributes.AggressiveOptimization) != 0)
                    method.SetImplementationFlags(flags & ~MethodImplAttributes.AggressiveOptimization);
            }
        }
        type.CreateType();

        var header = new PrecompiledHeader
        {
            SharptimeVersion = BuildIdentity.Version,
            BuildId = BuildIdentity.BuildId,
            ModuleHash = hash,
            ModuleName = name,
            TypeName = typeName,
            Features = engine.Config.Features,
            ConsumeFuel = engine.Config.ConsumeFuel,
        };
        return Serialize(assembly, header.ToBytes(), wasm);
    }

    private static byte[] Serialize(PersistedAssemblyBuilder assembly, byte[] header, ReadOnlySpan<byte> wasm)
    {
        var metadata = assembly.GenerateMetadata(out var ilStream, out var fieldData);
        var resources = new BlobBuilder();
        AddResource(metadata, resources, HeaderResource, header);
        AddResource(metadata, resources, ModuleResource, wasm);
        var pe = new ManagedPEBuilder(
            header: PEHeaderBuilder.CreateLibraryHeader(),
            metadataRootBuilder: new MetadataRootBuilder(metadata),
            ilStream: ilStream,
            mappedFieldData: fieldData,
            managedResources: resources,
            flags: CorFlags.ILOnly);
        var blob = new BlobBuilder();
        pe.Serialize(blob);
        return blob.ToArray();
    }

    /// <summary>A manifest resource: its bytes go into the resources blob, prefixed by their length (ECMA-335 II.24.2.4).</summary>
    private static void AddResource(MetadataBuilder metadata, BlobBuilder resources, string name, ReadOnlySpan<byte> data)
    {
        int offset = resources.Count;
        resources.WriteInt32(data.Length);
        resources.WriteBytes(data.ToArray());
        resources.Align(8);
        metadata.AddManifestResource(ManifestResourceAttributes.Public, metadata.GetOrAddString(name), default, (uint)offset);
    }

    private static string Sanitize(string hint)
    {
        var chars = (hint.Length > 64 ? hint[..64] : hint).ToCharArray();
        for (int i = 0; i < chars.Length; i++)
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] != '_') chars[i] = '_';
        return chars.Length == 0 ? "module" : new string(chars);
    }
}
