using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Tests.Binary;

public class WasmReaderTests
{
    private delegate T ReadFunc<T>(ref WasmReader reader);

    /// <summary>Reads one value and requires that it used every byte.</summary>
    private static T ReadAll<T>(byte[] bytes, ReadFunc<T> read)
    {
        var reader = new WasmReader(bytes);
        var value = read(ref reader);
        Assert.True(reader.AtEnd, "bytes left over");
        return value;
    }

    private static string Fails<T>(byte[] bytes, ReadFunc<T> read, int baseOffset = 0) =>
        Assert.Throws<MalformedModuleException>(() =>
        {
            var reader = new WasmReader(bytes, baseOffset);
            read(ref reader);
        }).Reason;

    private static long FailOffset<T>(byte[] bytes, ReadFunc<T> read, int baseOffset) =>
        Assert.Throws<MalformedModuleException>(() =>
        {
            var reader = new WasmReader(bytes, baseOffset);
            read(ref reader);
        }).Offset;

    [Theory]
    [InlineData(new byte[] { 0x00 }, 0u)]
    [InlineData(new byte[] { 0x7F }, 127u)]
    [InlineData(new byte[] { 0x80, 0x01 }, 128u)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x00 }, 0u)] // over-long but within 5 bytes: allowed
    [InlineData(new byte[] { 0x82, 0x80, 0x00 }, 2u)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, uint.MaxValue)]
    public void U32_reads_every_legal_encoding(byte[] bytes, uint expected) =>
        Assert.Equal(expected, ReadAll(bytes, (ref WasmReader r) => r.ReadU32()));

    [Theory]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x10 }, MalformedReasons.IntegerTooLarge)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, MalformedReasons.IntegerTooLarge)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, MalformedReasons.IntegerTooLong)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x8F }, MalformedReasons.IntegerTooLong)] // continuation on byte 5
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0xF0 }, MalformedReasons.IntegerTooLarge)] // payload checked first
    [InlineData(new byte[] { 0x80 }, MalformedReasons.UnexpectedEnd)]
    [InlineData(new byte[] { }, MalformedReasons.UnexpectedEnd)]
    public void U32_rejects_what_the_spec_rejects(byte[] bytes, string reason) =>
        Assert.Equal(reason, Fails(bytes, (ref WasmReader r) => r.ReadU32()));

    [Theory]
    [InlineData(new byte[] { 0x00 }, 0)]
    [InlineData(new byte[] { 0x7F }, -1)]
    [InlineData(new byte[] { 0x40 }, -64)]
    [InlineData(new byte[] { 0x3F }, 63)]
    [InlineData(new byte[] { 0x80, 0x7F }, -128)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }, int.MaxValue)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x78 }, int.MinValue)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, -1)]
    public void S32_reads_every_legal_encoding(byte[] bytes, int expected) =>
        Assert.Equal(expected, ReadAll(bytes, (ref WasmReader r) => r.ReadS32()));

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, MalformedReasons.IntegerTooLarge)] // 2^32-1: bit 35 != bit 31
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x70 }, MalformedReasons.IntegerTooLarge)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, MalformedReasons.IntegerTooLong)]
    public void S32_rejects_what_the_spec_rejects(byte[] bytes, string reason) =>
        Assert.Equal(reason, Fails(bytes, (ref WasmReader r) => r.ReadS32()));

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, 4294967295L)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x70 }, -4294967296L)]
    [InlineData(new byte[] { 0x70 }, -16L)]
    [InlineData(new byte[] { 0xF0, 0x7F }, -16L)]
    public void S33_covers_type_indices_and_negative_codes(byte[] bytes, long expected) =>
        Assert.Equal(expected, ReadAll(bytes, (ref WasmReader r) => r.ReadS33()));

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x1F }, MalformedReasons.IntegerTooLarge)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x60 }, MalformedReasons.IntegerTooLarge)]
    public void S33_rejects_more_than_33_bits(byte[] bytes, string reason) =>
        Assert.Equal(reason, Fails(bytes, (ref WasmReader r) => r.ReadS33()));

    [Fact]
    public void S64_reads_the_extremes_and_rejects_unused_bits()
    {
        Assert.Equal(long.MaxValue, ReadAll([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00], (ref WasmReader r) => r.ReadS64()));
        Assert.Equal(long.MinValue, ReadAll([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F], (ref WasmReader r) => r.ReadS64()));
        Assert.Equal(-1L, ReadAll([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], (ref WasmReader r) => r.ReadS64()));
        Assert.Equal(MalformedReasons.IntegerTooLarge, Fails([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], (ref WasmReader r) => r.ReadS64()));
        Assert.Equal(MalformedReasons.IntegerTooLarge, Fails([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7E], (ref WasmReader r) => r.ReadS64()));
        Assert.Equal(MalformedReasons.IntegerTooLong, Fails([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], (ref WasmReader r) => r.ReadS64()));
    }

    [Fact]
    public void U64_reads_the_maximum_and_rejects_unused_bits()
    {
        Assert.Equal(ulong.MaxValue, ReadAll([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], (ref WasmReader r) => r.ReadU64()));
        Assert.Equal(MalformedReasons.IntegerTooLarge, Fails([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02], (ref WasmReader r) => r.ReadU64()));
        Assert.Equal(MalformedReasons.IntegerTooLong, Fails([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], (ref WasmReader r) => r.ReadU64()));
    }

    [Fact]
    public void Leb_round_trips_through_the_writer()
    {
        var random = new Random(42);
        for (int i = 0; i < 2000; i++)
        {
            long value = random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(64);
            var w = new WasmWriter();
            w.S64(value);
            w.U64((ulong)value);
            w.S32((int)value);
            w.U32((uint)value);
            var bytes = w.ToArray();
            var reader = new WasmReader(bytes);
            Assert.Equal(value, reader.ReadS64());
            Assert.Equal((ulong)value, reader.ReadU64());
            Assert.Equal((int)value, reader.ReadS32());
            Assert.Equal((uint)value, reader.ReadU32());
            Assert.True(reader.AtEnd);
        }
    }

    [Fact]
    public void Errors_report_offsets_in_the_whole_module()
    {
        Assert.Equal(100 + 5, FailOffset([0x80, 0x80, 0x80, 0x80, 0x80, 0x00], (ref WasmReader r) => r.ReadU32(), baseOffset: 100));
        Assert.Equal(100 + 4, FailOffset([0x80, 0x80, 0x80, 0x80, 0x10], (ref WasmReader r) => r.ReadU32(), baseOffset: 100));
    }

    [Fact]
    public void Lengths_must_fit_in_the_input()
    {
        Assert.Equal(2, ReadAll([0x02, 0xAA, 0xBB], (ref WasmReader r) => { int n = r.ReadLength(); r.Skip(n); return n; }));
        Assert.Equal(MalformedReasons.LengthOutOfBounds, Fails([0x05, 0xAA, 0xBB], (ref WasmReader r) => r.ReadLength()));
        // As in the spec, the length's own byte counts as room: this overrun is an unexpected end instead.
        Assert.Equal(MalformedReasons.UnexpectedEnd, Fails([0x03, 0xAA, 0xBB], (ref WasmReader r) => r.ReadByteVector().Length));
    }

    [Theory]
    [InlineData(new byte[] { 0x02, 0xC0, 0x80 })]             // over-long encoding of U+0000
    [InlineData(new byte[] { 0x03, 0xED, 0xA0, 0x80 })]       // a surrogate
    [InlineData(new byte[] { 0x04, 0xF4, 0x90, 0x80, 0x80 })] // above U+10FFFF
    [InlineData(new byte[] { 0x01, 0x80 })]                   // a lone continuation byte
    [InlineData(new byte[] { 0x02, 0xE2, 0x8C })]             // truncated sequence
    public void Names_must_be_valid_utf8(byte[] bytes) =>
        Assert.Equal(MalformedReasons.MalformedUtf8, Fails(bytes, (ref WasmReader r) => r.ReadName()));

    [Fact]
    public void Names_decode_utf8()
    {
        Assert.Equal("a⌣", ReadAll([0x04, 0x61, 0xE2, 0x8C, 0xA3], (ref WasmReader r) => r.ReadName()));
        Assert.Equal("", ReadAll([0x00], (ref WasmReader r) => r.ReadName()));
    }

    [Fact]
    public void Value_types_cover_numbers_vectors_and_references()
    {
        Assert.Equal(ValType.I32, ReadAll([0x7F], (ref WasmReader r) => r.ReadValType()));
        Assert.Equal(ValType.V128, ReadAll([0x7B], (ref WasmReader r) => r.ReadValType()));
        Assert.Equal(ValType.FuncRef, ReadAll([0x70], (ref WasmReader r) => r.ReadValType()));
        Assert.Equal(ValType.ExnRef, ReadAll([0x69], (ref WasmReader r) => r.ReadValType()));
        Assert.Equal(ValType.Ref(HeapType.FromTypeIndex(3), false), ReadAll([0x64, 0x03], (ref WasmReader r) => r.ReadValType()));
        Assert.Equal(ValType.Ref(HeapType.Eq, true), ReadAll([0x63, 0x6D], (ref WasmReader r) => r.ReadValType()));
        Assert.Equal(ValType.Ref(HeapType.NoExn, false), ReadAll([0x64, 0x74], (ref WasmReader r) => r.ReadValType()));
        Assert.Equal(MalformedReasons.MalformedValueType, Fails([0x7A], (ref WasmReader r) => r.ReadValType()));
        Assert.Equal(MalformedReasons.IntegerTooLong, Fails([0xFF, 0x7F], (ref WasmReader r) => r.ReadValType()));
        Assert.Equal(MalformedReasons.MalformedReferenceType, Fails([0x7F], (ref WasmReader r) => r.ReadRefType()));
        Assert.Equal(MalformedReasons.MalformedHeapType, Fails([0x64, 0x7F], (ref WasmReader r) => r.ReadValType()));
    }

    [Fact]
    public void Block_types_are_empty_a_value_type_or_an_index()
    {
        Assert.Equal(BlockType.Empty, ReadAll([0x40], (ref WasmReader r) => r.ReadBlockType()));
        Assert.Equal(BlockType.Value(ValType.F64), ReadAll([0x7C], (ref WasmReader r) => r.ReadBlockType()));
        Assert.Equal(BlockType.Value(ValType.Ref(HeapType.FromTypeIndex(1), true)), ReadAll([0x63, 0x01], (ref WasmReader r) => r.ReadBlockType()));
        Assert.Equal(BlockType.FromTypeIndex(5), ReadAll([0x05], (ref WasmReader r) => r.ReadBlockType()));
        Assert.Equal(BlockType.FromTypeIndex(200), ReadAll([0xC8, 0x01], (ref WasmReader r) => r.ReadBlockType()));
        Assert.Equal(MalformedReasons.IntegerTooLarge, Fails([0x80, 0x80, 0x80, 0x80, 0x10], (ref WasmReader r) => r.ReadBlockType()));
    }
}
