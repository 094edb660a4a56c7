using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Tests.Text;

/// <summary>The instruction writer is the inverse of the instruction reader, for every opcode.</summary>
public class InstructionWriterTests
{
    /// <summary>An instruction of the opcode with non-default values in every immediate its kind has.</summary>
    private static Instruction Sample(Opcode op)
    {
        var ins = new Instruction { Opcode = op };
        switch (op.Immediate())
        {
            case ImmediateKind.Block:
                ins.BlockType = BlockType.FromTypeIndex(200);
                break;
            case ImmediateKind.BrTable:
                ins.Targets = [3, 1, 130];
                break;
            case ImmediateKind.MemArg:
                (ins.AlignLog2, ins.Index2, ins.Immediate) = (1, 2, 0x1_0000_0000);
                break;
            case ImmediateKind.MemArgLane:
                (ins.AlignLog2, ins.Index2, ins.Immediate, ins.Index) = (0, 0, 300, 5);
                break;
            case ImmediateKind.I32:
                ins.Immediate = unchecked((ulong)(long)int.MinValue);
                break;
            case ImmediateKind.I64:
                ins.Immediate = 0x8000_0000_0000_0001;
                break;
            case ImmediateKind.F32:
                ins.Immediate = 0x7FC0_0001;
                break;
            case ImmediateKind.F64:
                ins.Immediate = 0xFFF8_0000_0000_0001;
                break;
            case ImmediateKind.V128:
            case ImmediateKind.Shuffle:
                ins.V128 = new V128(0x0706050403020100, 0x1F1E1D1C1B1A1918);
                break;
            case ImmediateKind.Lane:
                ins.Index = 7;
                break;
            case ImmediateKind.HeapType:
            case ImmediateKind.RefType:
                ins.HeapType = HeapType.FromTypeIndex(70);
                break;
            case ImmediateKind.SelectTypes:
                ins.SelectTypes = [ValType.Ref(HeapType.FromTypeIndex(3), nullable: false)];
                break;
            case ImmediateKind.BrOnCast:
                (ins.Flags, ins.Index, ins.HeapType, ins.HeapType2) = (2, 4, HeapType.Any, HeapType.FromTypeIndex(9));
                break;
            case ImmediateKind.TryTable:
                ins.BlockType = BlockType.Value(ValType.ExternRef);
                ins.Catches = [new CatchClause(CatchKind.Catch, 1, 2), new CatchClause(CatchKind.CatchAllRef, 0, 3)];
                break;
            default:
                (ins.Index, ins.Index2) = (129, 5);
                break;
        }
        return ins;
    }

    public static TheoryData<Opcode> AllOpcodes()
    {
        var data = new TheoryData<Opcode>();
        foreach (var op in Enum.GetValues<Opcode>()) data.Add(op);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllOpcodes))]
    public void Reads_back_what_it_writes(Opcode op)
    {
        var written = Sample(op);
        var output = new WasmWriter();
        new InstructionWriter(output).Write(written);
        var reader = new InstructionReader(output.WrittenSpan);
        var read = reader.Read();
        Assert.True(reader.AtEnd);
        Assert.Equal(op, read.Opcode);
        var kind = op.Immediate();
        switch (kind)
        {
            case ImmediateKind.None:
                break;
            case ImmediateKind.Block:
                Assert.Equal(written.BlockType, read.BlockType);
                break;
            case ImmediateKind.BrTable:
                Assert.Equal(written.Targets!, read.Targets!);
                break;
            case ImmediateKind.MemArg:
            case ImmediateKind.MemArgLane:
                Assert.Equal((written.AlignLog2, written.Index2, written.Immediate, written.Index), (read.AlignLog2, read.Index2, read.Immediate, read.Index));
                break;
            case ImmediateKind.I32 or ImmediateKind.I64 or ImmediateKind.F32 or ImmediateKind.F64:
                Assert.Equal(written.Immediate, read.Immediate);
                break;
            case ImmediateKind.V128 or ImmediateKind.Shuffle:
                Assert.Equal(written.V128, read.V128);
                break;
            case ImmediateKind.HeapType or ImmediateKind.RefType:
                Assert.Equal(written.HeapType, read.HeapType);
                break;
            case ImmediateKind.SelectTypes:
                Assert.Equal(written.SelectTypes!, read.SelectTypes!);
                break;
            case ImmediateKind.BrOnCast:
                Assert.Equal((written.Flags, written.Index, written.HeapType, written.HeapType2), (read.Flags, read.Index, read.HeapType, read.HeapType2));
                break;
            case ImmediateKind.TryTable:
                Assert.Equal(written.BlockType, read.BlockType);
                Assert.Equal(written.Catches!, read.Catches!);
                break;
            case ImmediateKind.Lane:
                Assert.Equal(written.Index, read.Index);
                break;
            default:
                Assert.Equal(written.Index, read.Index);
                if (HasTwoIndices(kind)) Assert.Equal(written.Index2, read.Index2);
                break;
        }
    }

    private static bool HasTwoIndices(ImmediateKind kind) => kind is ImmediateKind.CallIndirect or ImmediateKind.TableInit
        or ImmediateKind.TableCopy or ImmediateKind.MemoryInit or ImmediateKind.MemoryCopy or ImmediateKind.TypeField
        or ImmediateKind.TypeData or ImmediateKind.TypeElem or ImmediateKind.TypeType or ImmediateKind.TypeLength;

    [Fact]
    public void Memory_zero_memargs_have_no_index_and_other_memories_set_flag_bit_6()
    {
        var output = new WasmWriter();
        var writer = new InstructionWriter(output);
        writer.Write(new Instruction { Opcode = Opcode.I32Load, AlignLog2 = 2, Immediate = 16 });
        writer.Write(new Instruction { Opcode = Opcode.I32Load, AlignLog2 = 2, Index2 = 1, Immediate = 16 });
        Assert.Equal("28021028420110", Convert.ToHexString(output.WrittenSpan));
    }

    [Fact]
    public void Value_types_use_shorthands_only_for_nullable_abstract_references()
    {
        var output = new WasmWriter();
        InstructionWriter.WriteValType(output, ValType.FuncRef);
        InstructionWriter.WriteValType(output, ValType.Ref(HeapType.Func, nullable: false));
        InstructionWriter.WriteValType(output, ValType.Ref(HeapType.FromTypeIndex(65), nullable: true));
        InstructionWriter.WriteBlockType(output, BlockType.Empty);
        Assert.Equal("70" + "6470" + "63C100" + "40", Convert.ToHexString(output.WrittenSpan));
    }
}
