using System.Reflection;
using System.Reflection.Emit;
using Sharptime.Model;

namespace Sharptime.Compilation;

/// <summary>What compiling one function needs to know about the rest of its module.</summary>
internal sealed record ModuleCompilation
{
    public required WasmModule Module { get; init; }
    public required Engine Engine { get; init; }
    /// <summary>
    /// The generated method of a defined function (index minus imported function count): all defined
    /// up front for saved code, each defined on first use for lazily emitted code.
    /// </summary>
    public required Func<int, MethodBuilder> MethodOf { get; init; }
    /// <summary>Type index of every function, imports first.</summary>
    public required int[] FunctionTypes { get; init; }
    /// <summary>The engine-wide id of every type index (equal ids: the same function type).</summary>
    public required int[] CanonicalTypeIds { get; init; }
    public required TableType[] Tables { get; init; }
    public required MemoryType[] Memories { get; init; }
    public required GlobalType[] Globals { get; init; }
    /// <summary>Type index of every tag, imports first.</summary>
    public required int[] TagTypes { get; init; }

    /// <summary>
    /// Null: type ids are IL constants. Otherwise the static field holding each type index's id,
    /// for code saved to disk and loaded by another engine, whose ids differ (see Persistence/).
    /// </summary>
    public FieldInfo[]? TypeIdFields { get; set; }

    public int ImportedFunctionCount => Module.ImportedFunctionCount;

    /// <summary>The same compilation emitting into <paramref name="module"/>, with a token cache of its own (tokens are per module).</summary>
    public ModuleCompilation WithTokensOf(ModuleBuilder module) => this with { Tokens = new TokenCache(module) };

    /// <summary>
    /// Tokens of runtime members in the module being built (see <see cref="TokenCache"/>); null for
    /// code saved to disk, whose <c>PersistedAssemblyBuilder</c> has no tokens until it is saved: then
    /// members are emitted as they are.
    /// </summary>
    public TokenCache? Tokens { get; private init; }

    /// <summary>Pushes the engine-wide id of type index <paramref name="typeIndex"/> (what call_indirect compares).</summary>
    public void EmitCanonicalTypeId(ILGenerator il, int typeIndex)
    {
        if (TypeIdFields is { } fields) il.Emit(OpCodes.Ldsfld, fields[typeIndex]);
        else il.Emit(OpCodes.Ldc_I4, CanonicalTypeIds[typeIndex]);
    }

    public FuncType FunctionType(int functionIndex) => Module.GetFuncType(FunctionTypes[functionIndex]);

    /// <param name="tokenModule">The module the code is emitted into, whose tokens are cached; null: no tokens (saved code).</param>
    public static ModuleCompilation Create(Engine engine, WasmModule module, Func<int, MethodBuilder> methodOf, int[] canonicalTypeIds, ModuleBuilder? tokenModule)
    {
        var functionTypes = new int[module.TotalFunctionCount];
        // Arrays, not lists: List over our structs is JIT-compiled at every start (see RATIONALE.md).
        var tables = new TableType[module.TotalTableCount];
        var memories = new MemoryType[module.TotalMemoryCount];
        var globals = new GlobalType[module.TotalGlobalCount];
        var tags = new int[module.TotalTagCount];
        int f = 0, table = 0, memory = 0, global = 0, tag = 0;
        foreach (var import in module.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function: functionTypes[f++] = import.TypeIndex; break;
                case ExternalKind.Table: tables[table++] = import.Table; break;
                case ExternalKind.Memory: memories[memory++] = import.Memory!; break;
                case ExternalKind.Global: globals[global++] = import.Global; break;
                case ExternalKind.Tag: tags[tag++] = import.TypeIndex; break;
            }
        }
        foreach (var t in module.Functions) functionTypes[f++] = t;
        foreach (var t in module.Tables) tables[table++] = t.Type;
        foreach (var m in module.Memories) memories[memory++] = m;
        foreach (var g in module.Globals) globals[global++] = g.Type;
        foreach (var t in module.Tags) tags[tag++] = t.TypeIndex;
        return new ModuleCompilation
        {
            Module = module,
            Engine = engine,
            MethodOf = methodOf,
            Tokens = tokenModule is null ? null : new TokenCache(tokenModule),
            FunctionTypes = functionTypes,
            CanonicalTypeIds = canonicalTypeIds,
            Tables = tables,
            Memories = memories,
            Globals = globals,
            TagTypes = tags,
        };
    }
}
