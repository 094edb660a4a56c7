namespace Sharptime.Model;

/// <summary>
/// A WebAssembly module as data: what the binary decoder and the text parser produce, what the
/// validator checks, the encoder writes and the compiler translates. Index spaces follow the spec:
/// imports of a kind come first, then the module's own definitions.
/// </summary>
/// <remarks>
/// The lists hold classes (or int): the published command is ReadyToRun, but the framework's
/// List&lt;T&gt; code over a struct of ours cannot be precompiled, so every run that decodes a module
/// JIT-compiled it again (see RATIONALE.md, "Start-up paths avoid framework generics over our structs").
/// </remarks>
public sealed class WasmModule
{
    /// <summary>All types of the type section, in index order (every rec group flattened).</summary>
    public List<SubType> Types { get; } = [];
    /// <summary>The recursive groups of <see cref="Types"/>; a type outside an explicit <c>rec</c> is a group of one.</summary>
    public List<RecGroup> RecGroups { get; } = [];
    public List<Import> Imports { get; } = [];
    /// <summary>Type index of each function the module defines (the function section).</summary>
    public List<int> Functions { get; } = [];
    public List<TableDefinition> Tables { get; } = [];
    public List<MemoryType> Memories { get; } = [];
    public List<GlobalDefinition> Globals { get; } = [];
    public List<TagType> Tags { get; } = [];
    public List<Export> Exports { get; } = [];
    public int? Start { get; set; }
    public List<ElementSegment> Elements { get; } = [];
    /// <summary>The data count section's value, when the module has one.</summary>
    public int? DataCount { get; set; }
    /// <summary>Bodies of the defined functions, parallel to <see cref="Functions"/>.</summary>
    public List<FunctionBody> Bodies { get; } = [];
    public List<DataSegment> Data { get; } = [];
    /// <summary>Custom sections other than "name".</summary>
    public List<CustomSection> CustomSections { get; } = [];
    public NameSection? Names { get; set; }

    public int ImportedFunctionCount => CountImports(ExternalKind.Function);
    public int ImportedTableCount => CountImports(ExternalKind.Table);
    public int ImportedMemoryCount => CountImports(ExternalKind.Memory);
    public int ImportedGlobalCount => CountImports(ExternalKind.Global);
    public int ImportedTagCount => CountImports(ExternalKind.Tag);

    public int TotalFunctionCount => ImportedFunctionCount + Functions.Count;
    public int TotalTableCount => ImportedTableCount + Tables.Count;
    public int TotalMemoryCount => ImportedMemoryCount + Memories.Count;
    public int TotalGlobalCount => ImportedGlobalCount + Globals.Count;
    public int TotalTagCount => ImportedTagCount + Tags.Count;

    private int CountImports(ExternalKind kind)
    {
        int n = 0;
        foreach (var import in Imports)
            if (import.Kind == kind) n++;
        return n;
    }

    /// <summary>The function type at a type index; throws if the type is not a function type.</summary>
    public FuncType GetFuncType(int typeIndex) =>
        Types[typeIndex].Composite as FuncType ?? throw new InvalidOperationException($"type {typeIndex} is not a function type");

    /// <summary>Type index of a function in the function index space (imports first).</summary>
    public int GetFunctionTypeIndex(int functionIndex)
    {
        foreach (var import in Imports)
        {
            if (import.Kind != ExternalKind.Function) continue;
            if (functionIndex == 0) return import.TypeIndex;
            functionIndex--;
        }
        return Functions[functionIndex];
    }

    /// <summary>The imports of one kind, in order: entry i is entity i of that kind's index space.</summary>
    public IEnumerable<Import> ImportsOf(ExternalKind kind) => Imports.Where(i => i.Kind == kind);
}
