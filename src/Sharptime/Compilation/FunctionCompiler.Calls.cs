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
                EmitDirectCall((int)ins.Index, tail: false);
                return true;
            case Opcode.CallIndirect:
                EmitCallIndirect((int)ins.Index, (int)ins.Index2, tail: false);
                return true;
            case Opcode.CallRef:
                EmitCallRef((int)ins.Index, tail: false);
                return true;
            case Opcode.ReturnCall:
                EmitDirectCall((int)ins.Index, tail: true);
                return true;
            case Opcode.ReturnCallIndirect:
                EmitCallIndirect((int)ins.Index, (int)ins.Index2, tail: true);
                return true;
            case Opcode.ReturnCallRef:
                EmitCallRef((int)ins.Index, tail: true);
                return true;
            default:
                return false;
        }
    }

    private void EmitDirectCall(int function, bool tail)
    {
        var type = _m.FunctionType(function);
        MaterializeArguments(type.Parameters.Length, tail);
        if (function >= _m.ImportedFunctionCount)
        {
            EmitLoadContext();
            var outs = EmitOutArguments(type, tail);
            if (tail) _il.Emit(OpCodes.Tailcall);
            _il.Emit(OpCodes.Call, _m.Methods[function - _m.ImportedFunctionCount]);
            FinishCall(type, outs, tail);
            return;
        }
        // An import: its Function object holds the code and the context to call it with.
        var callee = RentScratch(typeof(Function));
        EmitLoadContext();
        _il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextFunctions);
        EmitLdcI4(function);
        _il.Emit(OpCodes.Ldelem_Ref);
        _il.Emit(OpCodes.Stloc, callee);
        EmitCallThroughFunctionObject(callee, type, tail);
        FreeScratch(callee);
    }

    /// <summary>
    /// Puts the arguments on the IL stack. A tail call must leave nothing else there (ECMA-335's rule
    /// for the tail. prefix), so values below the arguments are stored into their slots first.
    /// </summary>
    private void MaterializeArguments(int count, bool tail)
    {
        if (tail && _stack.SpilledCount < _stack.Count - count) _stack.Flush();
        _stack.Materialize(count);
    }

    /// <summary>call_ref / return_call_ref: the function reference on top of the arguments; null traps.</summary>
    private void EmitCallRef(int typeIndex, bool tail)
    {
        var type = _m.Module.GetFuncType(typeIndex);
        MaterializeArguments(type.Parameters.Length + 1, tail);
        var callee = RentScratch(typeof(Function));
        _il.Emit(OpCodes.Stloc, callee);
        _stack.Pop();
        var notNull = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, callee);
        _il.Emit(OpCodes.Brtrue, notNull);
        EmitThrow(nameof(Runtime.Traps.NullFunctionReference));
        _il.MarkLabel(notNull);
        EmitCallThroughFunctionObject(callee, type, tail);
        FreeScratch(callee);
    }

    private void EmitCallIndirect(int typeIndex, int table, bool tail)
    {
        var type = _m.Module.GetFuncType(typeIndex);
        MaterializeArguments(type.Parameters.Length + 1, tail);
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
        // Not the same type: it may still be a declared subtype (GC proposal); the slow check decides.
        _il.Emit(OpCodes.Ldloc, callee);
        _m.EmitCanonicalTypeId(_il, typeIndex);
        _il.Emit(OpCodes.Call, RuntimeMembers.Method<Function>(nameof(Function.HasSupertype)));
        _il.Emit(OpCodes.Brtrue, typeOk);
        EmitThrow(nameof(Runtime.Traps.IndirectCallTypeMismatch));
        _il.MarkLabel(typeOk);
        FreeScratch(index);
        FreeScratch(elements);

        EmitCallThroughFunctionObject(callee, type, tail);
        FreeScratch(callee);
    }

    /// <summary>The arguments are on the IL stack; adds the callee's context, its code pointer, and calli.</summary>
    private void EmitCallThroughFunctionObject(LocalBuilder callee, FuncType type, bool tail)
    {
        _il.Emit(OpCodes.Ldloc, callee);
        _il.Emit(OpCodes.Ldfld, RuntimeMembers.FunctionContext);
        _il.Emit(OpCodes.Dup);
        EmitLoadContext();
        _il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextStackLimit);
        _il.Emit(OpCodes.Stfld, RuntimeMembers.ContextStackLimit);
        var outs = EmitOutArguments(type, tail);
        _il.Emit(OpCodes.Ldloc, callee);
        _il.Emit(OpCodes.Ldfld, RuntimeMembers.FunctionCode);
        if (tail) _il.Emit(OpCodes.Tailcall);
        _il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, ClrTypes.ReturnType(type), ClrTypes.ParameterTypes(type), null);
        FinishCall(type, outs, tail);
    }

    /// <summary>
    /// Pushes the addresses receiving results 2..n: scratch locals, or for a tail call this function's
    /// own out parameters (the callee's results are this function's results, and a tail call may not
    /// pass addresses of the frame it replaces).
    /// </summary>
    private LocalBuilder[] EmitOutArguments(FuncType type, bool tail)
    {
        if (type.Results.Length <= 1) return [];
        if (tail)
        {
            for (int i = 1; i < type.Results.Length; i++) EmitLdarg(_contextArg + i);
            return [];
        }
        var outs = new LocalBuilder[type.Results.Length - 1];
        for (int i = 0; i < outs.Length; i++)
        {
            outs[i] = RentScratch(ClrTypes.Of(type.Results[i + 1]));
            _il.Emit(OpCodes.Ldloca, outs[i]);
        }
        return outs;
    }

    /// <summary>After a call: the model loses the arguments and gains the results; memory 0 may have grown.</summary>
    private void FinishCall(FuncType type, LocalBuilder[] outs, bool tail)
    {
        if (tail)
        {
            // The callee's results are returned as they are: ret right after the tail call.
            _il.Emit(OpCodes.Ret);
            _stack.Pop(type.Parameters.Length);
            _unreachable = true;
            return;
        }
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
