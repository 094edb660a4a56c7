using System.Reflection.Emit;
using Sharptime.Model;

namespace Sharptime.Compilation;

// Loads, stores, memory.size/grow and the bulk memory instructions. Every access is checked with
// one unsigned compare of address + offset + size against the memory's current length, with the
// throw inline (design notes); memory 0's base and length are kept in locals.
internal sealed partial class FunctionCompiler
{
    private bool TryEmitMemory(in Instruction ins)
    {
        switch (ins.Opcode)
        {
            case Opcode.I32Load: EmitLoad(ins, 4, I32, OpCodes.Ldind_I4); return true;
            case Opcode.I64Load: EmitLoad(ins, 8, I64, OpCodes.Ldind_I8); return true;
            case Opcode.F32Load: EmitLoad(ins, 4, F32, OpCodes.Ldind_R4); return true;
            case Opcode.F64Load: EmitLoad(ins, 8, F64, OpCodes.Ldind_R8); return true;
            case Opcode.I32Load8S: EmitLoad(ins, 1, I32, OpCodes.Ldind_I1); return true;
            case Opcode.I32Load8U: EmitLoad(ins, 1, I32, OpCodes.Ldind_U1); return true;
            case Opcode.I32Load16S: EmitLoad(ins, 2, I32, OpCodes.Ldind_I2); return true;
            case Opcode.I32Load16U: EmitLoad(ins, 2, I32, OpCodes.Ldind_U2); return true;
            case Opcode.I64Load8S: EmitLoad(ins, 1, I64, OpCodes.Ldind_I1, OpCodes.Conv_I8); return true;
            case Opcode.I64Load8U: EmitLoad(ins, 1, I64, OpCodes.Ldind_U1, OpCodes.Conv_U8); return true;
            case Opcode.I64Load16S: EmitLoad(ins, 2, I64, OpCodes.Ldind_I2, OpCodes.Conv_I8); return true;
            case Opcode.I64Load16U: EmitLoad(ins, 2, I64, OpCodes.Ldind_U2, OpCodes.Conv_U8); return true;
            case Opcode.I64Load32S: EmitLoad(ins, 4, I64, OpCodes.Ldind_I4, OpCodes.Conv_I8); return true;
            case Opcode.I64Load32U: EmitLoad(ins, 4, I64, OpCodes.Ldind_U4, OpCodes.Conv_U8); return true;
            case Opcode.I32Store: EmitStore(ins, 4, OpCodes.Stind_I4); return true;
            case Opcode.I64Store: EmitStore(ins, 8, OpCodes.Stind_I8); return true;
            case Opcode.F32Store: EmitStore(ins, 4, OpCodes.Stind_R4); return true;
            case Opcode.F64Store: EmitStore(ins, 8, OpCodes.Stind_R8); return true;
            case Opcode.I32Store8: EmitStore(ins, 1, OpCodes.Stind_I1); return true;
            case Opcode.I32Store16: EmitStore(ins, 2, OpCodes.Stind_I2); return true;
            case Opcode.I64Store8: EmitStore(ins, 1, OpCodes.Stind_I1, narrow: true); return true;
            case Opcode.I64Store16: EmitStore(ins, 2, OpCodes.Stind_I2, narrow: true); return true;
            case Opcode.I64Store32: EmitStore(ins, 4, OpCodes.Stind_I4, narrow: true); return true;
            case Opcode.MemorySize: EmitMemorySize((int)ins.Index); return true;
            case Opcode.MemoryGrow: EmitMemoryGrow((int)ins.Index); return true;
            default: return false;
        }
    }

    private bool Is64(int memory) => _m.Memories[memory].Limits.Is64;

    private ValType AddressType(int memory) => Is64(memory) ? I64 : I32;

    private void EmitLoad(in Instruction ins, int size, ValType result, OpCode load, OpCode? widen = null)
    {
        var address = AddressSource(0);
        _stack.Materialize(1);
        EmitEffectiveAddress((int)ins.Index2, ins.Immediate, size, address);
        if (size > 1) _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(load);
        if (widen is { } w) _il.Emit(w);
        _stack.Pop();
        _stack.Push(result);
    }

    private void EmitStore(in Instruction ins, int size, OpCode store, bool narrow = false)
    {
        var valueType = _stack.Peek();
        var address = AddressSource(1);
        _stack.Materialize(2);
        var value = RentScratch(ClrTypes.Of(valueType));
        _il.Emit(OpCodes.Stloc, value);
        EmitEffectiveAddress((int)ins.Index2, ins.Immediate, size, address);
        _il.Emit(OpCodes.Ldloc, value);
        if (narrow) _il.Emit(OpCodes.Conv_I4);
        if (size > 1) _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(store);
        FreeScratch(value);
        _stack.Pop(2);
    }

    /// <summary>
    /// Turns the address on the IL stack into a pointer to the accessed bytes, trapping when
    /// [address + offset, address + offset + size) is not inside the memory. <paramref name="addressLocal"/>
    /// is the local the address was computed from (or -1), <paramref name="addressOffset"/> the constant added
    /// to it: a check already made through that local may cover this access. With <paramref name="atRegionStart"/>,
    /// the address is the local's value when the versioned region began plus the offset, and the local has been
    /// written since: only the region's guard can cover it.
    /// </summary>
    private void EmitEffectiveAddress(int memory, ulong offset, int size, (int Local, int Offset, bool AtRegionStart) address) =>
        EmitEffectiveAddress(memory, offset, size, address.Local, address.Offset, address.AtRegionStart);

    private void EmitEffectiveAddress(int memory, ulong offset, int size, int addressLocal = -1, int addressOffset = 0, bool atRegionStart = false)
    {
        if (Is64(memory))
        {
            // 64-bit addresses: address + offset may wrap, so the helper checks with overflow in mind.
            var ea = RentScratch(typeof(ulong));
            _il.Emit(OpCodes.Ldc_I8, (long)offset);
            _il.Emit(OpCodes.Ldc_I8, (long)size);
            EmitMemoryLength(memory);
            EmitCall(RuntimeMembers.Bulk(nameof(Runtime.BulkOperations.EffectiveAddress64)));
            _il.Emit(OpCodes.Stloc, ea);
            EmitMemoryBase(memory);
            _il.Emit(OpCodes.Ldloc, ea);
            _il.Emit(OpCodes.Conv_U);
            _il.Emit(OpCodes.Add);
            FreeScratch(ea);
            return;
        }
        // Memory accesses are about half of a module's IL, and JIT time follows IL size, so this is
        // kept short (the check and pointer take 21 bytes of IL, were 36): the zero-extended address
        // stays on the stack (dup) for the check and the pointer, constants take their short forms,
        // and the branch over the trap is a short one. address + offset + size cannot wrap in 64 bits.
        ulong end = offset + (ulong)size;
        bool trackable = memory == 0 && addressLocal >= 0;
        // How far from the local's value the access reaches (what a guard or a fact about the local must cover).
        ulong reach = (ulong)addressOffset + end;
        // Inside the fast copy of a versioned loop, the loop's guard covers every value of an induction or
        // invariant local (old ones too), and a sum of two such locals just computed.
        bool loopCovered = memory == 0 && (addressLocal >= 0 ? TryCoverInLoop(addressLocal, reach) : TryCoverPendingSum(end));
        // Inside the fast copy of a versioned region, the region's guard checks the furthest reach.
        LocalBuilder? wide = null;
        bool speculated = !loopCovered && trackable && TrySpeculate(addressLocal, reach, atRegionStart, out wide);
        // What the checks made know is about the local's current value, not an old one.
        if (atRegionStart && !speculated) trackable = false;
        // Known not to wrap: a guard or a check of the local itself covers the reach.
        bool unwrapped = speculated || (loopCovered && trackable) || (trackable && _checked.CoversFromLocal(addressLocal, reach));
        bool covered = loopCovered || unwrapped || (trackable && _checked.CoversSum(addressLocal, addressOffset, end));
        if (unwrapped && (addressOffset != 0 || wide is not null))
        {
            // The address is local + constant in 64 bits: recomputed that way, the constant
            // joins the offset and RyuJIT folds it into the addressing mode ([x + base + c], not a
            // 32-bit add and a zero extension per access); the sum on the stack is left to dead code.
            _il.Emit(OpCodes.Pop);
            if (wide is not null)
            {
                _il.Emit(OpCodes.Ldloc, wide);
            }
            else
            {
                EmitLoadLocal(addressLocal);
                _il.Emit(OpCodes.Conv_U8);
            }
            offset += (ulong)addressOffset;
        }
        else if (trackable && _recomputeAddresses)
        {
            // The value came from a slot the region's start filled; computed again from the local, the
            // slot is dead on both paths and RyuJIT drops it (a register less in the loop).
            _il.Emit(OpCodes.Pop);
            EmitLoadLocal(addressLocal);
            if (addressOffset != 0)
            {
                EmitLdcI4(addressOffset);
                _il.Emit(OpCodes.Add);
            }
            _il.Emit(OpCodes.Conv_U8);
        }
        else
        {
            _il.Emit(OpCodes.Conv_U8);
        }
        if (!covered)
        {
            // address <= length - end, compared signed: the address is below 2^32 and the length at most
            // 2^32, so nothing overflows, and a memory shorter than the access gives a negative limit.
            // length - end does not change in a loop without calls or memory.grow, so RyuJIT hoists
            // it: the check is then one compare of the zero-extended address with a register.
            var ok = _il.DefineLabel();
            _il.Emit(OpCodes.Dup);
            EmitMemoryLength(memory);
            EmitLdcU8(end);
            _il.Emit(OpCodes.Sub);
            // Saved code (no tokens: a PersistedAssemblyBuilder) takes the long form: System.Reflection.Metadata's
            // ControlFlowBuilder corrupts a method whose IL buffer chunk ends right after a short branch's operand
            // (it skips a byte of the next chunk), which the IL buffer sizes above make happen in real modules.
            _il.Emit(_m.Tokens is null ? OpCodes.Ble : OpCodes.Ble_S, ok);
            EmitThrow(nameof(Runtime.Traps.MemoryOutOfBounds));
            _il.MarkLabel(ok);
            if (trackable) _checked.Checked(addressLocal, addressOffset, end);
        }
        if (offset != 0)
        {
            EmitLdcU8(offset);
            _il.Emit(OpCodes.Add);
        }
        _il.Emit(OpCodes.Conv_U);
        EmitMemoryBase(memory);
        _il.Emit(OpCodes.Add);
    }

    /// <summary>Pushes an unsigned 64-bit constant, in the short ldc.i4 forms when it fits (zero-extended).</summary>
    private void EmitLdcU8(ulong value)
    {
        if (value <= int.MaxValue)
        {
            EmitLdcI4((int)value);
            _il.Emit(OpCodes.Conv_U8);
        }
        else
        {
            _il.Emit(OpCodes.Ldc_I8, (long)value);
        }
    }

    private void EmitMemoryObject(int memory)
    {
        EmitLoadContext();
        if (memory == 0)
        {
            EmitField(OpCodes.Ldfld, RuntimeMembers.ContextMemory);
            return;
        }
        EmitField(OpCodes.Ldfld, RuntimeMembers.ContextMemories);
        EmitLdcI4(memory);
        _il.Emit(OpCodes.Ldelem_Ref);
    }

    private void EmitMemoryLength(int memory)
    {
        if (memory == 0 && _memoryLength is not null)
        {
            _usesMemory0 = true;
            _il.Emit(OpCodes.Ldloc, _memoryLength);
            return;
        }
        EmitMemoryObject(memory);
        EmitField(OpCodes.Ldfld, RuntimeMembers.MemoryByteLength);
    }

    private void EmitMemoryBase(int memory)
    {
        if (memory == 0 && _memoryBase is not null)
        {
            _usesMemory0 = true;
            _il.Emit(OpCodes.Ldloc, _memoryBase);
            return;
        }
        EmitMemoryObject(memory);
        EmitField(OpCodes.Ldfld, RuntimeMembers.MemoryBase);
    }

    private void EmitMemorySize(int memory)
    {
        EmitMemoryLength(memory);
        EmitLdcI4(_m.Memories[memory].PageSizeLog2 ?? 16);
        _il.Emit(OpCodes.Shr_Un);
        if (!Is64(memory)) _il.Emit(OpCodes.Conv_I4);
        _stack.Push(AddressType(memory));
    }

    private void EmitMemoryGrow(int memory)
    {
        var type = AddressType(memory);
        _stack.Materialize(1);
        var delta = RentScratch(ClrTypes.Of(type));
        _il.Emit(OpCodes.Stloc, delta);
        EmitMemoryObject(memory);
        _il.Emit(OpCodes.Ldloc, delta);
        EmitCall(Is64(memory) ? RuntimeMembers.MemoryGrow64 : RuntimeMembers.MemoryGrow32);
        FreeScratch(delta);
        if (memory == 0) EmitReloadMemoryLength();
        _stack.Pop();
        _stack.Push(type);
    }

    private bool TryEmitBulkMemory(in Instruction ins)
    {
        switch (ins.Opcode)
        {
            case Opcode.MemoryInit:
            {
                // [d, s, n] -> MemoryInit(ctx, memory, segment, d, s, n)
                int memory = (int)ins.Index2, segment = (int)ins.Index;
                EmitCallWithPrefix(3, [AddressType(memory), I32, I32], () =>
                {
                    EmitLoadContext();
                    EmitMemoryObject(memory);
                    EmitLdcI4(segment);
                }, nameof(Runtime.BulkOperations.MemoryInit));
                return true;
            }
            case Opcode.DataDrop:
                EmitLoadContext();
                EmitLdcI4((int)ins.Index);
                EmitCall(RuntimeMembers.Bulk(nameof(Runtime.BulkOperations.DataDrop)));
                return true;
            case Opcode.MemoryCopy:
            {
                int destination = (int)ins.Index, source = (int)ins.Index2;
                var n = Is64(destination) && Is64(source) ? I64 : I32;
                EmitCallWithPrefix(3, [AddressType(destination), AddressType(source), n], () =>
                {
                    EmitMemoryObject(destination);
                    EmitMemoryObject(source);
                }, nameof(Runtime.BulkOperations.MemoryCopy));
                return true;
            }
            case Opcode.MemoryFill:
            {
                int memory = (int)ins.Index;
                EmitCallWithPrefix(3, [AddressType(memory), I32, AddressType(memory)], () => EmitMemoryObject(memory),
                    nameof(Runtime.BulkOperations.MemoryFill));
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>
    /// Calls a BulkOperations helper whose leading arguments (pushed by <paramref name="prefix"/>) come
    /// before <paramref name="arity"/> wasm operands. The operands are parked in scratch locals so the
    /// prefix can go below them; i32 addresses and counts are zero-extended to the helper's u64.
    /// </summary>
    private void EmitCallWithPrefix(int arity, ValType[] operandTypes, Action prefix, string helper)
    {
        _stack.Materialize(arity);
        var temps = new LocalBuilder[arity];
        for (int i = arity - 1; i >= 0; i--)
        {
            temps[i] = RentScratch(ClrTypes.Of(_stack.Peek(arity - 1 - i)));
            _il.Emit(OpCodes.Stloc, temps[i]);
        }
        prefix();
        var method = RuntimeMembers.Bulk(helper);
        var parameters = method.GetParameters();
        int first = parameters.Length - arity;
        for (int i = 0; i < arity; i++)
        {
            _il.Emit(OpCodes.Ldloc, temps[i]);
            var want = parameters[first + i].ParameterType;
            if (want == typeof(ulong) && operandTypes[i].Kind == ValTypeKind.I32) _il.Emit(OpCodes.Conv_U8);
            FreeScratch(temps[i]);
        }
        EmitCall(method);
        _stack.Pop(arity);
    }
}
