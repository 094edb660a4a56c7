using System.Reflection.Emit;
using Sharptime.Model;

namespace Sharptime.Compilation;

// Reference instructions and tables. References are objects: a Function for funcref, any object
// for externref, null for ref.null.
internal sealed partial class FunctionCompiler
{
    private bool TryEmitReference(in Instruction ins)
    {
        switch (ins.Opcode)
        {
            case Opcode.RefNull:
                _il.Emit(OpCodes.Ldnull);
                _stack.Push(ValType.Ref(ins.HeapType, nullable: true));
                return true;
            case Opcode.RefIsNull:
                _stack.Materialize(1);
                _il.Emit(OpCodes.Ldnull);
                _il.Emit(OpCodes.Ceq);
                _stack.Pop();
                _stack.Push(I32);
                return true;
            case Opcode.RefAsNonNull:
            {
                var type = _stack.Peek();
                _stack.Materialize(1);
                var nonNull = _il.DefineLabel();
                _il.Emit(OpCodes.Dup);
                _il.Emit(OpCodes.Brtrue, nonNull);
                EmitThrow(nameof(Runtime.Traps.NullReference));
                _il.MarkLabel(nonNull);
                _stack.Pop();
                _stack.Push(type.IsRef ? ValType.Ref(type.Heap, nullable: false) : type);
                return true;
            }
            case Opcode.RefEq:
                _stack.Materialize(2);
                EmitCall(RuntimeMembers.Method(typeof(Runtime.References), nameof(Runtime.References.AreEqual)));
                _stack.Pop(2);
                _stack.Push(I32);
                return true;
            case Opcode.BrOnNull:
                EmitBrOnNull(Frame(ins.Index));
                return true;
            case Opcode.BrOnNonNull:
                EmitBrOnNonNull(Frame(ins.Index));
                return true;
            case Opcode.RefFunc:
                EmitLoadContext();
                EmitLdcI4((int)ins.Index);
                EmitCall(RuntimeMembers.ContextGetFunction);
                _stack.Push(ValType.Ref(HeapType.FromTypeIndex(_m.FunctionTypes[ins.Index]), nullable: false));
                return true;
            case Opcode.TableGet:
            {
                int table = (int)ins.Index;
                EmitCallWithPrefix(1, [TableIndexType(table)], () => EmitTableObject(table), nameof(Runtime.BulkOperations.TableGet));
                _stack.Push(_m.Tables[table].ElementType);
                return true;
            }
            case Opcode.TableSet:
            {
                int table = (int)ins.Index;
                EmitCallWithPrefix(2, [TableIndexType(table), _m.Tables[table].ElementType], () => EmitTableObject(table),
                    nameof(Runtime.BulkOperations.TableSet));
                return true;
            }
            default:
                return false;
        }
    }

    private bool TryEmitTableInstruction(in Instruction ins)
    {
        switch (ins.Opcode)
        {
            case Opcode.TableInit:
            {
                int table = (int)ins.Index2, segment = (int)ins.Index;
                EmitCallWithPrefix(3, [TableIndexType(table), I32, I32], () =>
                {
                    EmitLoadContext();
                    EmitTableObject(table);
                    EmitLdcI4(segment);
                }, nameof(Runtime.BulkOperations.TableInit));
                return true;
            }
            case Opcode.ElemDrop:
                EmitLoadContext();
                EmitLdcI4((int)ins.Index);
                EmitCall(RuntimeMembers.Bulk(nameof(Runtime.BulkOperations.ElemDrop)));
                return true;
            case Opcode.TableCopy:
            {
                int destination = (int)ins.Index, source = (int)ins.Index2;
                var n = IsTable64(destination) && IsTable64(source) ? I64 : I32;
                EmitCallWithPrefix(3, [TableIndexType(destination), TableIndexType(source), n], () =>
                {
                    EmitTableObject(destination);
                    EmitTableObject(source);
                }, nameof(Runtime.BulkOperations.TableCopy));
                return true;
            }
            case Opcode.TableGrow:
            {
                int table = (int)ins.Index;
                var indexType = TableIndexType(table);
                _stack.Materialize(2);
                var delta = RentScratch(ClrTypes.Of(indexType));
                var init = RentScratch(typeof(object));
                _il.Emit(OpCodes.Stloc, delta);
                _il.Emit(OpCodes.Stloc, init);
                EmitTableObject(table);
                _il.Emit(OpCodes.Ldloc, init);
                _il.Emit(OpCodes.Ldloc, delta);
                if (IsTable64(table)) _il.Emit(OpCodes.Conv_I4); // TODO(table64): deltas above 2^31 fail anyway; widen when table64 lands
                EmitCall(RuntimeMembers.Method<Table>(nameof(Table.GrowFromWasm)));
                if (IsTable64(table)) _il.Emit(OpCodes.Conv_I8);
                FreeScratch(delta);
                FreeScratch(init);
                _stack.Pop(2);
                _stack.Push(indexType);
                return true;
            }
            case Opcode.TableSize:
            {
                int table = (int)ins.Index;
                EmitTableObject(table);
                EmitField(OpCodes.Ldfld, RuntimeMembers.TableElements);
                _il.Emit(OpCodes.Ldlen);
                _il.Emit(IsTable64(table) ? OpCodes.Conv_U8 : OpCodes.Conv_I4);
                _stack.Push(TableIndexType(table));
                return true;
            }
            case Opcode.TableFill:
            {
                int table = (int)ins.Index;
                EmitCallWithPrefix(3, [TableIndexType(table), _m.Tables[table].ElementType, TableIndexType(table)],
                    () => EmitTableObject(table), nameof(Runtime.BulkOperations.TableFill));
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>br_on_null: a null reference branches (dropped); otherwise it stays, now known non-null.</summary>
    private void EmitBrOnNull(ControlFrame target)
    {
        var type = _stack.Peek();
        _stack.Flush();
        int refDepth = _stack.Count - 1;
        var stays = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, _stack.Slot(refDepth));
        _il.Emit(OpCodes.Brtrue, stays);
        _stack.Pop();
        int arity = target.BranchTypes.Length;
        _stack.EmitSlotCopies(arity, _stack.Count - arity, target.Height);
        EmitJump(target);
        _il.MarkLabel(stays);
        _stack.PushSpilled([type.IsRef ? ValType.Ref(type.Heap, nullable: false) : type]);
    }

    /// <summary>br_on_non_null: a non-null reference branches with it; a null one is dropped.</summary>
    private void EmitBrOnNonNull(ControlFrame target)
    {
        _stack.Flush();
        int refDepth = _stack.Count - 1;
        var falls = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, _stack.Slot(refDepth));
        _il.Emit(OpCodes.Brfalse, falls);
        int arity = target.BranchTypes.Length;
        _stack.EmitSlotCopies(arity, _stack.Count - arity, target.Height);
        EmitJump(target);
        _il.MarkLabel(falls);
        _stack.Pop();
    }

    private bool IsTable64(int table) => _m.Tables[table].Limits.Is64;

    private ValType TableIndexType(int table) => IsTable64(table) ? I64 : I32;

    private Type TableIndexClrType(int table) => IsTable64(table) ? typeof(long) : typeof(int);

    private void EmitTableObject(int table)
    {
        EmitLoadContext();
        EmitField(OpCodes.Ldfld, RuntimeMembers.ContextTables);
        EmitLdcI4(table);
        _il.Emit(OpCodes.Ldelem_Ref);
    }
}
