using Sharptime.Model;

namespace Sharptime.Validation;

/// <summary>
/// The spec's validation context C for a module: the types of every entity in each index space, built
/// once by <see cref="ModuleValidator"/> and then only read, so function bodies can be validated on
/// several threads against one context.
/// </summary>
internal sealed class ModuleContext
{
    public required WasmModule Module { get; init; }
    public required ModuleTypes Types { get; init; }
    public required WasmFeatures Features { get; init; }
    /// <summary>How function bodies are decoded (see <see cref="ValidationOptions.Decoding"/>).</summary>
    public Binary.DecoderOptions? Decoding { get; init; }
    /// <summary>Type index of every function, imports first.</summary>
    public required int[] FunctionTypes { get; init; }
    public required TableType[] Tables { get; init; }
    public required MemoryType[] Memories { get; init; }
    public required GlobalType[] Globals { get; init; }
    public required int ImportedGlobalCount { get; init; }
    /// <summary>Type index of every tag, imports first.</summary>
    public required int[] TagTypes { get; init; }
    /// <summary>The reference type of every element segment.</summary>
    public required ValType[] ElementTypes { get; init; }
    public required int DataCount { get; init; }
    /// <summary>
    /// C.refs: the functions referenced outside function bodies (element segments, exports, constant
    /// expressions). Only these may be named by ref.func inside a body. Filled in before bodies are validated.
    /// </summary>
    public required bool[] DeclaredFunctions { get; init; }

    public bool Has(WasmFeatures feature) => (Features & feature) == feature;

    /// <summary>The address type of a memory or table: i64 for memory64/table64, else i32.</summary>
    public static ValType AddressType(Limits limits) => limits.Is64 ? ValType.I64 : ValType.I32;
}
