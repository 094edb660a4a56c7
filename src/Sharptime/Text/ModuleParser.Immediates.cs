using Sharptime.Model;

namespace Sharptime.Text;

internal sealed partial class ModuleParser
{
    /// <summary>Local names of the function whose body is being parsed (null in constant expressions).</summary>
    private Dictionary<string, int>? _localNames;

    /// <summary>Reads the immediates of a non-block instruction whose mnemonic has been read.</summary>
    private Instruction ReadInstruction(Opcode op, Token mnemonic)
    {
        var ins = new Instruction { Opcode = op };
        switch (op.Immediate())
        {
            case ImmediateKind.None:
                if (op == Opcode.Select && PeekParenKeyword("result"u8))
                {
                    ins.Opcode = Opcode.SelectTyped;
                    ins.SelectTypes = ReadSelectTypes();
                }
                break;
            case ImmediateKind.Label:
                ins.Index = ReadLabel();
                break;
            case ImmediateKind.BrTable:
                {
                    var targets = new List<uint> { ReadLabel() };
                    while (PeekIndex()) targets.Add(ReadLabel());
                    ins.Targets = [.. targets];
                    break;
                }
            case ImmediateKind.Function:
                ins.Index = ReadIndex(_funcs);
                break;
            case ImmediateKind.CallIndirect:
                ins.Index2 = PeekIndex() ? ReadIndex(_tables) : 0;
                ins.Index = (uint)ReadTypeUse(null, allowParamIds: false);
                break;
            case ImmediateKind.Type:
                ins.Index = ReadIndex(_types);
                break;
            case ImmediateKind.Local:
                ins.Index = ReadLocal();
                break;
            case ImmediateKind.Global:
                ins.Index = ReadIndex(_globals);
                break;
            case ImmediateKind.Table:
                ins.Index = PeekIndex() ? ReadIndex(_tables) : 0;
                break;
            case ImmediateKind.Memory:
                ins.Index = PeekIndex() ? ReadIndex(_memories) : 0;
                break;
            case ImmediateKind.MemArg:
                if (PeekIndex()) ins.Index2 = ReadIndex(_memories);
                ReadOffsetAndAlign(op, ref ins);
                break;
            case ImmediateKind.MemArgLane:
                // The memory index is optional and so is the memarg, but the lane is not: a nat followed by
                // another nat or a memarg field is the memory.
                if (PeekKind() == TokenKind.Id ||
                    (PeekKind() == TokenKind.Nat && PeekAt(1).Kind is TokenKind.Nat or TokenKind.OffsetEq or TokenKind.AlignEq))
                    ins.Index2 = ReadIndex(_memories);
                ReadOffsetAndAlign(op, ref ins);
                ins.Index = ReadLaneIndex();
                break;
            case ImmediateKind.I32:
                ins.Immediate = (ulong)(long)(int)(uint)ReadInteger(32);
                break;
            case ImmediateKind.I64:
                ins.Immediate = ReadInteger(64);
                break;
            case ImmediateKind.F32:
                ins.Immediate = ReadF32();
                break;
            case ImmediateKind.F64:
                ins.Immediate = ReadF64();
                break;
            case ImmediateKind.V128:
                ins.V128 = ReadV128Const();
                break;
            case ImmediateKind.Lane:
                ins.Index = ReadLaneIndex();
                break;
            case ImmediateKind.Shuffle:
                ins.V128 = ReadShuffleLanes(mnemonic);
                break;
            case ImmediateKind.HeapType:
                ins.HeapType = ReadHeapType();
                break;
            case ImmediateKind.Elem:
                ins.Index = ReadIndex(_elems);
                break;
            case ImmediateKind.Data:
                ins.Index = ReadIndex(_datas);
                break;
            case ImmediateKind.TableInit:
                // table.init [table] elem
                if (PeekIndex() && PeekAt(1).Kind is TokenKind.Nat or TokenKind.Id) ins.Index2 = ReadIndex(_tables);
                ins.Index = ReadIndex(_elems);
                break;
            case ImmediateKind.MemoryInit:
                // memory.init [memory] data
                if (PeekIndex() && PeekAt(1).Kind is TokenKind.Nat or TokenKind.Id) ins.Index2 = ReadIndex(_memories);
                ins.Index = ReadIndex(_datas);
                break;
            case ImmediateKind.TableCopy:
                if (PeekIndex())
                {
                    ins.Index = ReadIndex(_tables);
                    ins.Index2 = ReadIndex(_tables);
                }
                break;
            case ImmediateKind.MemoryCopy:
                if (PeekIndex())
                {
                    ins.Index = ReadIndex(_memories);
                    ins.Index2 = ReadIndex(_memories);
                }
                break;
            case ImmediateKind.TypeField:
                ins.Index = ReadIndex(_types);
                ins.Index2 = ReadField((int)ins.Index);
                break;
            case ImmediateKind.TypeData:
                ins.Index = ReadIndex(_types);
                ins.Index2 = ReadIndex(_datas);
                break;
            case ImmediateKind.TypeElem:
                ins.Index = ReadIndex(_types);
                ins.Index2 = ReadIndex(_elems);
                break;
            case ImmediateKind.TypeType:
                ins.Index = ReadIndex(_types);
                ins.Index2 = ReadIndex(_types);
                break;
            case ImmediateKind.TypeLength:
                ins.Index = ReadIndex(_types);
                ins.Index2 = ReadU32();
                break;
            case ImmediateKind.RefType:
                {
                    // ref.test and ref.cast have a separate opcode for a nullable target type.
                    var type = ReadRefType();
                    ins.HeapType = type.Heap;
                    if (type.Nullable) ins.Opcode = op == Opcode.RefTest ? Opcode.RefTestNull : Opcode.RefCastNull;
                    break;
                }
            case ImmediateKind.BrOnCast:
                {
                    ins.Index = ReadLabel();
                    var from = ReadRefType();
                    var to = ReadRefType();
                    ins.HeapType = from.Heap;
                    ins.HeapType2 = to.Heap;
                    ins.Flags = (byte)((from.Nullable ? 1 : 0) | (to.Nullable ? 2 : 0));
                    break;
                }
            case ImmediateKind.Tag:
                ins.Index = ReadIndex(_tags);
                break;
            default:
                // Block kinds are read by the structured-instruction code; select types by the select case.
                throw Unexpected(mnemonic);
        }
        return ins;
    }

    private ValType[] ReadSelectTypes()
    {
        var types = new List<ValType>();
        while (TakeParenKeyword("result"u8))
        {
            while (!PeekRightParen()) types.Add(ReadValType());
            ExpectRightParen();
        }
        return [.. types];
    }

    private uint ReadLocal()
    {
        var t = Peek();
        if (t.Kind == TokenKind.Nat) return ReadU32();
        if (t.Kind != TokenKind.Id) throw Unexpected(t);
        Pos++;
        string name = IdName(t);
        if (_localNames is not null && _localNames.TryGetValue(name, out int index)) return (uint)index;
        throw Error($"unknown local ${name}", t);
    }

    /// <summary>A struct field: a nat, or a field name of the struct type.</summary>
    private uint ReadField(int typeIndex)
    {
        var t = Peek();
        if (t.Kind == TokenKind.Nat) return ReadU32();
        if (t.Kind != TokenKind.Id) throw Unexpected(t);
        Pos++;
        string name = IdName(t);
        if (typeIndex < _fieldNames.Count && _fieldNames[typeIndex] is { } names && names.TryGetValue(name, out int index))
            return (uint)index;
        throw Error($"unknown field ${name}", t);
    }

    /// <summary><c>offset=N</c> and <c>align=N</c>, both optional; alignment defaults to the access's natural one.</summary>
    private void ReadOffsetAndAlign(Opcode op, ref Instruction ins)
    {
        if (PeekKind() == TokenKind.OffsetEq)
        {
            var t = Next();
            var digits = Text(t)["offset="u8.Length..];
            ulong max = _options.Wasm20Compatible ? uint.MaxValue : ulong.MaxValue;
            if (!IntegerLiteral.TryParseUnsigned(digits, max, out ulong offset))
                throw Error(_options.Wasm20Compatible ? "i32 constant out of range" : "i64 constant out of range", t);
            ins.Immediate = offset;
        }
        if (PeekKind() == TokenKind.AlignEq)
        {
            var t = Next();
            var digits = Text(t)["align="u8.Length..];
            if (!IntegerLiteral.TryParseUnsigned(digits, ulong.MaxValue, out ulong align))
                throw Error("i64 constant out of range", t);
            if (align == 0 || (align & (align - 1)) != 0) throw Error("alignment must be a power of two", t);
            ins.AlignLog2 = (uint)System.Numerics.BitOperations.Log2(align);
        }
        else
        {
            ins.AlignLog2 = (uint)op.Entry().NaturalAlignment;
        }
    }
}
