using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Tests.Binary;

public class InstructionReaderTests
{
    private static Instruction ReadOne(byte[] code)
    {
        var reader = new InstructionReader(code);
        var instruction = reader.Read();
        Assert.True(reader.AtEnd, "bytes left over");
        return instruction;
    }

    private static MalformedModuleException Fails(byte[] code, int baseOffset = 0) =>
        Assert.Throws<MalformedModuleException>(() =>
        {
            var reader = new InstructionReader(code, baseOffset);
            while (!reader.AtEnd) reader.Read();
        });

    /// <summary>An instruction with made-up immediates of the right kind for its opcode.</summary>
    private static Instruction Sample(Opcode opcode, Random random)
    {
        var i = new Instruction { Opcode = opcode };
        uint Index() => (uint)random.Next(0, 3) switch { 0 => 0u, 1 => (uint)random.Next(128), _ => (uint)random.NextInt64(uint.MaxValue) };
        switch (opcode.Immediate())
        {
            case ImmediateKind.Block:
                i.BlockType = random.Next(3) switch
                {
                    0 => BlockType.Empty,
                    1 => BlockType.Value(ValType.Ref(HeapType.FromTypeIndex(random.Next(1000)), true)),
                    _ => BlockType.FromTypeIndex(random.Next(int.MaxValue)),
                };
                break;
            case ImmediateKind.Label or ImmediateKind.Function or ImmediateKind.Type or ImmediateKind.Local or ImmediateKind.Global
                or ImmediateKind.Table or ImmediateKind.Memory or ImmediateKind.Elem or ImmediateKind.Data or ImmediateKind.Tag:
                i.Index = Index();
                break;
            case ImmediateKind.BrTable:
                i.Targets = [.. Enumerable.Range(0, random.Next(1, 6)).Select(_ => Index())];
                break;
            case ImmediateKind.CallIndirect or ImmediateKind.TableInit or ImmediateKind.TableCopy or ImmediateKind.MemoryInit
                or ImmediateKind.MemoryCopy or ImmediateKind.TypeField or ImmediateKind.TypeData or ImmediateKind.TypeElem
                or ImmediateKind.TypeType or ImmediateKind.TypeLength:
                i.Index = Index();
                i.Index2 = Index();
                break;
            case ImmediateKind.MemArg or ImmediateKind.MemArgLane:
                i.AlignLog2 = (uint)random.Next(64);
                i.Index2 = random.Next(2) == 0 ? 0 : Index();
                i.Immediate = (ulong)random.NextInt64() << random.Next(2);
                if (opcode.Immediate() == ImmediateKind.MemArgLane) i.Index = (uint)random.Next(16);
                break;
            case ImmediateKind.I32:
                i.Immediate = (ulong)(long)random.Next(int.MinValue, int.MaxValue);
                break;
            case ImmediateKind.I64 or ImmediateKind.F64:
                i.Immediate = (ulong)random.NextInt64(long.MinValue, long.MaxValue);
                break;
            case ImmediateKind.F32:
                i.Immediate = (uint)random.NextInt64(uint.MaxValue);
                break;
            case ImmediateKind.V128 or ImmediateKind.Shuffle:
                i.V128 = new V128((ulong)random.NextInt64(), (ulong)random.NextInt64());
                break;
            case ImmediateKind.Lane:
                i.Index = (uint)random.Next(16);
                break;
            case ImmediateKind.HeapType or ImmediateKind.RefType:
                i.HeapType = random.Next(2) == 0 ? HeapType.Struct : HeapType.FromTypeIndex(random.Next(int.MaxValue));
                break;
            case ImmediateKind.SelectTypes:
                i.SelectTypes = [ValType.I64, ValType.Ref(HeapType.I31, false)];
                break;
            case ImmediateKind.BrOnCast:
                i.Flags = (byte)random.Next(4);
                i.Index = Index();
                i.HeapType = HeapType.Any;
                i.HeapType2 = HeapType.FromTypeIndex(random.Next(100));
                break;
            case ImmediateKind.TryTable:
                i.BlockType = BlockType.Value(ValType.I32);
                i.Catches = [new CatchClause(CatchKind.Catch, Index(), Index()), new CatchClause(CatchKind.CatchAll, 0, Index()),
                    new CatchClause(CatchKind.CatchRef, Index(), 0), new CatchClause(CatchKind.CatchAllRef, 0, 7)];
                break;
        }
        return i;
    }

    private static void AssertSame(Instruction expected, Instruction actual)
    {
        Assert.Equal(expected.Opcode, actual.Opcode);
        Assert.Equal(expected.Index, actual.Index);
        Assert.Equal(expected.Index2, actual.Index2);
        Assert.Equal(expected.Immediate, actual.Immediate);
        Assert.Equal(expected.AlignLog2, actual.AlignLog2);
        Assert.Equal(expected.BlockType, actual.BlockType);
        Assert.Equal(expected.V128, actual.V128);
        Assert.Equal(expected.HeapType, actual.HeapType);
        Assert.Equal(expected.HeapType2, actual.HeapType2);
        Assert.Equal(expected.Flags, actual.Flags);
        Assert.Equal(expected.Targets, actual.Targets);
        Assert.Equal(expected.SelectTypes, actual.SelectTypes);
        Assert.Equal(expected.Catches, actual.Catches);
    }

    [Fact]
    public void Every_opcode_reads_back_what_the_writer_wrote()
    {
        var random = new Random(7);
        var opcodes = Enum.GetValues<Opcode>();
        Assert.True(opcodes.Length > 500);
        foreach (var opcode in opcodes)
        {
            for (int round = 0; round < 4; round++)
            {
                var expected = Sample(opcode, random);
                var output = new WasmWriter();
                new InstructionWriter(output).Write(expected);
                var actual = ReadOne(output.ToArray());
                AssertSame(expected, actual);
            }
        }
    }

    [Fact]
    public void A_sequence_reads_in_order_with_offsets()
    {
        // i32.const -2; i64.const 300; f32.const 1.5; br_table [0 1] 2; select (result i32); end
        byte[] code = [0x41, 0x7E, 0x42, 0xAC, 0x02, 0x43, 0x00, 0x00, 0xC0, 0x3F, 0x0E, 0x02, 0x00, 0x01, 0x02, 0x1C, 0x01, 0x7F, 0x0B];
        var reader = new InstructionReader(code);
        var seen = new List<Instruction>();
        while (reader.TryRead(out var instruction)) seen.Add(instruction);
        Assert.Equal([Opcode.I32Const, Opcode.I64Const, Opcode.F32Const, Opcode.BrTable, Opcode.SelectTyped, Opcode.End], seen.Select(i => i.Opcode));
        Assert.Equal([0, 2, 5, 10, 15, 18], seen.Select(i => i.Offset));
        Assert.Equal(-2, seen[0].I32);
        Assert.Equal(300, seen[1].I64);
        Assert.Equal(1.5f, seen[2].F32);
        Assert.Equal([0u, 1u, 2u], seen[3].Targets!);
        Assert.Equal([ValType.I32], seen[4].SelectTypes!);
    }

    [Fact]
    public void Memargs_carry_alignment_memory_index_and_a_64_bit_offset()
    {
        // i64.load align=2^3 memory 2 offset 2^40
        var i = ReadOne([0x29, 0x43, 0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]);
        Assert.Equal(3u, i.AlignLog2);
        Assert.Equal(2u, i.Index2);
        Assert.Equal(1UL << 40, i.Immediate);
        Assert.Equal(MalformedReasons.MalformedMemopFlags, Fails([0x28, 0x80, 0x01, 0x00]).Reason);
        Assert.Equal(MalformedReasons.MalformedMemopFlags, Fails([0x28, 0x80, 0x02, 0x00]).Reason);
    }

    [Fact]
    public void Unknown_opcodes_are_illegal_and_say_which()
    {
        Assert.Equal("illegal opcode ff", Fails([0x00, 0xFF]).Reason);
        Assert.Equal("illegal opcode fc 63", Fails([0xFC, 0x63]).Reason);
        Assert.Equal("illegal opcode fd 3e8", Fails([0xFD, 0xE8, 0x07]).Reason);
        Assert.Equal("illegal opcode fe", Fails([0xFE, 0x00]).Reason);
        Assert.Equal(10 + 1, Fails([0x00, 0xFF], baseOffset: 10).Offset);
    }

    [Fact]
    public void Malformed_immediates_are_reported()
    {
        Assert.Equal(MalformedReasons.UnexpectedEndOfSection, Fails([0x41]).Reason);
        Assert.Equal(MalformedReasons.UnexpectedEndOfSection, Fails([0xFD, 0x0C, 0x00, 0x01]).Reason); // v128.const cut short
        Assert.Equal(MalformedReasons.IntegerTooLarge, Fails([0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]).Reason);
        Assert.Equal(MalformedReasons.MalformedCastFlags, Fails([0xFB, 0x18, 0x04, 0x00, 0x6E, 0x6E]).Reason);
        Assert.Equal(MalformedReasons.MalformedCatchKind, Fails([0x1F, 0x40, 0x01, 0x04, 0x00]).Reason);
        Assert.Equal(MalformedReasons.MalformedHeapType, Fails([0xD0, 0x7F]).Reason);
        Assert.Equal(MalformedReasons.LengthOutOfBounds, Fails([0x0E, 0x10, 0x00]).Reason);
    }

    [Fact]
    public void Read_at_the_end_is_an_unexpected_end_and_TryRead_is_false()
    {
        var reader = new InstructionReader([0x01]);
        Assert.True(reader.TryRead(out _));
        Assert.False(reader.TryRead(out _));
        var e = Assert.Throws<MalformedModuleException>(() =>
        {
            var r = new InstructionReader([0x01]);
            r.Read();
            r.Read();
        });
        Assert.Equal(MalformedReasons.UnexpectedEndOfSection, e.Reason);
    }

    [Fact]
    public void SkipExpression_finds_the_end_that_closes_the_expression()
    {
        // i32.const 1; block; end; end; (trailing byte)
        var reader = new InstructionReader([0x41, 0x01, 0x02, 0x40, 0x0B, 0x0B, 0x99]);
        Assert.Equal(6, reader.SkipExpression());
        Assert.Equal(MalformedReasons.EndExpected, Assert.Throws<MalformedModuleException>(() => new InstructionReader([0x41, 0x01, 0x05]).SkipExpression()).Reason);
        Assert.Equal(MalformedReasons.UnexpectedEndOfSection, Assert.Throws<MalformedModuleException>(() => new InstructionReader([0x41, 0x01]).SkipExpression()).Reason);
    }
}
