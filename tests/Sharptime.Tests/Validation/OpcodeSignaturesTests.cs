using Sharptime.Model;
using Sharptime.Validation;

namespace Sharptime.Tests.Validation;

public class OpcodeSignaturesTests
{
    [Theory]
    [InlineData(Opcode.I32Add, "[i32 i32] -> [i32]")]
    [InlineData(Opcode.I64Eqz, "[i64] -> [i32]")]
    [InlineData(Opcode.F64Lt, "[f64 f64] -> [i32]")]
    [InlineData(Opcode.I32WrapI64, "[i64] -> [i32]")]
    [InlineData(Opcode.F32DemoteF64, "[f64] -> [f32]")]
    [InlineData(Opcode.I64TruncSatF32U, "[f32] -> [i64]")]
    [InlineData(Opcode.I32Const, "[] -> [i32]")]
    [InlineData(Opcode.V128Bitselect, "[v128 v128 v128] -> [v128]")]
    [InlineData(Opcode.I8x16Shl, "[v128 i32] -> [v128]")]
    [InlineData(Opcode.I64x2Splat, "[i64] -> [v128]")]
    [InlineData(Opcode.F32x4ExtractLane, "[v128] -> [f32]")]
    [InlineData(Opcode.F64x2ReplaceLane, "[v128 f64] -> [v128]")]
    [InlineData(Opcode.I16x8Bitmask, "[v128] -> [i32]")]
    [InlineData(Opcode.I32x4ExtendLowI16x8S, "[v128] -> [v128]")]
    [InlineData(Opcode.I32x4RelaxedDotI8x16I7x16AddS, "[v128 v128 v128] -> [v128]")]
    [InlineData(Opcode.I8x16Shuffle, "[v128 v128] -> [v128]")]
    public void Signature(Opcode opcode, string expected)
    {
        Assert.True(OpcodeSignatures.TryGet(opcode, out var signature));
        Assert.Equal(expected, signature.ToString());
    }

    [Theory]
    [InlineData(Opcode.Call)]
    [InlineData(Opcode.LocalGet)]
    [InlineData(Opcode.I32Load)]
    [InlineData(Opcode.V128Load8Lane)]
    [InlineData(Opcode.RefNull)]
    [InlineData(Opcode.Select)]
    public void Module_dependent_instructions_have_no_fixed_signature(Opcode opcode) =>
        Assert.False(OpcodeSignatures.TryGet(opcode, out _));

    [Fact]
    public void Every_numeric_and_simd_operator_without_immediates_has_a_signature()
    {
        foreach (var entry in OpcodeInfo.All)
        {
            uint code = entry.Opcode.Code();
            bool numeric = entry.Opcode.Prefix() == 0 && code is >= 0x45 and <= 0xC4;
            bool saturating = entry.Opcode.Prefix() == 0xFC && code <= 7;
            bool simd = entry.Opcode.Prefix() == 0xFD && entry.Immediate == ImmediateKind.None;
            if (numeric || saturating || simd)
                Assert.True(OpcodeSignatures.TryGet(entry.Opcode, out _), entry.Mnemonic);
        }
    }

    [Fact]
    public void Memory_accesses_know_their_value_type_and_size()
    {
        Assert.True(MemoryAccess.TryGet(Opcode.I64Load32U, out var load));
        Assert.Equal(ValType.I64, load.Value);
        Assert.False(load.IsStore);
        Assert.Equal(2, load.NaturalAlignmentLog2);
        Assert.True(MemoryAccess.TryGet(Opcode.V128Store16Lane, out var lane));
        Assert.True(lane.IsStore);
        Assert.Equal(8, lane.Lanes);
        Assert.False(MemoryAccess.TryGet(Opcode.MemoryGrow, out _));
    }
}
