using System.Buffers.Binary;
using Sharptime.Model;

namespace Sharptime.Binary;

/// <summary>
/// Decodes a module in the binary format into a <see cref="WasmModule"/>. Every error is a
/// <see cref="MalformedModuleException"/> worded as the spec's decoder words it, at the byte offset where
/// it was found.
/// </summary>
/// <remarks>
/// <para>Function bodies are not decoded: only their locals are read (to find "too many locals") and
/// their code is kept as bytes, a slice of the input. The module therefore refers to the input's
/// memory; callers must not change those bytes afterwards. Errors that need the instructions of
/// bodies (illegal opcodes, "data count section required" for memory.init / data.drop) are found
/// by whoever reads them with <see cref="InstructionReader"/>, i.e. the validator.</para>
/// <para>Like the spec's reference decoder, a section's contents are read from a stream that does not
/// stop at the section's declared end; the size is checked afterwards ("section size mismatch"). That
/// is what makes a count that promises more entries than a section holds report the errors the spec
/// tests expect ("length out of bounds" when the next section's bytes are read as a length, say).</para>
/// </remarks>
public ref partial struct ModuleDecoder
{
    private const uint Magic = 0x6D736100; // "\0asm" read little-endian
    private const uint Version = 1;

    private readonly ReadOnlyMemory<byte> _memory;
    private readonly WasmModule _module;
    private readonly DecoderOptions _options;
    private readonly bool _wasm20;
    private WasmReader _reader;

    private ModuleDecoder(ReadOnlyMemory<byte> bytes, DecoderOptions options)
    {
        _memory = bytes;
        _module = new WasmModule();
        _options = options;
        _wasm20 = options.Wasm20Compatible;
        _reader = new WasmReader(bytes.Span);
    }

    /// <summary>Decodes a binary module. The returned module keeps slices of <paramref name="bytes"/>.</summary>
    public static WasmModule Decode(ReadOnlyMemory<byte> bytes, DecoderOptions? options = null)
    {
        var decoder = new ModuleDecoder(bytes, options ?? DecoderOptions.Default);
        decoder.DecodeModule();
        return decoder._module;
    }

    /// <summary>Decodes a binary module from an array (kept, not copied).</summary>
    public static WasmModule Decode(byte[] bytes, DecoderOptions? options = null) => Decode(new ReadOnlyMemory<byte>(bytes), options);

    private void DecodeModule()
    {
        ReadHeader();
        int lastRank = 0;
        var lastKnown = SectionId.Custom;
        while (!_reader.AtEnd)
        {
            int sectionStart = _reader.Position;
            byte id = _reader.ReadByte();
            if (!SectionOrder.IsKnown(id) || (_wasm20 && id == (byte)SectionId.Tag))
                throw _reader.Error(MalformedReasons.MalformedSectionId, sectionStart);
            var section = (SectionId)id;
            if (section != SectionId.Custom)
            {
                // A repeated or out-of-order section is where the spec's decoder, which reads the
                // sections in their fixed order, stops and finds content left over.
                int rank = SectionOrder.Rank(section);
                if (rank <= lastRank) throw _reader.Error(MalformedReasons.ContentAfterLastSection, sectionStart);
                lastRank = rank;
                lastKnown = section;
            }
            int size = _reader.ReadLength();
            int contentStart = _reader.Position;
            int contentEnd = contentStart + size;
            _reader.EndReason = MalformedReasons.UnexpectedEndOfSection;
            switch (section)
            {
                case SectionId.Custom: ReadCustomSection(contentEnd, lastKnown); break;
                case SectionId.Type: ReadTypeSection(); break;
                case SectionId.Import: ReadImportSection(); break;
                case SectionId.Function: ReadFunctionSection(); break;
                case SectionId.Table: ReadTableSection(); break;
                case SectionId.Memory: ReadMemorySection(); break;
                case SectionId.Tag: ReadTagSection(); break;
                case SectionId.Global: ReadGlobalSection(); break;
                case SectionId.Export: ReadExportSection(); break;
                case SectionId.Start: _module.Start = _reader.ReadIndex(); break;
                case SectionId.Element: ReadElementSection(); break;
                case SectionId.DataCount: _module.DataCount = _reader.ReadIndex(); break;
                case SectionId.Code: ReadCodeSection(); break;
                case SectionId.Data: ReadDataSection(); break;
            }
            _reader.EndReason = MalformedReasons.UnexpectedEnd;
            if (_reader.Position != contentEnd) throw _reader.Error(MalformedReasons.SectionSizeMismatch, contentStart);
        }

        int end = _reader.Length;
        if (_module.Functions.Count != _module.Bodies.Count)
            throw _reader.Error(MalformedReasons.FunctionCodeMismatch, end);
        if (_module.DataCount is int dataCount && dataCount != _module.Data.Count)
            throw _reader.Error(MalformedReasons.DataCountMismatch, end);
    }

    private void ReadHeader()
    {
        // The spec reads the magic and the version as little-endian u32s: too few bytes is "unexpected end".
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(_reader.ReadBytes(4));
        if (magic != Magic) throw _reader.Error(MalformedReasons.MagicHeader, 0);
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(_reader.ReadBytes(4));
        if (version != Version) throw _reader.Error(MalformedReasons.UnknownVersion, 4);
    }

    /// <summary>Reads a u32 count of entries that each take at least one byte (so it is bounded by the input).</summary>
    private int ReadCount() => _reader.ReadLength();

    /// <summary>A constant expression: its instructions up to and including the <c>end</c> that closes it.</summary>
    private ConstantExpression ReadConstantExpression()
    {
        int start = _reader.Position;
        var instructions = new InstructionReader(_reader.Data[start..], _reader.BaseOffset + start, _options);
        int length = instructions.SkipExpression();
        _reader.Position = start + length;
        return new ConstantExpression(_memory.Slice(start, length));
    }
}
