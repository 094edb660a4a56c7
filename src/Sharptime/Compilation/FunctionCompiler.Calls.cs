using System.Reflection;
using System.Reflection.Emit;
using Sharptime.Model;

namespace Sharptime.Compilation;

// Calls. A call to a function of the same module is a direct IL call to its method (RyuJIT can
// inline it); imports and call_indirect go through a Function object: calli on its code pointer
// with its context, after copying the stack limit into that context (it may be another instance's).
internal sealed partial class FunctionCompiler
{
    private bool TryEmitCall(in Instruction ins)
    {
        switch (ins.Opcode)
        {
            case Opcode.Call:
                EmitDirectCall((int)ins.Index);
                return true;
            case Opcode.CallIndirect:
                EmitCallIndirect((int)ins.Index, (int)ins.Index2);
                return true;
            default:
                return false;
        }
    }

    private void EmitDirectCall(int function)
    {
        var type = _m.FunctionType(function);
        _stack.Materialize(type.Parameters.Length);
        if (function >= _m.ImportedFunctionCount)
        {
            EmitLoadContext();
            var outs = EmitOutArguments(type);
            _il.Emit(OpCodes.Call, _m.Methods[function - _m.ImportedFunctionCount]);
            FinishCall(type, outs);
            return;
        }
        // An import: its Function object holds the code and the context to call it with.
        var callee = RentScratch(typeof(Function));
        EmitLoadContext();
        _il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextFunctions);
        EmitLdcI4(function);
        _il.Emit(OpCodes.Ldelem_Ref);
        _il.Emit(OpCodes.Stloc, callee);
        EmitCallThroughFunctionObject(callee, type);
        FreeScratch(callee);
    }

    private void EmitCallIndirect(int typeIndex, int table)
    {
        var type = _m.Module.GetFuncType(typeIndex);
        _stack.Materialize(type.Parameters.Length + 1);
        var index = RentScratch(TableIndexClrType(table));
        var elements = RentScratch(typeof(object[]));
        var callee = RentScratch(typeof(Function));
        _il.Emit(OpCodes.Stloc, index);
        _stack.Pop();

        EmitTableObject(table);
        _il.Emit(OpCodes.Ldfld, RuntimeMembers.TableElements);
        _il.Emit(OpCodes.Stloc, elements);
        var inBounds = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, index);
        if (!IsTable64(table)) _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Ldloc, elements);
        _il.Emit(OpCodes.Ldlen);
        _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Blt_Un, inBounds);
        EmitThrow(nameof(Runtime.Traps.UndefinedElement));
        _il.MarkLabel(inBounds);

        _il.Emit(OpCodes.Ldloc, elements);
        _il.Emit(OpCodes.Ldloc, index);
        if (IsTable64(table)) _il.Emit(OpCodes.Conv_U);
        // The table holds only Function objects (validation ties call_indirect to funcref tables),
        // so the element is used as a Function without a cast.
        _il.Emit(OpCodes.Ldelem_Ref);
        _il.Emit(OpCodes.Stloc, callee);
        var notNull = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, callee);
        _il.Emit(OpCodes.Brtrue, notNull);
        EmitThrow(nameof(Runtime.Traps.UninitializedElement));
        _il.MarkLabel(notNull);
        var typeOk = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, callee);
        _il.Emit(OpCodes.Ldfld, RuntimeMembers.FunctionTypeId);
        _m.EmitCanonicalTypeId(_il, typeIndex);
        _il.Emit(OpCodes.Beq, typeOk);
        EmitThrow(nameof(Runtime.Traps.IndirectCallTypeMismatch));
        _il.MarkLabel(typeOk);
        FreeScratch(index);
        FreeScratch(elements);

        EmitCallThroughFunctionObject(callee, type);
        FreeScratch(callee);
    }

    /// <summary>The arguments are on the IL stack; adds the callee's context, its code pointer, and calli.</summary>
    private void EmitCallThroughFunctionObject(LocalBuilder callee, FuncType type)
    {
        _il.Emit(OpCodes.Ldloc, callee);
        _il.Emit(OpCodes.Ldfld, RuntimeMembers.FunctionContext);
        _il.Emit(OpCodes.Dup);
        EmitLoadContext();
        _il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextStackLimit);
        _il.Emit(OpCodes.Stfld, RuntimeMembers.ContextStackLimit);
        var outs = EmitOutArguments(type);
        _il.Emit(OpCodes.Ldloc, callee);
        _il.Emit(OpCodes.Ldfld, RuntimeMembers.FunctionCode);
        _il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, ClrTypes.ReturnType(type), ClrTypes.ParameterTypes(type), null);
        FinishCall(type, outs);
    }

    /// <summary>Pushes the addresses of scratch locals receiving results 2..n.</summary>
    private LocalBuilder[] EmitOutArguments(FuncType type)
    {
        if (type.Results.Length <= 1) return [];
        var outs = new LocalBuilder[type.Results.Length - 1];
        for (int i = 0; i < outs.Length; i++)
        {
            outs[i] = RentScratch(ClrTypes.Of(type.Results[i + 1]));
            _il.Emit(OpCodes.Ldloca, outs[i]);
        }
        return outs;
    }

    /// <summary>After a call: the model loses the arguments and gains the results; memory 0 may have grown.</summary>
    private void FinishCall(FuncType type, LocalBuilder[] outs)
    {
        foreach (var o in outs)
        {
            _il.Emit(OpCodes.Ldloc, o);
            FreeScratch(o);
        }
        _stack.Pop(type.Parameters.Length);
        foreach (var r in type.Results) _stack.Push(r);
        EmitReloadMemoryLength();
    }
}
