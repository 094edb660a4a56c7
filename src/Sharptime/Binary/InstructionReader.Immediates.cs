using Sharptime.Model;

namespace Sharptime.Binary;

// The immediates of each ImmediateKind, filled into the fields that Model/Instruction.cs documents.
public ref partial struct InstructionReader
{
    private void ReadImmediates(ImmediateKind kind, ref Instruction instruction)
    {
        switch (kind)
        {
            case ImmediateKind.Block:
                instruction.BlockType = _reader.ReadBlockType();
                break;
            case ImmediateKind.Memory when _wasm20:
                ReadZeroByte();
                break;
            case ImmediateKind.MemoryInit when _wasm20:
                instruction.Index = _reader.ReadU32();
                ReadZeroByte();
                break;
            case ImmediateKind.MemoryCopy when _wasm20:
                ReadZeroByte();
                ReadZeroByte();
                break;
            case ImmediateKind.Label:
            case ImmediateKind.Function:
            case ImmediateKind.Type:
            case ImmediateKind.Local:
            case ImmediateKind.Global:
            case ImmediateKind.Table:
            case ImmediateKind.Memory:
            case ImmediateKind.Elem:
            case ImmediateKind.Data:
            case ImmediateKind.Tag:
                instruction.Index = _reader.ReadU32();
                break;
            case ImmediateKind.BrTable:
                instruction.Targets = ReadBrTableTargets();
                break;
            // Two indices in binary order: call_indirect type/table, table.init elem/table,
            // table.copy dest/source, memory.init data/memory, memory.copy dest/source, and the GC
            // instructions' type followed by field, data segment, element segment, source type or length.
            case ImmediateKind.CallIndirect:
            case ImmediateKind.TableInit:
            case ImmediateKind.TableCopy:
            case ImmediateKind.MemoryInit:
            case ImmediateKind.MemoryCopy:
            case ImmediateKind.TypeField:
            case ImmediateKind.TypeData:
            case ImmediateKind.TypeElem:
            case ImmediateKind.TypeType:
            case ImmediateKind.TypeLength:
                instruction.Index = _reader.ReadU32();
                instruction.Index2 = _reader.ReadU32();
                break;
            case ImmediateKind.MemArg:
                ReadMemArg(ref instruction);
                break;
            case ImmediateKind.MemArgLane:
                ReadMemArg(ref instruction);
                instruction.Index = _reader.ReadByte();
                break;
            case ImmediateKind.I32:
                instruction.Immediate = (ulong)(long)_reader.ReadS32();
                break;
            case ImmediateKind.I64:
                instruction.Immediate = (ulong)_reader.ReadS64();
                break;
            case ImmediateKind.F32:
                instruction.Immediate = _reader.ReadF32Bits();
                break;
            case ImmediateKind.F64:
                instruction.Immediate = _reader.ReadF64Bits();
                break;
            case ImmediateKind.V128:
            case ImmediateKind.Shuffle:
                instruction.V128 = V128.FromBytes(_reader.ReadBytes(16));
                break;
            case ImmediateKind.Lane:
                instruction.Index = _reader.ReadByte();
                break;
            case ImmediateKind.HeapType:
            case ImmediateKind.RefType:
                instruction.HeapType = _reader.ReadHeapType();
                break;
            case ImmediateKind.SelectTypes:
                instruction.SelectTypes = ReadSelectTypes();
                break;
            case ImmediateKind.BrOnCast:
                ReadBrOnCast(ref instruction);
                break;
            case ImmediateKind.TryTable:
                instruction.BlockType = _reader.ReadBlockType();
                instruction.Catches = ReadCatches();
                break;
            default:
                throw new InvalidOperationException($"no decoder for immediate kind {kind}");
        }
    }

    /// <summary>
    /// memarg: flags, then the memory index when flags bit 6 is set (multi-memory), then a u64 offset
    /// (memory64; the validator checks 32-bit memories' offsets). Bits 0-5 are the alignment exponent,
    /// kept raw for the validator; flags of 128 and above are malformed.
    /// </summary>
    private void ReadMemArg(ref Instruction instruction)
    {
        int start = _reader.Position;
        uint flags = _reader.ReadU32();
        if (_wasm20)
        {
            // WebAssembly 2.0: the field is only the alignment exponent (below 32), the offset a u32.
            if (flags >= 32) throw _reader.Error(MalformedReasons.MalformedMemopFlags, start);
            instruction.AlignLog2 = flags;
            instruction.Immediate = _reader.ReadU32();
            return;
        }
        if (flags >= 0x80) throw _reader.Error(MalformedReasons.MalformedMemopFlags, start);
        instruction.AlignLog2 = flags & 0x3F;
        if ((flags & 0x40) != 0) instruction.Index2 = _reader.ReadU32();
        instruction.Immediate = _reader.ReadU64();
    }

    /// <summary>WebAssembly 2.0's placeholder for a memory index: exactly one byte, 0x00.</summary>
    private void ReadZeroByte()
    {
        int start = _reader.Position;
        if (_reader.ReadByte() != 0) throw _reader.Error(MalformedReasons.ZeroByteExpected, start);
    }

    /// <summary>br_table: the labels, then the default label, stored last.</summary>
    private uint[] ReadBrTableTargets()
    {
        int count = _reader.ReadLength();
        var targets = new uint[count + 1];
        for (int i = 0; i <= count; i++) targets[i] = _reader.ReadU32();
        return targets;
    }

    private ValType[] ReadSelectTypes()
    {
        int count = _reader.ReadLength();
        if (count == 0) return [];
        var types = new ValType[count];
        for (int i = 0; i < count; i++) types[i] = _reader.ReadValType();
        return types;
    }

    /// <summary>br_on_cast(_fail): flags (bit 0 source nullable, bit 1 target nullable), label, source and target heap types.</summary>
    private void ReadBrOnCast(ref Instruction instruction)
    {
        int start = _reader.Position;
        byte flags = _reader.ReadByte();
        if (flags > 3) throw _reader.Error(MalformedReasons.MalformedCastFlags, start);
        instruction.Flags = flags;
        instruction.Index = _reader.ReadU32();
        instruction.HeapType = _reader.ReadHeapType();
        instruction.HeapType2 = _reader.ReadHeapType();
    }

    private CatchClause[] ReadCatches()
    {
        int count = _reader.ReadLength();
        if (count == 0) return [];
        var catches = new CatchClause[count];
        for (int i = 0; i < count; i++)
        {
            int start = _reader.Position;
            byte kind = _reader.ReadByte();
            if (kind > (byte)CatchKind.CatchAllRef) throw _reader.Error(MalformedReasons.MalformedCatchKind, start);
            uint tag = kind is (byte)CatchKind.Catch or (byte)CatchKind.CatchRef ? _reader.ReadU32() : 0;
            catches[i] = new CatchClause((CatchKind)kind, tag, _reader.ReadU32());
        }
        return catches;
    }
}
