using System.Diagnostics.CodeAnalysis;
using Sharptime.Model;

namespace Sharptime.Binary;

/// <summary>
/// Decodes the "name" custom section (the spec's appendix, with the extended-name-section
/// subsections): module, function and local names, and names of types, tables, memories, globals,
/// element and data segments and tags. Label and field names are skipped: the model has no place for them.
/// </summary>
public static class NameSectionDecoder
{
    public const string SectionName = "name";

    /// <summary>Subsection ids of the name section.</summary>
    public enum Subsection : byte
    {
        Module = 0,
        Function = 1,
        Local = 2,
        Label = 3,
        Type = 4,
        Table = 5,
        Memory = 6,
        Global = 7,
        Element = 8,
        Data = 9,
        Field = 10,
        Tag = 11,
    }

    /// <summary>Decodes a name section's payload; false (never an exception) when it is malformed.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> payload, int baseOffset, [NotNullWhen(true)] out NameSection? names)
    {
        try
        {
            names = Decode(payload, baseOffset);
            return true;
        }
        catch (MalformedModuleException)
        {
            names = null;
            return false;
        }
    }

    /// <summary>Decodes a name section's payload; throws <see cref="MalformedModuleException"/> when it is malformed.</summary>
    public static NameSection Decode(ReadOnlySpan<byte> payload, int baseOffset = 0)
    {
        var names = new NameSection();
        var reader = new WasmReader(payload, baseOffset, MalformedReasons.UnexpectedEndOfSection);
        while (!reader.AtEnd)
        {
            byte id = reader.ReadByte();
            int size = reader.ReadLength();
            int start = reader.Position;
            // Each subsection is read from its own bounded reader: its size is the only thing that tells where it ends.
            var sub = new WasmReader(reader.ReadBytes(size), reader.BaseOffset + start, MalformedReasons.UnexpectedEndOfSection);
            switch ((Subsection)id)
            {
                case Subsection.Module: names.ModuleName = sub.ReadName(); break;
                case Subsection.Function: ReadNameMap(ref sub, names.FunctionNames); break;
                case Subsection.Local: ReadIndirectNameMap(ref sub, names.LocalNames); break;
                case Subsection.Type: ReadNameMap(ref sub, names.TypeNames); break;
                case Subsection.Table: ReadNameMap(ref sub, names.TableNames); break;
                case Subsection.Memory: ReadNameMap(ref sub, names.MemoryNames); break;
                case Subsection.Global: ReadNameMap(ref sub, names.GlobalNames); break;
                case Subsection.Element: ReadNameMap(ref sub, names.ElementNames); break;
                case Subsection.Data: ReadNameMap(ref sub, names.DataNames); break;
                case Subsection.Tag: ReadNameMap(ref sub, names.TagNames); break;
                default: continue; // labels, fields and unknown subsections: skipped whole
            }
            if (!sub.AtEnd) throw sub.Error(MalformedReasons.SectionSizeMismatch, sub.Position);
        }
        return names;
    }

    private static void ReadNameMap(ref WasmReader reader, Dictionary<int, string> map)
    {
        int count = reader.ReadLength();
        for (int i = 0; i < count; i++)
        {
            int index = reader.ReadIndex();
            map[index] = reader.ReadName();
        }
    }

    private static void ReadIndirectNameMap(ref WasmReader reader, Dictionary<int, Dictionary<int, string>> map)
    {
        int count = reader.ReadLength();
        for (int i = 0; i < count; i++)
        {
            int index = reader.ReadIndex();
            if (!map.TryGetValue(index, out var inner)) map[index] = inner = [];
            ReadNameMap(ref reader, inner);
        }
    }
}
