using System.Reflection;
using System.Reflection.Emit;
using Sharptime.Model;

namespace Sharptime.Compilation;

// Locals (IL arguments and locals) and globals (typed fields of Global objects).
internal sealed partial class FunctionCompiler
{
    private bool TryEmitVariable(in Instruction ins)
    {
        int index = (int)ins.Index;
        switch (ins.Opcode)
        {
            case Opcode.LocalGet:
                EmitLoadLocal(index);
                _stack.Push(_localTypes[index]);
                return true;
            case Opcode.LocalSet:
                _stack.Materialize(1);
                EmitStoreLocal(index);
                _stack.Pop();
                return true;
            case Opcode.LocalTee:
                _stack.Materialize(1);
                _il.Emit(OpCodes.Dup);
                EmitStoreLocal(index);
                return true;
            case Opcode.GlobalGet:
                EmitLoadGlobalObject(index);
                EmitField(OpCodes.Ldfld, GlobalField(_m.Globals[index].Type));
                _stack.Push(_m.Globals[index].Type);
                return true;
            case Opcode.GlobalSet:
            {
                var type = _m.Globals[index].Type;
                _stack.Materialize(1);
                var value = RentScratch(ClrTypes.Of(type));
                _il.Emit(OpCodes.Stloc, value);
                EmitLoadGlobalObject(index);
                _il.Emit(OpCodes.Ldloc, value);
                EmitField(OpCodes.Stfld, GlobalField(type));
                FreeScratch(value);
                _stack.Pop();
                return true;
            }
            default:
                return false;
        }
    }

    private void EmitLoadLocal(int index)
    {
        if (_locals[index] is { } local) _il.Emit(OpCodes.Ldloc, local);
        else EmitLdarg(index);
    }

    private void EmitStoreLocal(int index)
    {
        if (_locals[index] is { } local) _il.Emit(OpCodes.Stloc, local);
        else EmitStarg(index);
    }

    private void EmitLoadGlobalObject(int index)
    {
        EmitLoadContext();
        EmitField(OpCodes.Ldfld, RuntimeMembers.ContextGlobals);
        EmitLdcI4(index);
        _il.Emit(OpCodes.Ldelem_Ref);
    }

    private static FieldInfo GlobalField(ValType type) => type.Kind switch
    {
        ValTypeKind.I32 => RuntimeMembers.GlobalI32,
        ValTypeKind.I64 => RuntimeMembers.GlobalI64,
        ValTypeKind.F32 => RuntimeMembers.GlobalF32,
        ValTypeKind.F64 => RuntimeMembers.GlobalF64,
        ValTypeKind.V128 => RuntimeMembers.GlobalV128,
        _ => RuntimeMembers.GlobalRef,
    };
}
