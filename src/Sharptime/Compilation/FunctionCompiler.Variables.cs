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
            {
                EmitLoadLocal(index);
                var (source, offset) = _stack.ValueOf(index);
                _stack.PushLocal(_localTypes[index], source, offset);
                return true;
            }
            case Opcode.LocalSet:
            {
                int source = _stack.SourceLocal(), offset = _stack.SourceOffset();
                _stack.Materialize(1);
                EmitStoreLocal(index);
                _stack.Pop();
                _stack.LocalWritten(index, source, offset, top: false);
                _checked.Written(index);
                _writtenInRegion?.Add(index);
                return true;
            }
            case Opcode.LocalTee:
                _stack.Materialize(1);
                _il.Emit(OpCodes.Dup);
                EmitStoreLocal(index);
                _stack.LocalWritten(index, _stack.SourceLocal(), _stack.SourceOffset(), top: true);
                _checked.Written(index);
                _writtenInRegion?.Add(index);
                return true;
            case Opcode.GlobalGet:
                if (_m.Globals[index].Mutable)
                {
                    EmitLoadGlobalObject(index);
                    EmitField(OpCodes.Ldfld, GlobalField(_m.Globals[index].Type));
                }
                else
                {
                    _il.Emit(OpCodes.Ldloc, GlobalValueLocal(index));
                }
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

    /// <summary>
    /// Globals a function uses are looked up once, in its prologue: the Global object of a mutable
    /// one (its value may change behind any call), the value itself of an immutable one. A global's
    /// object never changes for an instance, so each access is then one field load or none.
    /// </summary>
    /// <remarks>
    /// Indexed by global, made on first use (arrays, not a SortedDictionary&lt;int, LocalBuilder&gt;,
    /// whose code is JIT-compiled at every start); the prologue loads them in index order.
    /// </remarks>
    private LocalBuilder?[]? _globalObjects;
    private LocalBuilder?[]? _globalValues;

    private void EmitLoadGlobalObject(int index)
    {
        _globalObjects ??= new LocalBuilder?[_m.Globals.Length];
        var local = _globalObjects[index] ??= _il.DeclareLocal(typeof(Global));
        _il.Emit(OpCodes.Ldloc, local);
    }

    private LocalBuilder GlobalValueLocal(int index)
    {
        _globalValues ??= new LocalBuilder?[_m.Globals.Length];
        return _globalValues[index] ??= _il.DeclareLocal(ClrTypes.Of(_m.Globals[index].Type));
    }

    /// <summary>Prologue: loads the globals the body turned out to use (see <see cref="_globalObjects"/>).</summary>
    private void EmitGlobalPrologue()
    {
        if (_globalObjects is not null)
        {
            for (int index = 0; index < _globalObjects.Length; index++)
            {
                if (_globalObjects[index] is not { } local) continue;
                EmitGlobalFromContext(index);
                _il.Emit(OpCodes.Stloc, local);
            }
        }
        if (_globalValues is not null)
        {
            for (int index = 0; index < _globalValues.Length; index++)
            {
                if (_globalValues[index] is not { } local) continue;
                EmitGlobalFromContext(index);
                EmitField(OpCodes.Ldfld, GlobalField(_m.Globals[index].Type));
                _il.Emit(OpCodes.Stloc, local);
            }
        }
    }

    private void EmitGlobalFromContext(int index)
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
