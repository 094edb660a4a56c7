using System.Reflection;
using System.Reflection.Emit;
using Sharptime.Model;
using Sharptime.Runtime.Gc;

namespace Sharptime.Compilation;

// The GC proposal: structs (numeric fields as bits in a long[], references in an object[]), arrays
// (ArrayObject<T> over a typed .NET array), i31 and casts, through GcOps helpers. Types reach the
// helpers as GcType objects from the instance context, by type index.
internal sealed partial class FunctionCompiler
{
    private bool TryEmitGc(in Instruction ins)
    {
        int type = (int)ins.Index;
        switch (ins.Opcode)
        {
            case Opcode.StructNew: EmitStructNew(type); return true;
            case Opcode.StructNewDefault:
                EmitGcType(type);
                EmitCall(GcMethod(nameof(GcOps.NewStruct)));
                _stack.Push(ValType.Ref(HeapType.FromTypeIndex(type), nullable: false));
                return true;
            case Opcode.StructGet or Opcode.StructGetS or Opcode.StructGetU:
                EmitStructGet(type, (int)ins.Index2, ins.Opcode);
                return true;
            case Opcode.StructSet: EmitStructSet(type, (int)ins.Index2); return true;
            case Opcode.ArrayNew: EmitArrayNew(type); return true;
            case Opcode.ArrayNewDefault:
                EmitWithLeadingArguments(1, () => EmitGcType(type), ArrayMethod(nameof(GcOps.ArrayNewDefault), type));
                _stack.Push(ValType.Ref(HeapType.FromTypeIndex(type), nullable: false));
                return true;
            case Opcode.ArrayNewFixed: EmitArrayNewFixed(type, (int)ins.Index2); return true;
            case Opcode.ArrayNewData:
            {
                int segment = (int)ins.Index2;
                EmitWithLeadingArguments(2, () => { EmitLoadContext(); EmitGcType(type); EmitLdcI4(segment); }, ArrayMethod(nameof(GcOps.ArrayNewData), type));
                _stack.Push(ValType.Ref(HeapType.FromTypeIndex(type), nullable: false));
                return true;
            }
            case Opcode.ArrayNewElem:
            {
                int segment = (int)ins.Index2;
                EmitWithLeadingArguments(2, () => { EmitLoadContext(); EmitGcType(type); EmitLdcI4(segment); }, GcMethod(nameof(GcOps.ArrayNewElem)));
                _stack.Push(ValType.Ref(HeapType.FromTypeIndex(type), nullable: false));
                return true;
            }
            case Opcode.ArrayGet or Opcode.ArrayGetS or Opcode.ArrayGetU: EmitArrayGet(type, ins.Opcode); return true;
            case Opcode.ArraySet:
            {
                var storage = ArrayElement(type);
                _stack.Materialize(3);
                EmitNarrowPacked(storage);
                EmitCall(ArrayMethod(nameof(GcOps.ArraySet), type));
                _stack.Pop(3);
                return true;
            }
            case Opcode.ArrayLen:
                _stack.Materialize(1);
                EmitCall(GcMethod(nameof(GcOps.ArrayLen)));
                _stack.Pop();
                _stack.Push(I32);
                return true;
            case Opcode.ArrayFill:
            {
                var storage = ArrayElement(type);
                _stack.Materialize(4);
                var count = RentScratch(typeof(int));
                _il.Emit(OpCodes.Stloc, count);
                EmitNarrowPacked(storage);
                _il.Emit(OpCodes.Ldloc, count);
                FreeScratch(count);
                EmitCall(ArrayMethod(nameof(GcOps.ArrayFill), type));
                _stack.Pop(4);
                return true;
            }
            case Opcode.ArrayCopy:
                _stack.Materialize(5);
                EmitCall(ArrayMethod(nameof(GcOps.ArrayCopy), type));
                _stack.Pop(5);
                return true;
            case Opcode.ArrayInitData:
            {
                int segment = (int)ins.Index2;
                EmitWithLeadingArguments(4, () => { EmitLoadContext(); EmitLdcI4(segment); }, ArrayMethod(nameof(GcOps.ArrayInitData), type));
                return true;
            }
            case Opcode.ArrayInitElem:
            {
                int segment = (int)ins.Index2;
                EmitWithLeadingArguments(4, () => { EmitLoadContext(); EmitLdcI4(segment); }, GcMethod(nameof(GcOps.ArrayInitElem)));
                return true;
            }
            case Opcode.RefI31:
                _stack.Materialize(1);
                EmitCall(GcMethod(nameof(GcOps.RefI31)));
                _stack.Pop();
                _stack.Push(ValType.Ref(HeapType.I31, nullable: false));
                return true;
            case Opcode.I31GetS or Opcode.I31GetU:
                _stack.Materialize(1);
                EmitCall(GcMethod(ins.Opcode == Opcode.I31GetS ? nameof(GcOps.I31GetS) : nameof(GcOps.I31GetU)));
                _stack.Pop();
                _stack.Push(I32);
                return true;
            case Opcode.RefTest or Opcode.RefTestNull:
                _stack.Materialize(1);
                EmitHeapTypeArguments(ins.HeapType, ins.Opcode == Opcode.RefTestNull);
                EmitCall(GcMethod(nameof(GcOps.Test)));
                _stack.Pop();
                _stack.Push(I32);
                return true;
            case Opcode.RefCast or Opcode.RefCastNull:
                _stack.Materialize(1);
                EmitHeapTypeArguments(ins.HeapType, ins.Opcode == Opcode.RefCastNull);
                EmitCall(GcMethod(nameof(GcOps.Cast)));
                _stack.Pop();
                _stack.Push(ValType.Ref(ins.HeapType, ins.Opcode == Opcode.RefCastNull));
                return true;
            case Opcode.BrOnCast or Opcode.BrOnCastFail:
                EmitBrOnCast(Frame(ins.Index), ins.HeapType2, (ins.Flags & 2) != 0, ins.Opcode == Opcode.BrOnCastFail);
                return true;
            case Opcode.AnyConvertExtern or Opcode.ExternConvertAny:
            {
                // The same object either way: host objects stay themselves in anyref, GC objects in externref.
                // Both are object references, so a spilled value's slot is the same local under the new type.
                bool spilled = _stack.SpilledCount == _stack.Count;
                var from = _stack.Pop();
                if (spilled) _stack.PushSpilled([ValType.Ref(ins.Opcode == Opcode.AnyConvertExtern ? HeapType.Any : HeapType.Extern, from.Nullable)]);
                else _stack.Push(ValType.Ref(ins.Opcode == Opcode.AnyConvertExtern ? HeapType.Any : HeapType.Extern, from.Nullable));
                return true;
            }
            default:
                return false;
        }
    }

    private static MethodInfo GcMethod(string name) => RuntimeMembers.Method(typeof(GcOps), name);

    /// <summary>A generic array helper instantiated for type index <paramref name="type"/>'s element storage.</summary>
    private MethodInfo ArrayMethod(string name, int type) =>
        RuntimeMembers.Generic(GcMethod(name), GcStorage.ElementType(ArrayElement(type)));

    private StorageType ArrayElement(int type) => ((ArrayType)_m.Module.Types[type].Composite).Element.Storage;

    private void EmitGcType(int type)
    {
        EmitLoadContext();
        EmitField(OpCodes.Ldfld, RuntimeMembers.ContextGcTypes);
        EmitLdcI4(type);
        _il.Emit(OpCodes.Ldelem_Ref);
    }

    /// <summary>Packed values arrive as i32; the helpers take byte or ushort.</summary>
    private void EmitNarrowPacked(StorageType storage)
    {
        if (storage.Packed == PackedType.I8) _il.Emit(OpCodes.Conv_U1);
        else if (storage.Packed == PackedType.I16) _il.Emit(OpCodes.Conv_U2);
    }

    /// <summary>Pops <paramref name="arity"/> operands into scratch locals, emits the leading arguments, reloads them, calls.</summary>
    private void EmitWithLeadingArguments(int arity, Action leading, MethodInfo method)
    {
        _stack.Materialize(arity);
        var temps = new LocalBuilder[arity];
        for (int i = arity - 1; i >= 0; i--)
        {
            temps[i] = RentScratch(ClrTypes.Of(_stack.Peek(arity - 1 - i)));
            _il.Emit(OpCodes.Stloc, temps[i]);
        }
        leading();
        foreach (var t in temps)
        {
            _il.Emit(OpCodes.Ldloc, t);
            FreeScratch(t);
        }
        EmitCall(method);
        _stack.Pop(arity);
    }

    private void EmitStructNew(int type)
    {
        var fields = ((StructType)_m.Module.Types[type].Composite).Fields;
        _stack.Materialize(fields.Length);
        var values = new LocalBuilder[fields.Length];
        for (int i = fields.Length - 1; i >= 0; i--)
        {
            values[i] = RentScratch(ClrTypes.Of(_stack.Peek(fields.Length - 1 - i)));
            _il.Emit(OpCodes.Stloc, values[i]);
        }
        var created = RentScratch(typeof(StructObject));
        EmitGcType(type);
        EmitCall(GcMethod(nameof(GcOps.NewStruct)));
        _il.Emit(OpCodes.Stloc, created);
        var slots = StructSlots(type);
        for (int i = 0; i < fields.Length; i++)
        {
            _il.Emit(OpCodes.Ldloc, created);
            EmitLdcI4(slots[i]);
            _il.Emit(OpCodes.Ldloc, values[i]);
            EmitFieldStore(fields[i].Storage);
            FreeScratch(values[i]);
        }
        _il.Emit(OpCodes.Ldloc, created);
        FreeScratch(created);
        _stack.Pop(fields.Length);
        _stack.Push(ValType.Ref(HeapType.FromTypeIndex(type), nullable: false));
    }

    private int[] StructSlots(int type) => GcType.Layout((StructType)_m.Module.Types[type].Composite, out _, out _);

    private void EmitStructGet(int type, int field, Opcode op)
    {
        var storage = ((StructType)_m.Module.Types[type].Composite).Fields[field].Storage;
        _stack.Materialize(1);
        EmitLdcI4(StructSlots(type)[field]);
        if (!storage.IsPacked && storage.Type.IsRef)
        {
            EmitCall(GcMethod(nameof(GcOps.StructGetRef)));
        }
        else if (GcStorage.IsV128(storage))
        {
            EmitCall(GcMethod(nameof(GcOps.StructGetV128)));
        }
        else
        {
            EmitCall(GcMethod(nameof(GcOps.StructGetBits)));
            switch (storage.Packed)
            {
                case PackedType.I8:
                    _il.Emit(OpCodes.Conv_I4);
                    _il.Emit(op == Opcode.StructGetS ? OpCodes.Conv_I1 : OpCodes.Conv_U1);
                    break;
                case PackedType.I16:
                    _il.Emit(OpCodes.Conv_I4);
                    _il.Emit(op == Opcode.StructGetS ? OpCodes.Conv_I2 : OpCodes.Conv_U2);
                    break;
                default:
                    switch (storage.Type.Kind)
                    {
                        case ValTypeKind.I32: _il.Emit(OpCodes.Conv_I4); break;
                        case ValTypeKind.F32:
                            _il.Emit(OpCodes.Conv_I4);
                            EmitCall(RuntimeMembers.Method(typeof(BitConverter), nameof(BitConverter.Int32BitsToSingle), typeof(int)));
                            break;
                        case ValTypeKind.F64:
                            EmitCall(RuntimeMembers.Method(typeof(BitConverter), nameof(BitConverter.Int64BitsToDouble), typeof(long)));
                            break;
                    }
                    break;
            }
        }
        _stack.Pop();
        _stack.Push(storage.Unpacked);
    }

    private void EmitStructSet(int type, int field)
    {
        var storage = ((StructType)_m.Module.Types[type].Composite).Fields[field].Storage;
        _stack.Materialize(2);
        var value = RentScratch(ClrTypes.Of(_stack.Peek()));
        _il.Emit(OpCodes.Stloc, value);
        EmitLdcI4(StructSlots(type)[field]);
        _il.Emit(OpCodes.Ldloc, value);
        FreeScratch(value);
        EmitFieldStore(storage);
        _stack.Pop(2);
    }

    /// <summary>With (struct, slot, value) on the IL stack: the value converted to its storage, and the store.</summary>
    private void EmitFieldStore(StorageType storage)
    {
        if (!storage.IsPacked && storage.Type.IsRef)
        {
            EmitCall(GcMethod(nameof(GcOps.StructSetRef)));
            return;
        }
        if (GcStorage.IsV128(storage))
        {
            EmitCall(GcMethod(nameof(GcOps.StructSetV128)));
            return;
        }
        if (storage.IsPacked || storage.Type.Kind == ValTypeKind.I32) _il.Emit(OpCodes.Conv_I8);
        else if (storage.Type.Kind == ValTypeKind.F32)
        {
            EmitCall(RuntimeMembers.Method(typeof(BitConverter), nameof(BitConverter.SingleToInt32Bits), typeof(float)));
            _il.Emit(OpCodes.Conv_I8);
        }
        else if (storage.Type.Kind == ValTypeKind.F64)
        {
            EmitCall(RuntimeMembers.Method(typeof(BitConverter), nameof(BitConverter.DoubleToInt64Bits), typeof(double)));
        }
        EmitCall(GcMethod(nameof(GcOps.StructSetBits)));
    }

    private void EmitArrayNew(int type)
    {
        var storage = ArrayElement(type);
        _stack.Materialize(2);
        var length = RentScratch(typeof(int));
        var value = RentScratch(ClrTypes.Of(_stack.Peek(1)));
        _il.Emit(OpCodes.Stloc, length);
        _il.Emit(OpCodes.Stloc, value);
        EmitGcType(type);
        _il.Emit(OpCodes.Ldloc, value);
        EmitNarrowPacked(storage);
        _il.Emit(OpCodes.Ldloc, length);
        FreeScratch(length);
        FreeScratch(value);
        EmitCall(ArrayMethod(nameof(GcOps.ArrayNew), type));
        _stack.Pop(2);
        _stack.Push(ValType.Ref(HeapType.FromTypeIndex(type), nullable: false));
    }

    private void EmitArrayNewFixed(int type, int count)
    {
        var storage = ArrayElement(type);
        var element = GcStorage.ElementType(storage);
        _stack.Materialize(count);
        var values = new LocalBuilder[count];
        for (int i = count - 1; i >= 0; i--)
        {
            values[i] = RentScratch(ClrTypes.Of(_stack.Peek(count - 1 - i)));
            _il.Emit(OpCodes.Stloc, values[i]);
        }
        var array = RentScratch(element.MakeArrayType());
        EmitLdcI4(count);
        EmitType(OpCodes.Newarr, element);
        _il.Emit(OpCodes.Stloc, array);
        for (int i = 0; i < count; i++)
        {
            _il.Emit(OpCodes.Ldloc, array);
            EmitLdcI4(i);
            _il.Emit(OpCodes.Ldloc, values[i]);
            EmitNarrowPacked(storage);
            EmitType(OpCodes.Stelem, element);
            FreeScratch(values[i]);
        }
        EmitGcType(type);
        _il.Emit(OpCodes.Ldloc, array);
        FreeScratch(array);
        EmitCall(ArrayMethod(nameof(GcOps.ArrayNewFixed), type));
        _stack.Pop(count);
        _stack.Push(ValType.Ref(HeapType.FromTypeIndex(type), nullable: false));
    }

    private void EmitArrayGet(int type, Opcode op)
    {
        var storage = ArrayElement(type);
        _stack.Materialize(2);
        EmitCall(ArrayMethod(nameof(GcOps.ArrayGet), type));
        // byte and ushort come back zero-extended; get_s sign-extends.
        if (op == Opcode.ArrayGetS) _il.Emit(storage.Packed == PackedType.I8 ? OpCodes.Conv_I1 : OpCodes.Conv_I2);
        _stack.Pop(2);
        _stack.Push(storage.Unpacked);
    }

    /// <summary>The (heap kind, type id, nullable) arguments of GcOps.Test and Cast.</summary>
    private void EmitHeapTypeArguments(HeapType heap, bool nullable)
    {
        if (heap.IsAbstract)
        {
            EmitLdcI4((int)heap.Abstract);
            EmitLdcI4(0);
        }
        else
        {
            EmitLdcI4(0);
            _m.EmitCanonicalTypeId(_il, heap.TypeIndex);
        }
        EmitLdcI4(nullable ? 1 : 0);
    }

    /// <summary>br_on_cast (branch when the cast succeeds) and br_on_cast_fail (when it fails), the reference staying on top.</summary>
    private void EmitBrOnCast(ControlFrame target, HeapType heap, bool nullable, bool onFailure)
    {
        _stack.Flush();
        var stays = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, _stack.Slot(_stack.Count - 1));
        EmitHeapTypeArguments(heap, nullable);
        EmitCall(GcMethod(nameof(GcOps.Test)));
        _il.Emit(onFailure ? OpCodes.Brtrue : OpCodes.Brfalse, stays);
        int arity = target.BranchTypes.Length;
        _stack.EmitSlotCopies(arity, _stack.Count - arity, target.Height);
        EmitJump(target);
        _il.MarkLabel(stays);
    }
}
