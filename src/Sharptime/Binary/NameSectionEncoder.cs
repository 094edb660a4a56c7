using Sharptime.Model;
using Subsection = Sharptime.Binary.NameSectionDecoder.Subsection;

namespace Sharptime.Binary;

/// <summary>Encodes a <see cref="NameSection"/> as the payload of the "name" custom section, name maps sorted by index.</summary>
public static class NameSectionEncoder
{
    /// <summary>Writes the section's name and its subsections (the caller writes the custom section's id and size).</summary>
    public static void Write(WasmWriter w, NameSection names)
    {
        w.Name(NameSectionDecoder.SectionName);
        if (names.ModuleName is { } moduleName) WriteSubsection(w, Subsection.Module, s => s.Name(moduleName));
        WriteNameMap(w, Subsection.Function, names.FunctionNames);
        if (names.LocalNames.Count > 0)
        {
            WriteSubsection(w, Subsection.Local, s =>
            {
                s.U32((uint)names.LocalNames.Count);
                foreach (var (function, locals) in names.LocalNames.OrderBy(p => p.Key))
                {
                    s.U32((uint)function);
                    WriteNameMapBody(s, locals);
                }
            });
        }
        WriteNameMap(w, Subsection.Type, names.TypeNames);
        WriteNameMap(w, Subsection.Table, names.TableNames);
        WriteNameMap(w, Subsection.Memory, names.MemoryNames);
        WriteNameMap(w, Subsection.Global, names.GlobalNames);
        WriteNameMap(w, Subsection.Element, names.ElementNames);
        WriteNameMap(w, Subsection.Data, names.DataNames);
        WriteNameMap(w, Subsection.Tag, names.TagNames);
    }

    private static void WriteNameMap(WasmWriter w, Subsection id, Dictionary<int, string> map)
    {
        if (map.Count > 0) WriteSubsection(w, id, s => WriteNameMapBody(s, map));
    }

    private static void WriteNameMapBody(WasmWriter w, Dictionary<int, string> map)
    {
        w.U32((uint)map.Count);
        foreach (var (index, name) in map.OrderBy(p => p.Key))
        {
            w.U32((uint)index);
            w.Name(name);
        }
    }

    private static void WriteSubsection(WasmWriter w, Subsection id, Action<WasmWriter> contents)
    {
        w.Byte((byte)id);
        w.SizePrefixed(contents);
    }
}
