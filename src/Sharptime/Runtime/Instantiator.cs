using Sharptime.Model;

namespace Sharptime.Runtime;

/// <summary>
/// Instantiation as the spec orders it: check imports, allocate the module's memories, tables and
/// globals, evaluate segments, export, then run active element and data segments and the start
/// function. A trap in a segment leaves the writes before it in place (they may be visible through
/// imported tables and memories) and fails the instantiation.
/// </summary>
internal static class Instantiator
{
    public static void Run(Instance instance, IReadOnlyList<object> imports)
    {
        var module = instance.Module.Definition;
        var config = instance.Store.Engine.Config;
        var ctx = instance.Context;
        if (imports.Count != module.Imports.Count)
            throw new LinkException($"unknown import: module needs {module.Imports.Count} imports, {imports.Count} given");

        var functions = new Function?[module.TotalFunctionCount];
        var tables = new List<Table>();
        var memories = new List<Memory>();
        // An array, not a List<Global>, and GlobalMatches takes the import as an object: crossgen2 leaves
        // to the JIT any method that calls one with Global (which holds a Vector128) in its signature,
        // and this method is large.
        var globals = new Global[module.TotalGlobalCount];
        int importedGlobals = 0;
        var tags = new List<Tag>();
        var typeIds = instance.Module.Compiled.CanonicalTypeIds;
        int f = 0;
        for (int i = 0; i < imports.Count; i++)
        {
            var import = module.Imports[i];
            var value = imports[i];
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    if (value is not Function fn || !instance.Store.Engine.Types.IsSubtype(fn.TypeId, typeIds[import.TypeIndex]))
                        throw Incompatible(import);
                    functions[f++] = fn.ImportedBy(instance);
                    break;
                case ExternalKind.Table:
                    if (value is not Table table || !Matches(table, import.Table)) throw Incompatible(import);
                    tables.Add(table);
                    break;
                case ExternalKind.Memory:
                    if (value is not Memory memory || !Matches(memory, import.Memory!)) throw Incompatible(import);
                    memories.Add(memory);
                    break;
                case ExternalKind.Global:
                    if (!GlobalMatches(instance, value, import.Global, typeIds)) throw Incompatible(import);
                    globals[importedGlobals++] = (Global)value;
                    break;
                case ExternalKind.Tag:
                    if (value is not Tag tag || tag.TypeId != typeIds[import.TypeIndex]) throw Incompatible(import);
                    tags.Add(tag);
                    break;
                default:
                    throw new LinkException($"incompatible import type: {import.Kind} imports are not supported");
            }
        }

        ctx.Functions = functions;
        ctx.GcTypes = instance.Module.Compiled.GetGcTypes(instance.Store.Engine.Types);
        foreach (var t in module.Tags) tags.Add(new Tag(module.GetFuncType(t.TypeIndex), typeIds[t.TypeIndex]));
        ctx.Tags = [.. tags];
        // A global's initializer reads only the globals before it (validation sees to that).
        ctx.Globals = globals;
        for (int i = 0; i < module.Globals.Count; i++)
        {
            var g = module.Globals[i];
            var global = new Global(g.Type, instance.Store.Engine.Types, HeapId(g.Type.Type, typeIds));
            global.SetValueUnchecked(ConstantEvaluator.Evaluate(g.Init, ctx));
            globals[importedGlobals + i] = global;
        }
        foreach (var t in module.Tables)
            tables.Add(new Table(t.Type, config, instance.Store.Engine.Types, HeapId(t.Type.ElementType, typeIds),
                t.Init is null ? null : ConstantEvaluator.Evaluate(t.Init, ctx)));
        foreach (var m in module.Memories) memories.Add(new Memory(m, config));
        ctx.Tables = [.. tables];
        ctx.Memories = [.. memories];
        if (memories.Count > 0)
        {
            ctx.Memory = memories[0];
            unsafe { ctx.MemoryBase = memories[0].Base; }
        }

        var elements = new object?[module.Elements.Count][];
        for (int i = 0; i < elements.Length; i++)
        {
            var items = module.Elements[i].Items;
            var values = new object?[items.Length];
            for (int j = 0; j < items.Length; j++) values[j] = ConstantEvaluator.Evaluate(items[j], ctx);
            elements[i] = values;
        }
        ctx.ElementSegments = elements;
        var data = new byte[module.Data.Count][];
        for (int i = 0; i < data.Length; i++) data[i] = module.Data[i].Bytes.ToArray();
        ctx.DataSegments = data;

        foreach (var export in module.Exports)
        {
            object value = export.Kind switch
            {
                ExternalKind.Function => ctx.GetFunction(export.Index),
                ExternalKind.Table => ctx.Tables[export.Index],
                ExternalKind.Memory => ctx.Memories[export.Index],
                ExternalKind.Global => ctx.Globals[export.Index],
                ExternalKind.Tag => ctx.Tags[export.Index],
                _ => throw new NotSupportedException($"{export.Kind} exports are not supported yet"),
            };
            instance.AddExport(export.Name, value);
        }

        for (int i = 0; i < module.Elements.Count; i++)
        {
            var segment = module.Elements[i];
            if (segment.Mode == SegmentMode.Active)
            {
                ulong offset = ToAddress(ConstantEvaluator.Evaluate(segment.Offset!, ctx));
                BulkOperations.TableInit(ctx, ctx.Tables[segment.TableIndex], i, offset, 0, (uint)elements[i].Length);
            }
            if (segment.Mode != SegmentMode.Passive) BulkOperations.ElemDrop(ctx, i);
        }
        for (int i = 0; i < module.Data.Count; i++)
        {
            var segment = module.Data[i];
            if (segment.Mode != SegmentMode.Active) continue;
            ulong offset = ToAddress(ConstantEvaluator.Evaluate(segment.Offset!, ctx));
            BulkOperations.MemoryInit(ctx, ctx.Memories[segment.MemoryIndex], i, offset, 0, (uint)data[i].Length);
            BulkOperations.DataDrop(ctx, i);
        }

        if (module.Start is int start) ctx.GetFunction(start).Invoke();
    }

    /// <summary>An i32 offset is unsigned; an i64 one (memory64/table64) is taken as it is.</summary>
    private static ulong ToAddress(object? value) => value switch
    {
        int i => (uint)i,
        long l => (ulong)l,
        _ => throw new InvalidOperationException("offset is not an integer"),
    };

    private static int HeapId(ValType type, int[] typeIds) => type.IsRef && type.Heap.IsConcrete ? typeIds[type.Heap.TypeIndex] : -1;

    /// <summary>Immutable globals may be subtypes of the import's type; mutable ones must be of the same type.</summary>
    private static bool GlobalMatches(Instance instance, object value, GlobalType expected, int[] typeIds)
    {
        if (value is not Global global || global.Mutable != expected.Mutable) return false;
        var types = instance.Store.Engine.Types;
        int expectedId = HeapId(expected.Type, typeIds);
        bool below = types.IsValueSubtype(global.ValueType, global.HeapTypeId, expected.Type, expectedId);
        return expected.Mutable ? below && types.IsValueSubtype(expected.Type, expectedId, global.ValueType, global.HeapTypeId) : below;
    }

    private static bool Matches(Table table, TableType expected) =>
        table.ElementType == expected.ElementType && table.Type.Limits.Is64 == expected.Limits.Is64
        && LimitsMatch(table.Size, table.Type.Limits.Max, expected.Limits);

    private static bool Matches(Memory memory, MemoryType expected) =>
        memory.Is64 == expected.Limits.Is64 && memory.PageSizeLog2 == (expected.PageSizeLog2 ?? 16)
        && LimitsMatch(memory.Size, memory.Maximum, expected.Limits);

    /// <summary>Import subtyping of limits: at least the expected minimum; no larger maximum than expected.</summary>
    private static bool LimitsMatch(ulong currentMin, ulong? actualMax, Limits expected) =>
        currentMin >= expected.Min && (expected.Max is not ulong max || (actualMax is ulong a && a <= max));

    private static LinkException Incompatible(Import import) =>
        new($"incompatible import type for \"{import.Module}\" \"{import.Name}\"");
}
