using System.Reflection;
using System.Reflection.Emit;
using Sharptime.Model;

namespace Sharptime.Compilation;

// Calls. A call to a function of the same module is a direct IL call to its method (RyuJIT can
// inline it); imports and call_indirect go through a Function object: calli on its code pointer
// with its context, after copying the stack limit into that context (it may be another instance's).
internal sealed partial class FunctionCompiler
{
    /// <summary>How a call ends: a normal call, an IL tail call, or (inside a try region, where IL
    /// forbids tail calls and a wasm tail call must leave the handler's scope first) a jump out of
    /// the regions to a trampoline after the function's code that makes the tail call.</summary>
    private enum CallMode : byte
    {
        Normal,
        Tail,
        TailOutsideTry,
    }

    /// <summary>A tail call deferred to a trampoline outside the try regions (see <see cref="CallMode"/>).</summary>
    private sealed record DeferredTailCall(Label Label, LocalBuilder[] Arguments, int Function, LocalBuilder? Callee, FuncType Type);

    private readonly List<DeferredTailCall> _deferredTailCalls = [];

    private CallMode ReturnCallMode => _tryDepth == 0 ? CallMode.Tail : CallMode.TailOutsideTry;

    private bool TryEmitCall(in Instruction ins)
    {
        _makesCalls |= ins.Opcode is Opcode.Call or Opcode.CallIndirect or Opcode.CallRef
            or Opcode.ReturnCall or Opcode.ReturnCallIndirect or Opcode.ReturnCallRef;
        switch (ins.Opcode)
        {
            case Opcode.Call:
                EmitDirectCall((int)ins.Index, CallMode.Normal);
                return true;
            case Opcode.CallIndirect:
                EmitCallIndirect((int)ins.Index, (int)ins.Index2, CallMode.Normal);
                return true;
            case Opcode.CallRef:
                EmitCallRef((int)ins.Index, CallMode.Normal);
                return true;
            case Opcode.ReturnCall:
                EmitDirectCall((int)ins.Index, ReturnCallMode);
                return true;
            case Opcode.ReturnCallIndirect:
                EmitCallIndirect((int)ins.Index, (int)ins.Index2, ReturnCallMode);
                return true;
            case Opcode.ReturnCallRef:
                EmitCallRef((int)ins.Index, ReturnCallMode);
                return true;
            default:
                return false;
        }
    }

    private void EmitDirectCall(int function, CallMode mode)
    {
        var type = _m.FunctionType(function);
        MaterializeArguments(type.Parameters.Length, mode);
        if (function >= _m.ImportedFunctionCount)
        {
            EmitCallSequence(function, null, type, mode);
            return;
        }
        // An import: its Function object holds the code and the context to call it with.
        var callee = CalleeLocal(mode);
        EmitLoadContext();
        EmitField(OpCodes.Ldfld, RuntimeMembers.ContextFunctions);
        EmitLdcI4(function);
        _il.Emit(OpCodes.Ldelem_Ref);
        _il.Emit(OpCodes.Stloc, callee);
        EmitCallSequence(-1, callee, type, mode);
        if (mode != CallMode.TailOutsideTry) FreeScratch(callee);
    }

    /// <summary>A local for the callee Function: a scratch one, or its own when a trampoline reads it later.</summary>
    private LocalBuilder CalleeLocal(CallMode mode) =>
        mode == CallMode.TailOutsideTry ? _il.DeclareLocal(typeof(Function)) : RentScratch(typeof(Function));

    /// <summary>
    /// Puts the arguments on the IL stack. A tail call must leave nothing else there (ECMA-335's rule
    /// for the tail. prefix), so values below the arguments are stored into their slots first.
    /// </summary>
    private void MaterializeArguments(int count, CallMode mode)
    {
        if (mode == CallMode.Tail && _stack.SpilledCount < _stack.Count - count) _stack.Flush();
        _stack.Materialize(count);
    }

    /// <summary>call_ref / return_call_ref: the function reference on top of the arguments; null traps.</summary>
    private void EmitCallRef(int typeIndex, CallMode mode)
    {
        var type = _m.Module.GetFuncType(typeIndex);
        MaterializeArguments(type.Parameters.Length + 1, mode);
        var callee = CalleeLocal(mode);
        _il.Emit(OpCodes.Stloc, callee);
        _stack.Pop();
        var notNull = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, callee);
        _il.Emit(OpCodes.Brtrue, notNull);
        EmitThrow(nameof(Runtime.Traps.NullFunctionReference));
        _il.MarkLabel(notNull);
        EmitCallSequence(-1, callee, type, mode);
        if (mode != CallMode.TailOutsideTry) FreeScratch(callee);
    }

    private void EmitCallIndirect(int typeIndex, int table, CallMode mode)
    {
        var type = _m.Module.GetFuncType(typeIndex);
        MaterializeArguments(type.Parameters.Length + 1, mode);
        var index = RentScratch(TableIndexClrType(table));
        var elements = RentScratch(typeof(object[]));
        var callee = CalleeLocal(mode);
        _il.Emit(OpCodes.Stloc, index);
        _stack.Pop();

        EmitTableObject(table);
        EmitField(OpCodes.Ldfld, RuntimeMembers.TableElements);
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
        EmitField(OpCodes.Ldfld, RuntimeMembers.FunctionTypeId);
        _m.EmitCanonicalTypeId(_il, typeIndex);
        _il.Emit(OpCodes.Beq, typeOk);
        // Not the same type: it may still be a declared subtype (GC proposal); the slow check decides.
        _il.Emit(OpCodes.Ldloc, callee);
        _m.EmitCanonicalTypeId(_il, typeIndex);
        EmitCall(RuntimeMembers.Method<Function>(nameof(Function.HasSupertype)));
        _il.Emit(OpCodes.Brtrue, typeOk);
        EmitThrow(nameof(Runtime.Traps.IndirectCallTypeMismatch));
        _il.MarkLabel(typeOk);
        FreeScratch(index);
        FreeScratch(elements);

        EmitCallSequence(-1, callee, type, mode);
        if (mode != CallMode.TailOutsideTry) FreeScratch(callee);
    }

    /// <summary>
    /// With the arguments on the IL stack, calls a defined function (<paramref name="function"/>) or a
    /// Function object (<paramref name="callee"/>) and updates the model.
    /// </summary>
    private void EmitCallSequence(int function, LocalBuilder? callee, FuncType type, CallMode mode)
    {
        if (mode == CallMode.TailOutsideTry)
        {
            var arguments = new LocalBuilder[type.Parameters.Length];
            for (int i = arguments.Length - 1; i >= 0; i--)
            {
                arguments[i] = _il.DeclareLocal(ClrTypes.Of(type.Parameters[i]));
                _il.Emit(OpCodes.Stloc, arguments[i]);
            }
            var trampoline = _il.DefineLabel();
            _il.Emit(OpCodes.Leave, trampoline);
            _deferredTailCalls.Add(new DeferredTailCall(trampoline, arguments, function, callee, type));
            _stack.Pop(type.Parameters.Length);
            _unreachable = true;
            return;
        }
        var outs = EmitInvoke(function, callee, type, mode == CallMode.Tail);
        if (mode == CallMode.Tail)
        {
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

    /// <summary>
    /// The call itself, arguments already on the IL stack: the context, the out arguments, and call or
    /// calli (for a Function object, after copying the stack limit into its context, which may be
    /// another instance's). A tail call is followed by ret. Returns the locals receiving results 2..n.
    /// </summary>
    private LocalBuilder[] EmitInvoke(int function, LocalBuilder? callee, FuncType type, bool tail)
    {
        LocalBuilder[] outs;
        if (callee is null)
        {
            EmitLoadContext();
            outs = EmitOutArguments(type, tail);
            if (tail) _il.Emit(OpCodes.Tailcall);
            // By cached token (see EmitCall): the method's signature would be looked up at every call site.
            var target = _m.MethodOf(function - _m.ImportedFunctionCount);
            if (_m.Tokens is { } tokens) _il.Emit(OpCodes.Call, tokens.Method(target));
            else _il.Emit(OpCodes.Call, target);
        }
        else
        {
            _il.Emit(OpCodes.Ldloc, callee);
            EmitField(OpCodes.Ldfld, RuntimeMembers.FunctionContext);
            _il.Emit(OpCodes.Dup);
            EmitLoadContext();
            EmitField(OpCodes.Ldfld, RuntimeMembers.ContextStackLimit);
            EmitField(OpCodes.Stfld, RuntimeMembers.ContextStackLimit);
            outs = EmitOutArguments(type, tail);
            _il.Emit(OpCodes.Ldloc, callee);
            EmitField(OpCodes.Ldfld, RuntimeMembers.FunctionCode);
            if (tail) _il.Emit(OpCodes.Tailcall);
            // The signature token is cached: calli's stack effect is left untracked, which only over-estimates maxstack.
            if (_m.Tokens is { } tokens) _il.Emit(OpCodes.Calli, tokens.Signature(ClrTypes.ReturnType(type), ClrTypes.ParameterTypes(type)));
            else _il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, ClrTypes.ReturnType(type), ClrTypes.ParameterTypes(type), null);
        }
        if (tail) _il.Emit(OpCodes.Ret);
        return outs;
    }

    /// <summary>After the function's code: the trampolines of tail calls made inside try regions.</summary>
    private void EmitDeferredTailCalls()
    {
        foreach (var call in _deferredTailCalls)
        {
            _il.MarkLabel(call.Label);
            foreach (var argument in call.Arguments) _il.Emit(OpCodes.Ldloc, argument);
            EmitInvoke(call.Function, call.Callee, call.Type, tail: true);
        }
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
}
