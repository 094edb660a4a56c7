using Sharptime.Model;

namespace Sharptime.Binary;

/// <summary>
/// Encodes a <see cref="WasmModule"/> in the binary format: the inverse of <see cref="ModuleDecoder"/>,
/// so that decoding the result gives back an equal module. Integers are written in their shortest
/// form and each segment in the most compact of the encodings that keep it equal.
/// </summary>
/// <remarks>
/// Custom sections go back where <see cref="CustomSection.After"/> says; a known section that a custom
/// section follows is written even when empty, so the position survives a round trip. The name
/// section, when the module has names, is written last (or before another section called "name").
/// Custom sections with the same <see cref="CustomSection.After"/> keep their order in the list; a
/// list not in module order (as the decoder makes it) comes back sorted by position.
/// </remarks>
public static partial class ModuleEncoder
{
    private static ReadOnlySpan<byte> Header => [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    /// <summary>Encodes a module. Throws <see cref="ArgumentException"/> for what the binary format cannot express.</summary>
    public static byte[] Encode(WasmModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var output = new WasmWriter(EstimateSize(module));
        output.Bytes(Header);
        bool namesWritten = false;
        WriteCustomSections(output, module, after: 0, ref namesWritten);
        foreach (var id in SectionOrder.Known)
        {
            bool anchorsCustom = module.CustomSections.Exists(c => c.After == (byte)id);
            WriteSection(output, module, id, force: anchorsCustom);
            WriteCustomSections(output, module, (byte)id, ref namesWritten);
        }
        if (!namesWritten) WriteNames(output, module);
        return output.ToArray();
    }

    private static void WriteNames(WasmWriter output, WasmModule module)
    {
        if (module.Names is { } names) WriteSection(output, SectionId.Custom, w => NameSectionEncoder.Write(w, names));
    }

    private static int EstimateSize(WasmModule module)
    {
        long size = 1024;
        foreach (var body in module.Bodies) size += body.Code.Length + 8;
        foreach (var data in module.Data) size += data.Bytes.Length + 8;
        foreach (var custom in module.CustomSections) size += custom.Content.Length + custom.Name.Length + 8;
        return (int)Math.Min(size, Array.MaxLength);
    }

    private static void WriteSection(WasmWriter output, WasmModule module, SectionId id, bool force)
    {
        switch (id)
        {
            case SectionId.Type when force || module.Types.Count > 0:
                WriteSection(output, id, w => WriteTypeSection(w, module));
                break;
            case SectionId.Import when force || module.Imports.Count > 0:
                WriteSection(output, id, w => WriteVector(w, module.Imports, WriteImport));
                break;
            case SectionId.Function when force || module.Functions.Count > 0:
                WriteSection(output, id, w => WriteVector(w, module.Functions, (w, t) => w.U32((uint)t)));
                break;
            case SectionId.Table when force || module.Tables.Count > 0:
                WriteSection(output, id, w => WriteVector(w, module.Tables, WriteTableDefinition));
                break;
            case SectionId.Memory when force || module.Memories.Count > 0:
                WriteSection(output, id, w => WriteVector(w, module.Memories, WriteMemoryType));
                break;
            case SectionId.Tag when force || module.Tags.Count > 0:
                WriteSection(output, id, w => WriteVector(w, module.Tags, WriteTagType));
                break;
            case SectionId.Global when force || module.Globals.Count > 0:
                WriteSection(output, id, w => WriteVector(w, module.Globals, WriteGlobal));
                break;
            case SectionId.Export when force || module.Exports.Count > 0:
                WriteSection(output, id, w => WriteVector(w, module.Exports, WriteExport));
                break;
            case SectionId.Start when module.Start is int start:
                WriteSection(output, id, w => w.U32((uint)start));
                break;
            case SectionId.Element when force || module.Elements.Count > 0:
                WriteSection(output, id, w => WriteVector(w, module.Elements, WriteElementSegment));
                break;
            case SectionId.DataCount when module.DataCount is int count:
                WriteSection(output, id, w => w.U32((uint)count));
                break;
            case SectionId.Code when force || module.Bodies.Count > 0:
                WriteCodeSection(output, module);
                break;
            case SectionId.Data when force || module.Data.Count > 0:
                WriteDataSection(output, module);
                break;
        }
    }

    private static void WriteCustomSections(WasmWriter output, WasmModule module, byte after, ref bool namesWritten)
    {
        foreach (var custom in module.CustomSections)
        {
            if (custom.After != after) continue;
            // The decoder takes the first well-formed "name" section for the names and keeps any other
            // as an ordinary custom section; so the names go before the first other "name" section.
            if (!namesWritten && custom.Name == NameSectionDecoder.SectionName)
            {
                WriteNames(output, module);
                namesWritten = true;
            }
            WriteSection(output, SectionId.Custom, w =>
            {
                w.Name(custom.Name);
                w.Bytes(custom.Content.Span);
            });
        }
    }

    /// <summary>A section: its id, its size, its contents.</summary>
    private static void WriteSection(WasmWriter output, SectionId id, Action<WasmWriter> contents)
    {
        output.Byte((byte)id);
        output.SizePrefixed(contents);
    }

    private static void WriteVector<T>(WasmWriter w, List<T> items, Action<WasmWriter, T> write)
    {
        w.U32((uint)items.Count);
        foreach (var item in items) write(w, item);
    }

    private static void WriteExpression(WasmWriter w, ConstantExpression expression) => w.Bytes(expression.Code.Span);
}
