using Sharptime.Model;

namespace Sharptime.Binary;

/// <summary>
/// Encodes instructions in the binary format: the inverse of the instruction reader. Integers are
/// written in their shortest LEB128 form; a memarg gets flag bit 6 and an explicit memory index only
/// when the memory is not 0 (multi-memory), so modules without multiple memories encode as in 2.0.
/// </summary>
public sealed class InstructionWriter(WasmWriter output)
{
    /// <summary>Bit 6 of a memarg's alignment field: a memory index follows the alignment.</summary>
    public const uint MemArgMemoryIndexFlag = 0x40;

    public WasmWriter Output { get; } = output;

    /// <summary>Writes the opcode and then the immediates that its <see cref="ImmediateKind"/> calls for.</summary>
    public void Write(in Instruction instruction)
    {
        var w = Output;
        WriteOpcode(w, instruction.Opcode);
        switch (instruction.Opcode.Immediate())
        {
            case ImmediateKind.None:
                break;
            case ImmediateKind.Block:
                WriteBlockType(w, instruction.BlockType);
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
                w.U32(instruction.Index);
                break;
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
                // Every two-index immediate is written in the order Index, Index2 (see ImmediateKind).
                w.U32(instruction.Index);
                w.U32(instruction.Index2);
                break;
            case ImmediateKind.BrTable:
                WriteBrTable(w, instruction.Targets);
                break;
            case ImmediateKind.MemArg:
                WriteMemArg(w, instruction);
                break;
            case ImmediateKind.MemArgLane:
                WriteMemArg(w, instruction);
                w.Byte((byte)instruction.Index);
                break;
            case ImmediateKind.I32:
                w.S32((int)instruction.Immediate);
                break;
            case ImmediateKind.I64:
                w.S64((long)instruction.Immediate);
                break;
            case ImmediateKind.F32:
                w.F32Bits((uint)instruction.Immediate);
                break;
            case ImmediateKind.F64:
                w.F64Bits(instruction.Immediate);
                break;
            case ImmediateKind.V128:
            case ImmediateKind.Shuffle:
                WriteV128(w, instruction.V128);
                break;
            case ImmediateKind.Lane:
                w.Byte((byte)instruction.Index);
                break;
            case ImmediateKind.HeapType:
            case ImmediateKind.RefType:
                WriteHeapType(w, instruction.HeapType);
                break;
            case ImmediateKind.SelectTypes:
                var types = instruction.SelectTypes ?? [];
                w.U32((uint)types.Length);
                foreach (var t in types) WriteValType(w, t);
                break;
            case ImmediateKind.BrOnCast:
                w.Byte(instruction.Flags);
                w.U32(instruction.Index);
                WriteHeapType(w, instruction.HeapType);
                WriteHeapType(w, instruction.HeapType2);
                break;
            case ImmediateKind.TryTable:
                WriteBlockType(w, instruction.BlockType);
                WriteCatches(w, instruction.Catches);
                break;
            default:
                throw new InvalidOperationException($"no encoding for immediate kind {instruction.Opcode.Immediate()}");
        }
    }

    /// <summary>A plain opcode is its byte; a prefixed one is the prefix byte and the subopcode as u32.</summary>
    public static void WriteOpcode(WasmWriter w, Opcode opcode)
    {
        byte prefix = opcode.Prefix();
        if (prefix == 0)
        {
            w.Byte((byte)opcode.Code());
            return;
        }
        w.Byte(prefix);
        w.U32(opcode.Code());
    }

    /// <summary>0x40 for no values, a value type for one result, or a type index as a non-negative s33.</summary>
    public static void WriteBlockType(WasmWriter w, BlockType type)
    {
        if (type.IsEmpty) w.Byte(0x40);
        else if (type.IsValue) WriteValType(w, type.Result);
        else w.S64(type.TypeIndex);
    }

    /// <summary>
    /// A value type. Nullable references to abstract heap types use their one-byte shorthand
    /// (funcref is 0x70); other references are 0x63 (ref null ht) or 0x64 (ref ht) and the heap type.
    /// </summary>
    public static void WriteValType(WasmWriter w, ValType type)
    {
        if (!type.IsRef)
        {
            w.Byte((byte)type.Kind);
            return;
        }
        if (type.Nullable && type.Heap.IsAbstract)
        {
            w.Byte((byte)type.Heap.Abstract);
            return;
        }
        w.Byte(type.Nullable ? (byte)0x63 : (byte)0x64);
        WriteHeapType(w, type.Heap);
    }

    /// <summary>An abstract heap type is its code (a negative s33 in one byte); a concrete one its type index as s33.</summary>
    public static void WriteHeapType(WasmWriter w, HeapType heap)
    {
        if (heap.IsAbstract) w.Byte((byte)heap.Abstract);
        else w.S64(heap.TypeIndex);
    }

    private static void WriteBrTable(WasmWriter w, uint[]? targets)
    {
        // The model keeps the default label last; the binary format counts only the others.
        if (targets is null || targets.Length == 0)
            throw new InvalidOperationException("br_table needs at least its default label");
        w.U32((uint)(targets.Length - 1));
        foreach (uint t in targets) w.U32(t);
    }

    private static void WriteMemArg(WasmWriter w, in Instruction instruction)
    {
        if (instruction.Index2 == 0)
        {
            w.U32(instruction.AlignLog2);
        }
        else
        {
            w.U32(instruction.AlignLog2 | MemArgMemoryIndexFlag);
            w.U32(instruction.Index2);
        }
        w.U64(instruction.Immediate);
    }

    private static void WriteV128(WasmWriter w, V128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.WriteTo(bytes);
        w.Bytes(bytes);
    }

    private static void WriteCatches(WasmWriter w, CatchClause[]? catches)
    {
        catches ??= [];
        w.U32((uint)catches.Length);
        foreach (var c in catches)
        {
            w.Byte((byte)c.Kind);
            if (c.Kind is CatchKind.Catch or CatchKind.CatchRef) w.U32(c.Tag);
            w.U32(c.Label);
        }
    }
}
