using System.Diagnostics;
using Sharptime.Binary;
using Sharptime.Model;
using Xunit.Abstractions;

namespace Sharptime.Tests.Binary;

public class ModuleDecoderTests(ITestOutputHelper output)
{
    private static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    /// <summary>A section: id, size, contents.</summary>
    private static byte[] Section(SectionId id, params byte[] contents)
    {
        var w = new WasmWriter();
        w.Byte((byte)id);
        w.ByteVector(contents);
        return w.ToArray();
    }

    private static byte[] Module(params byte[][] sections) => [.. Header, .. sections.SelectMany(s => s)];

    private static WasmModule Decode(params byte[][] sections) => ModuleDecoder.Decode(Module(sections));

    private static string Fails(params byte[][] sections) =>
        Assert.Throws<MalformedModuleException>(() => ModuleDecoder.Decode(Module(sections))).Reason;

    private static readonly byte[] OneVoidType = Section(SectionId.Type, 0x01, 0x60, 0x00, 0x00);

    [Fact]
    public void An_empty_module_decodes_to_an_empty_model()
    {
        var m = Decode();
        Assert.Empty(m.Types);
        Assert.Empty(m.Bodies);
        Assert.Null(m.Start);
        Assert.Null(m.DataCount);
        Assert.Null(m.Names);
    }

    [Theory]
    [InlineData(new byte[] { }, MalformedReasons.UnexpectedEnd)]
    [InlineData(new byte[] { 0x00, 0x61, 0x73 }, MalformedReasons.UnexpectedEnd)]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00 }, MalformedReasons.UnknownVersion)]
    [InlineData(new byte[] { 0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00 }, MalformedReasons.MagicHeader)]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x0E, 0x00 }, MalformedReasons.MalformedSectionId)]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01 }, MalformedReasons.UnexpectedEnd)]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x00 }, MalformedReasons.LengthOutOfBounds)]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00 }, MalformedReasons.SectionSizeMismatch)]
    public void Header_and_section_framing_errors(byte[] bytes, string reason) =>
        Assert.Equal(reason, Assert.Throws<MalformedModuleException>(() => ModuleDecoder.Decode(bytes)).Reason);

    [Fact]
    public void Sections_must_come_once_and_in_order_with_tags_between_memories_and_globals()
    {
        var tag = Section(SectionId.Tag, 0x01, 0x00, 0x00);
        var memory = Section(SectionId.Memory, 0x01, 0x00, 0x01);
        var global = Section(SectionId.Global, 0x00);
        var m = Decode(OneVoidType, memory, tag, global);
        Assert.Equal([new TagType(0)], m.Tags);
        Assert.Equal(MalformedReasons.ContentAfterLastSection, Fails(OneVoidType, memory, global, tag));
        Assert.Equal(MalformedReasons.ContentAfterLastSection, Fails(OneVoidType, tag, memory));
        Assert.Equal(MalformedReasons.ContentAfterLastSection, Fails(OneVoidType, OneVoidType));
        var dataCount = Section(SectionId.DataCount, 0x00);
        var code = Section(SectionId.Code, 0x00);
        Assert.Equal(0, Decode(dataCount, code).DataCount);
        Assert.Equal(MalformedReasons.ContentAfterLastSection, Fails(code, dataCount));
    }

    [Fact]
    public void Rec_groups_sub_types_and_composite_types()
    {
        byte[] types =
        [
            0x03,
            0x4E, 0x02, // rec group of two
                0x5F, 0x02, 0x7F, 0x01, 0x63, 0x00, 0x00, // struct (field (mut i32)) (field (ref null 0))
                0x5E, 0x78, 0x01,                         // array (mut i8)
            0x50, 0x00, 0x60, 0x01, 0x7E, 0x01, 0x7D,     // sub (func (param i64) (result f32))
            0x4F, 0x01, 0x02, 0x60, 0x01, 0x7E, 0x01, 0x7D, // sub final 2 (func ...)
        ];
        var m = Decode(Section(SectionId.Type, types));
        Assert.Equal([new RecGroup(0, 2), new RecGroup(2, 1), new RecGroup(3, 1)], m.RecGroups);
        var node = Assert.IsType<StructType>(m.Types[0].Composite);
        Assert.Equal(new FieldType(new StorageType(ValType.I32), true), node.Fields[0]);
        Assert.Equal(ValType.Ref(HeapType.FromTypeIndex(0), true), node.Fields[1].Storage.Type);
        Assert.Equal(PackedType.I8, Assert.IsType<ArrayType>(m.Types[1].Composite).Element.Storage.Packed);
        Assert.False(m.Types[2].Final);
        Assert.Empty(m.Types[2].SuperTypes);
        Assert.True(m.Types[3].Final);
        Assert.Equal([2], m.Types[3].SuperTypes);
        Assert.Equal(new FuncType([ValType.I64], [ValType.F32]), m.Types[3].Composite);
        Assert.True(m.Types[0].Final, "a type outside sub is final");

        Assert.Equal(MalformedReasons.MalformedMutability, Fails(Section(SectionId.Type, 0x01, 0x5E, 0x78, 0x02)));
        Assert.Equal(MalformedReasons.MalformedCompositeType, Fails(Section(SectionId.Type, 0x01, 0x5D)));
        Assert.Equal(MalformedReasons.IntegerTooLong, Fails(Section(SectionId.Type, 0x01, 0xE0, 0x7F, 0x00, 0x00)));
    }

    [Fact]
    public void Imports_of_every_kind()
    {
        byte[] imports =
        [
            0x05,
            0x01, (byte)'m', 0x01, (byte)'f', 0x00, 0x00,                   // func type 0
            0x01, (byte)'m', 0x01, (byte)'t', 0x01, 0x70, 0x05, 0x01, 0x02, // table funcref, i64 limits 1..2
            0x01, (byte)'m', 0x01, (byte)'M', 0x02, 0x03, 0x01, 0x10,       // shared memory 1..16
            0x01, (byte)'m', 0x01, (byte)'g', 0x03, 0x7E, 0x01,             // global (mut i64)
            0x01, (byte)'m', 0x01, (byte)'e', 0x04, 0x00, 0x00,             // tag type 0
        ];
        var m = Decode(OneVoidType, Section(SectionId.Import, imports));
        Assert.Equal(5, m.Imports.Count);
        Assert.Equal(new TableType(ValType.FuncRef, new Limits(1, 2, Is64: true)), m.Imports[1].Table);
        Assert.Equal(new MemoryType(new Limits(1, 16, Shared: true)), m.Imports[2].Memory);
        Assert.Equal(new GlobalType(ValType.I64, true), m.Imports[3].Global);
        Assert.Equal(ExternalKind.Tag, m.Imports[4].Kind);
        Assert.Equal(1, m.ImportedTagCount);

        Assert.Equal(MalformedReasons.MalformedImportKind, Fails(Section(SectionId.Import, 0x01, 0x00, 0x00, 0x05)));
        Assert.Equal(MalformedReasons.ZeroByteExpected, Fails(Section(SectionId.Import, 0x01, 0x00, 0x00, 0x04, 0x01, 0x00)));
        Assert.Equal(MalformedReasons.MalformedUtf8, Fails(Section(SectionId.Import, 0x01, 0x01, 0xFF, 0x00, 0x00, 0x00)));
    }

    [Fact]
    public void Limits_flags_are_checked_per_kind()
    {
        Assert.Equal(new Limits(0, null, Is64: true), Decode(Section(SectionId.Memory, 0x01, 0x04, 0x00)).Memories[0].Limits);
        Assert.Equal(ulong.MaxValue, Decode(Section(SectionId.Memory, 0x01, 0x04, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01)).Memories[0].Limits.Min);
        Assert.Equal(MalformedReasons.MalformedLimitsFlags, Fails(Section(SectionId.Memory, 0x01, 0x08, 0x00)));
        Assert.Equal(MalformedReasons.MalformedLimitsFlags, Fails(Section(SectionId.Memory, 0x01, 0x81, 0x00, 0x00)));
        Assert.Equal(MalformedReasons.MalformedLimitsFlags, Fails(Section(SectionId.Table, 0x01, 0x70, 0x02, 0x00)));
    }

    [Fact]
    public void Custom_page_sizes_decode_only_when_asked_for()
    {
        var memory = Section(SectionId.Memory, 0x01, 0x09, 0x01, 0x02, 0x00); // 1..2 pages of 2^0 bytes
        Assert.Equal(MalformedReasons.MalformedLimitsFlags, Fails(memory));
        var options = new DecoderOptions { CustomPageSizes = true };
        var m = ModuleDecoder.Decode(Module(memory), options);
        Assert.Equal(new MemoryType(new Limits(1, 2), PageSizeLog2: 0), m.Memories[0]);
        Assert.Equal(Module(memory), ModuleEncoder.Encode(m));
        Assert.Equal(MalformedReasons.MalformedPageSize, Assert.Throws<MalformedModuleException>(
            () => ModuleDecoder.Decode(Module(Section(SectionId.Memory, 0x01, 0x08, 0x01, 0x41)), options)).Reason);
    }

    [Fact]
    public void Tables_may_have_an_initializer()
    {
        // (table 1 (ref func) (ref.func 0)) and (table 0 externref)
        var m = Decode(Section(SectionId.Table, 0x02, 0x40, 0x00, 0x64, 0x70, 0x00, 0x01, 0xD2, 0x00, 0x0B, 0x6F, 0x00, 0x00));
        Assert.Equal(ValType.Ref(HeapType.Func, false), m.Tables[0].Type.ElementType);
        Assert.Equal([0xD2, 0x00, 0x0B], m.Tables[0].Init!.Code.ToArray());
        Assert.Null(m.Tables[1].Init);
        Assert.Equal(MalformedReasons.ZeroByteExpected, Fails(Section(SectionId.Table, 0x01, 0x40, 0x01, 0x70, 0x00, 0x00, 0xD2, 0x00, 0x0B)));
    }

    [Fact]
    public void Element_segments_of_all_eight_forms_normalize_to_expressions()
    {
        byte[] offset = [0x41, 0x00, 0x0B];
        byte[] elements =
        [
            0x08,
            0x00, .. offset, 0x02, 0x00, 0x81, 0x01,                   // active table 0, funcs 0 and 129
            0x01, 0x00, 0x01, 0x00,                                     // passive, elemkind, func 0
            0x02, 0x01, .. offset, 0x00, 0x01, 0x00,                   // active table 1, elemkind, func 0
            0x03, 0x00, 0x01, 0x00,                                     // declarative, elemkind, func 0
            0x04, .. offset, 0x01, 0xD0, 0x70, 0x0B,                   // active table 0, exprs
            0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B,                         // passive externref exprs
            0x06, 0x02, .. offset, 0x70, 0x01, 0xD2, 0x00, 0x0B,       // active table 2, funcref exprs
            0x07, 0x64, 0x70, 0x01, 0xD2, 0x00, 0x0B,                   // declarative (ref func) exprs
        ];
        var m = Decode(Section(SectionId.Element, elements));
        var e = m.Elements;
        var funcNonNull = ValType.Ref(HeapType.Func, false);
        Assert.Equal([SegmentMode.Active, SegmentMode.Passive, SegmentMode.Active, SegmentMode.Declarative,
            SegmentMode.Active, SegmentMode.Passive, SegmentMode.Active, SegmentMode.Declarative], e.Select(s => s.Mode));
        Assert.Equal([0, 0, 1, 0, 0, 0, 2, 0], e.Select(s => s.TableIndex));
        Assert.Equal([funcNonNull, funcNonNull, funcNonNull, funcNonNull, ValType.FuncRef, ValType.ExternRef, ValType.FuncRef, funcNonNull],
            e.Select(s => s.ElementType));
        Assert.Equal([0xD2, 0x00, 0x0B], e[0].Items[0].Code.ToArray());
        Assert.Equal([0xD2, 0x81, 0x01, 0x0B], e[0].Items[1].Code.ToArray());
        Assert.Equal(offset, e[2].Offset!.Code.ToArray());
        Assert.Null(e[1].Offset);

        Assert.Equal(MalformedReasons.MalformedElementsKind, Fails(Section(SectionId.Element, 0x01, 0x08)));
        Assert.Equal(MalformedReasons.MalformedElementKind, Fails(Section(SectionId.Element, 0x01, 0x01, 0x01, 0x00)));
        Assert.Equal(MalformedReasons.MalformedReferenceType, Fails(Section(SectionId.Element, 0x01, 0x05, 0x7F, 0x00)));
        Assert.StartsWith(MalformedReasons.IllegalOpcode, Fails(Section(SectionId.Element, 0x01, 0x05, 0x70, 0x01, 0xF3, 0x00, 0x0B)));
    }

    [Fact]
    public void Data_segments_of_all_three_forms()
    {
        byte[] data = [0x03, 0x00, 0x41, 0x08, 0x0B, 0x02, 0xAA, 0xBB, 0x01, 0x01, 0xCC, 0x02, 0x03, 0x42, 0x00, 0x0B, 0x00];
        var m = Decode(Section(SectionId.Data, data));
        Assert.Equal([SegmentMode.Active, SegmentMode.Passive, SegmentMode.Active], m.Data.Select(d => d.Mode));
        Assert.Equal([0xAA, 0xBB], m.Data[0].Bytes.ToArray());
        Assert.Equal(3, m.Data[2].MemoryIndex);
        Assert.Equal([0x42, 0x00, 0x0B], m.Data[2].Offset!.Code.ToArray());
        Assert.Equal(MalformedReasons.MalformedDataKind, Fails(Section(SectionId.Data, 0x01, 0x03)));
        Assert.Equal(MalformedReasons.DataCountMismatch, Fails(Section(SectionId.DataCount, 0x02), Section(SectionId.Data, data)));
        Assert.Equal(MalformedReasons.DataCountMismatch, Fails(Section(SectionId.DataCount, 0x01)));
        Assert.Equal(3, Decode(Section(SectionId.DataCount, 0x03), Section(SectionId.Data, data)).DataCount);
    }

    [Fact]
    public void Bodies_keep_their_code_as_bytes_with_offsets_and_locals()
    {
        var function = Section(SectionId.Function, 0x01, 0x00);
        var code = Section(SectionId.Code, 0x01, 0x08, 0x02, 0x03, 0x7F, 0x01, 0x7B, 0x41, 0x00, 0x0B);
        var bytes = Module(OneVoidType, function, code);
        var m = ModuleDecoder.Decode(bytes);
        var body = Assert.Single(m.Bodies);
        Assert.Equal([new LocalDeclaration(3, ValType.I32), new LocalDeclaration(1, ValType.V128)], body.Locals);
        Assert.Equal([0x41, 0x00, 0x0B], body.Code.ToArray());
        Assert.Equal(bytes.Length - 3, body.CodeOffset);
    }

    [Fact]
    public void Functions_and_bodies_must_pair_up_and_locals_stay_below_two_to_the_32()
    {
        var twoFunctions = Section(SectionId.Function, 0x02, 0x00, 0x00);
        var oneBody = Section(SectionId.Code, 0x01, 0x02, 0x00, 0x0B);
        Assert.Equal(MalformedReasons.FunctionCodeMismatch, Fails(OneVoidType, twoFunctions, oneBody));
        Assert.Equal(MalformedReasons.FunctionCodeMismatch, Fails(OneVoidType, twoFunctions));
        var function = Section(SectionId.Function, 0x01, 0x00);
        var tooMany = Section(SectionId.Code, 0x01, 0x0A, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x01, 0x7E, 0x0B);
        Assert.Equal(MalformedReasons.TooManyLocals, Fails(OneVoidType, function, tooMany));
        var justEnough = Section(SectionId.Code, 0x01, 0x0A, 0x02, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x01, 0x7E, 0x0B);
        Assert.Equal(uint.MaxValue, Decode(OneVoidType, function, justEnough).Bodies[0].Locals.Sum(l => (long)l.Count));
    }

    [Fact]
    public void A_body_without_end_is_reported_as_the_spec_decoder_would()
    {
        var function2 = Section(SectionId.Function, 0x02, 0x00, 0x00);
        var function1 = Section(SectionId.Function, 0x01, 0x00);
        // Followed by another body: its size byte is taken as an instruction, then `end` is missing.
        Assert.Equal(MalformedReasons.EndExpected,
            Fails(OneVoidType, function2, Section(SectionId.Code, 0x02, 0x04, 0x00, 0x41, 0x01, 0x1A, 0x05, 0x00, 0x41, 0x01, 0x1A, 0x0B)));
        // At the end of the module.
        Assert.Equal(MalformedReasons.UnexpectedEndOfSection,
            Fails(OneVoidType, function1, Section(SectionId.Code, 0x01, 0x04, 0x00, 0x41, 0x01, 0x1A)));
        // Followed by a data section, whose id 0x0B reads as the missing `end`.
        Assert.Equal(MalformedReasons.SectionSizeMismatch,
            Fails(OneVoidType, function1, Section(SectionId.Code, 0x01, 0x04, 0x00, 0x41, 0x01, 0x1A), Section(SectionId.Data, 0x01, 0x01, 0x00)));
    }

    [Fact]
    public void Custom_sections_are_kept_in_place_and_the_name_section_is_decoded()
    {
        var names = new WasmWriter();
        names.Name("name");
        names.Bytes([0x00, 0x04, 0x03, (byte)'m', (byte)'o', (byte)'d']);             // module name
        names.Bytes([0x01, 0x05, 0x01, 0x00, 0x02, (byte)'f', (byte)'0']);             // function 0 "f0"
        names.Bytes([0x02, 0x06, 0x01, 0x00, 0x01, 0x01, 0x01, (byte)'x']);            // local 1 of function 0 "x"
        names.Bytes([0x03, 0x02, 0xAB, 0xCD]);                                           // labels: skipped
        names.Bytes([0x0B, 0x04, 0x01, 0x02, 0x01, (byte)'e']);                        // tag 2 "e"
        var m = Decode(
            Section(SectionId.Custom, [0x05, .. "first"u8, 0x01, 0x02]),
            OneVoidType,
            Section(SectionId.Custom, [0x04, .. "next"u8]),
            Section(SectionId.Custom, names.ToArray()));
        Assert.Equal([("first", (byte)0), ("next", (byte)SectionId.Type)], m.CustomSections.Select(c => (c.Name, c.After)));
        Assert.Equal([0x01, 0x02], m.CustomSections[0].Content.ToArray());
        Assert.NotNull(m.Names);
        Assert.Equal("mod", m.Names.ModuleName);
        Assert.Equal("f0", m.Names.FunctionNames[0]);
        Assert.Equal("x", m.Names.LocalNames[0][1]);
        Assert.Equal("e", m.Names.TagNames[2]);
    }

    [Fact]
    public void A_malformed_name_section_does_not_fail_the_module()
    {
        var m = Decode(Section(SectionId.Custom, [0x04, .. "name"u8, 0x01, 0x09, 0x01]));
        Assert.Null(m.Names);
        Assert.Equal("name", Assert.Single(m.CustomSections).Name);
        Assert.Equal(MalformedReasons.LengthOutOfBounds, Fails(Section(SectionId.Custom, [0x08, .. "name"u8])));
        // A section too short for its own name runs out inside the section.
        Assert.Equal(MalformedReasons.UnexpectedEndOfSection, Fails([0x00, 0x00, 0x01, 0x61]));
        Assert.Equal(MalformedReasons.MalformedUtf8, Fails(Section(SectionId.Custom, [0x01, 0xFF])));
    }

    [Fact]
    public void The_gc_fixture_round_trips() => RoundTrip.AssertRoundTrips(GcFixture.Build(), "gc fixture");

    [Fact]
    public void A_20_MB_module_decodes_quickly()
    {
        // 100,000 functions of about 200 bytes: the size of flite or CRuby compiled to WASI.
        var body = new WasmWriter();
        body.Bytes([0x01, 0x02, 0x7E]); // 2 i64 locals
        for (int i = 0; i < 39; i++) body.Bytes([0x20, 0x00, 0x41, (byte)i, 0x6A]); // local.get 0; i32.const i; i32.add
        body.Bytes([0x0B]);
        var bodyBytes = body.ToArray();
        const int count = 100_000;
        var w = new WasmWriter(count * (bodyBytes.Length + 8));
        w.Bytes(Header);
        w.Bytes(Section(SectionId.Type, 0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F));
        var functions = new WasmWriter(count + 8);
        functions.U32(count);
        for (int i = 0; i < count; i++) functions.Byte(0x00);
        w.Byte((byte)SectionId.Function);
        w.ByteVector(functions.WrittenSpan);
        var code = new WasmWriter(count * (bodyBytes.Length + 4));
        code.U32(count);
        for (int i = 0; i < count; i++) code.ByteVector(bodyBytes);
        w.Byte((byte)SectionId.Code);
        w.ByteVector(code.WrittenSpan);
        var bytes = w.ToArray();
        Assert.True(bytes.Length > 20_000_000);

        ModuleDecoder.Decode(bytes); // warm up the JIT
        var watch = Stopwatch.StartNew();
        var m = ModuleDecoder.Decode(bytes);
        watch.Stop();
        output.WriteLine($"{bytes.Length / 1e6:F1} MB decoded in {watch.ElapsedMilliseconds} ms");
        Assert.Equal(count, m.Bodies.Count);
        // Well under a second on a quiet machine; the bound leaves room for a busy CI runner.
        Assert.True(watch.ElapsedMilliseconds < 2000, $"decoding took {watch.ElapsedMilliseconds} ms");
    }
}
