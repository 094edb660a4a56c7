using Sharptime.Model;

namespace Sharptime.Binary;

// Types, imports, exports and the entity-defining sections.
public static partial class ModuleEncoder
{
    private static void WriteTypeSection(WasmWriter w, WasmModule module)
    {
        var types = module.Types;
        var groups = module.RecGroups.Count > 0 || types.Count == 0 ? module.RecGroups : SingletonGroups(types.Count);
        int next = 0;
        foreach (var group in groups)
        {
            if (group.Start != next || group.Count < 0 || group.Start + group.Count > types.Count)
                throw new ArgumentException($"rec group ({group.Start}, {group.Count}) does not continue the type list at {next}", nameof(module));
            next += group.Count;
        }
        if (next != types.Count) throw new ArgumentException("the rec groups do not cover every type", nameof(module));

        w.U32((uint)groups.Count);
        foreach (var group in groups)
        {
            // A group of one is the same as a type outside any `rec`, and that is how it is written.
            if (group.Count != 1)
            {
                w.Byte(0x4E);
                w.U32((uint)group.Count);
            }
            for (int i = group.Start; i < group.Start + group.Count; i++) WriteSubType(w, types[i]);
        }
    }

    private static List<RecGroup> SingletonGroups(int count)
    {
        var groups = new List<RecGroup>(count);
        for (int i = 0; i < count; i++) groups.Add(new RecGroup(i, 1));
        return groups;
    }

    private static void WriteSubType(WasmWriter w, SubType type)
    {
        if (!type.Final || type.SuperTypes.Length > 0)
        {
            w.Byte(type.Final ? (byte)0x4F : (byte)0x50);
            w.U32((uint)type.SuperTypes.Length);
            foreach (int super in type.SuperTypes) w.U32((uint)super);
        }
        switch (type.Composite)
        {
            case FuncType func:
                w.Byte(0x60);
                WriteValTypes(w, func.Parameters);
                WriteValTypes(w, func.Results);
                break;
            case StructType structType:
                w.Byte(0x5F);
                w.U32((uint)structType.Fields.Length);
                foreach (var field in structType.Fields) WriteFieldType(w, field);
                break;
            case ArrayType array:
                w.Byte(0x5E);
                WriteFieldType(w, array.Element);
                break;
            default:
                throw new ArgumentException($"unknown composite type {type.Composite.GetType().Name}", nameof(type));
        }
    }

    private static void WriteValTypes(WasmWriter w, ValType[] types)
    {
        w.U32((uint)types.Length);
        foreach (var t in types) InstructionWriter.WriteValType(w, t);
    }

    private static void WriteFieldType(WasmWriter w, FieldType field)
    {
        if (field.Storage.IsPacked) w.Byte((byte)field.Storage.Packed);
        else InstructionWriter.WriteValType(w, field.Storage.Type);
        w.Byte(field.Mutable ? (byte)1 : (byte)0);
    }

    private static void WriteImport(WasmWriter w, Import import)
    {
        w.Name(import.Module);
        w.Name(import.Name);
        w.Byte((byte)import.Kind);
        switch (import.Kind)
        {
            case ExternalKind.Function: w.U32((uint)import.TypeIndex); break;
            case ExternalKind.Table: WriteTableType(w, import.Table); break;
            case ExternalKind.Memory: WriteMemoryType(w, import.Memory!); break;
            case ExternalKind.Global: WriteGlobalType(w, import.Global); break;
            case ExternalKind.Tag: WriteTagType(w, new TagType(import.TypeIndex)); break;
            default: throw new ArgumentException($"unknown import kind {import.Kind}", nameof(import));
        }
    }

    private static void WriteExport(WasmWriter w, Export export)
    {
        w.Name(export.Name);
        w.Byte((byte)export.Kind);
        w.U32((uint)export.Index);
    }

    private static void WriteTableDefinition(WasmWriter w, TableDefinition table)
    {
        if (table.Init is { } init)
        {
            w.Byte(0x40);
            w.Byte(0x00);
            WriteTableType(w, table.Type);
            WriteExpression(w, init);
        }
        else
        {
            WriteTableType(w, table.Type);
        }
    }

    private static void WriteTableType(WasmWriter w, TableType type)
    {
        if (!type.ElementType.IsRef) throw new ArgumentException($"table element type {type.ElementType} is not a reference type", nameof(type));
        InstructionWriter.WriteValType(w, type.ElementType);
        WriteLimits(w, type.Limits);
    }

    /// <summary>
    /// A memory type. A custom page size (a proposal beyond 3.0) is written with limits flag 0x08; such
    /// a module decodes only with <see cref="DecoderOptions.CustomPageSizes"/>.
    /// </summary>
    private static void WriteMemoryType(WasmWriter w, MemoryType type)
    {
        WriteLimits(w, type.Limits, type.PageSizeLog2 is null ? (byte)0 : (byte)0x08);
        if (type.PageSizeLog2 is int log2) w.U32((uint)log2);
    }

    private static void WriteLimits(WasmWriter w, Limits limits, byte extraFlags = 0)
    {
        byte flags = extraFlags;
        if (limits.Max is not null) flags |= 0x01;
        if (limits.Shared) flags |= 0x02;
        if (limits.Is64) flags |= 0x04;
        w.Byte(flags);
        w.U64(limits.Min);
        if (limits.Max is ulong max) w.U64(max);
    }

    private static void WriteGlobalType(WasmWriter w, GlobalType type)
    {
        InstructionWriter.WriteValType(w, type.Type);
        w.Byte(type.Mutable ? (byte)1 : (byte)0);
    }

    private static void WriteGlobal(WasmWriter w, GlobalDefinition global)
    {
        WriteGlobalType(w, global.Type);
        WriteExpression(w, global.Init);
    }

    private static void WriteTagType(WasmWriter w, TagType tag)
    {
        w.Byte(0x00); // attribute: exception
        w.U32((uint)tag.TypeIndex);
    }
}
