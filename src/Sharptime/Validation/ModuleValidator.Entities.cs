using Sharptime.Model;

namespace Sharptime.Validation;

public sealed partial class ModuleValidator
{
    /// <summary>Largest number of pages of a memory with 32-bit addresses and 64 KiB pages: 4 GiB.</summary>
    public const ulong MaxMemory32Pages = 1UL << 16;
    /// <summary>Largest number of pages of a memory with 64-bit addresses and 64 KiB pages (the spec's 2^48).</summary>
    public const ulong MaxMemory64Pages = 1UL << 48;
    /// <summary>Largest size of a table with 32-bit indices.</summary>
    public const ulong MaxTable32Size = uint.MaxValue;

    private void CheckMemoryType(MemoryType memory)
    {
        var limits = memory.Limits;
        if (limits.Is64 && !Has(WasmFeatures.Memory64)) throw ValidationErrors.Invalid("memory64 requires the Memory64 feature");
        int pageSizeLog2 = memory.PageSizeLog2 ?? 16;
        if (pageSizeLog2 is not (0 or 16)) throw ValidationErrors.Invalid($"invalid custom page size: 2^{pageSizeLog2}");
        // The whole memory must be addressable: 2^32 (or 2^64) bytes, in pages of this size.
        ulong maxPages = (limits.Is64, pageSizeLog2) switch
        {
            (true, 0) => ulong.MaxValue, // 2^64 one-byte pages would overflow; the largest u64 is the limit
            (true, _) => 1UL << (64 - pageSizeLog2),
            _ => (1UL << 32) >> pageSizeLog2,
        };
        string range = (limits.Is64, pageSizeLog2) switch
        {
            (false, 16) => "65536 pages (4GiB)",
            (true, 16) => "2^48 pages",
            _ => $"{maxPages} pages",
        };
        if (limits.Min > maxPages || limits.Max > maxPages)
            throw ValidationErrors.Invalid($"memory size must be at most {range}");
        if (limits.Min > limits.Max) throw ValidationErrors.Invalid("size minimum must not be greater than maximum");
        if (limits.Shared && limits.Max is null) throw ValidationErrors.Invalid("shared memory must have maximum");
    }

    private void CheckTableType(TableType table)
    {
        var limits = table.Limits;
        if (limits.Is64 && !Has(WasmFeatures.Memory64)) throw ValidationErrors.Invalid("table64 requires the Memory64 feature");
        if (!limits.Is64 && (limits.Min > MaxTable32Size || limits.Max > MaxTable32Size))
            throw ValidationErrors.Invalid("table size must be at most 2^32-1");
        if (limits.Min > limits.Max) throw ValidationErrors.Invalid("size minimum must not be greater than maximum");
        if (!table.ElementType.IsRef) throw ValidationErrors.Invalid($"malformed reference type: table of {table.ElementType}");
        CheckValueType(table.ElementType);
    }

    private void CheckTagType(int typeIndex)
    {
        if (!_types.IsValidIndex(typeIndex)) throw ValidationErrors.Unknown("type", typeIndex);
        if (_types[typeIndex].Composite is not FuncType type)
            throw ValidationErrors.TypeMismatch($"type {typeIndex} of a tag is not a function type");
        if (type.Results.Length != 0) throw ValidationErrors.Invalid("non-empty tag result type");
    }

    private void ValidateTables(ModuleContext context, FunctionValidator constants)
    {
        foreach (var table in _module.Tables)
        {
            CheckTableType(table.Type);
            if (table.Init is { } init)
                // Tables come before globals in the context: their initializers see imported globals only.
                constants.ValidateConstantExpression(init, table.Type.ElementType, context.ImportedGlobalCount);
            else if (!ModuleTypes.IsDefaultable(table.Type.ElementType))
                throw ValidationErrors.TypeMismatch($"a table of non-nullable {table.Type.ElementType} needs an initializer");
        }
    }

    private void ValidateMemories(ModuleContext context)
    {
        foreach (var memory in _module.Memories) CheckMemoryType(memory);
        if (context.Memories.Length > 1 && !Has(WasmFeatures.MultiMemory)) throw ValidationErrors.Invalid("multiple memories");
    }

    private void ValidateGlobals(ModuleContext context, FunctionValidator constants)
    {
        for (int i = 0; i < _module.Globals.Count; i++)
        {
            var global = _module.Globals[i];
            CheckValueType(global.Type.Type);
            // A global's initializer sees the globals before it.
            constants.ValidateConstantExpression(global.Init, global.Type.Type, VisibleGlobals(context, context.ImportedGlobalCount + i));
        }
    }

    private void ValidateTags()
    {
        foreach (var tag in _module.Tags) CheckTagType(tag.TypeIndex);
        if (_module.Tags.Count > 0 || _module.ImportedTagCount > 0)
        {
            if (!Has(WasmFeatures.ExceptionHandling)) throw ValidationErrors.Invalid("tags require the ExceptionHandling feature");
        }
    }

    /// <summary>
    /// How many globals constant expressions may read. Before the GC proposal only imported globals;
    /// since, any global up to <paramref name="limit"/>.
    /// </summary>
    private int VisibleGlobals(ModuleContext context, int limit) =>
        Has(WasmFeatures.GC) ? limit : context.ImportedGlobalCount;
}
