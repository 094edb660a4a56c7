using Sharptime.Model;

namespace Sharptime.Tests.Model;

public class OpcodeInfoTests
{
    [Theory]
    [InlineData((byte)0x6A, Opcode.I32Add, "i32.add")]
    [InlineData((byte)0x0B, Opcode.End, "end")]
    [InlineData((byte)0x1C, Opcode.SelectTyped, "select")]
    [InlineData((byte)0xC4, Opcode.I64Extend32S, "i64.extend32_s")]
    public void Plain_opcodes_decode_to_their_mnemonic(byte code, Opcode expected, string mnemonic)
    {
        Assert.True(OpcodeInfo.TryGetPlain(code, out var op));
        Assert.Equal(expected, op);
        Assert.Equal(mnemonic, op.Mnemonic());
    }

    [Theory]
    [InlineData((byte)0xFC, 10u, Opcode.MemoryCopy, ImmediateKind.MemoryCopy)]
    [InlineData((byte)0xFD, 0x0Du, Opcode.I8x16Shuffle, ImmediateKind.Shuffle)]
    [InlineData((byte)0xFD, 0x113u, Opcode.I32x4RelaxedDotI8x16I7x16AddS, ImmediateKind.None)]
    [InlineData((byte)0xFB, 0x17u, Opcode.RefCastNull, ImmediateKind.RefType)]
    public void Prefixed_opcodes_decode(byte prefix, uint sub, Opcode expected, ImmediateKind immediate)
    {
        Assert.True(OpcodeInfo.TryGetPrefixed(prefix, sub, out var op));
        Assert.Equal(expected, op);
        Assert.Equal(immediate, op.Immediate());
        Assert.Equal(prefix, op.Prefix());
        Assert.Equal(sub, op.Code());
    }

    [Fact]
    public void Gaps_and_unknown_prefixes_are_not_opcodes()
    {
        Assert.False(OpcodeInfo.TryGetPlain(0x27, out _));
        Assert.False(OpcodeInfo.TryGetPlain(0xFF, out _));
        Assert.False(OpcodeInfo.TryGetPrefixed(0xFD, 0x9A, out _));
        Assert.False(OpcodeInfo.TryGetPrefixed(0xFC, 0x12, out _));
        Assert.False(OpcodeInfo.TryGetPrefixed(0xFE, 0, out _));
    }

    [Fact]
    public void Every_mnemonic_maps_back_to_an_opcode_that_spells_it()
    {
        foreach (var entry in OpcodeInfo.All)
        {
            Assert.True(OpcodeInfo.TryGetByMnemonic(entry.Mnemonic, out var op));
            Assert.Equal(entry.Mnemonic, op.Mnemonic());
        }
        Assert.Equal(504, OpcodeInfo.All.Length);
    }

    [Fact]
    public void Memory_accesses_have_natural_alignment_and_others_do_not()
    {
        Assert.Equal(3, Opcode.I64Load.Entry().NaturalAlignment);
        Assert.Equal(4, Opcode.V128Load.Entry().NaturalAlignment);
        Assert.Equal(0, Opcode.V128Load8Lane.Entry().NaturalAlignment);
        Assert.Equal(-1, Opcode.I32Add.Entry().NaturalAlignment);
    }
}
