using System.Reflection.Emit;
using Sharptime.Model;
using Sharptime.Runtime;

namespace Sharptime.Compilation;

// Exception handling: a wasm exception is a .NET ThrownException (the exnref value too). A try_table
// or legacy try body is an IL try region whose only handler stores the exception and leaves; the
// catch clauses are then matched after the region, where branching to any label is allowed (IL
// forbids branches out of handlers other than leave, and into them at all). delegate hands its
// exception to the dispatch of the try it names the same way.
internal sealed partial class FunctionCompiler
{
    private bool TryEmitException(in Instruction ins)
    {
        switch (ins.Opcode)
        {
            case Opcode.Throw:
                EmitThrowTag((int)ins.Index);
                return true;
            case Opcode.ThrowRef:
                _stack.Materialize(1);
                EmitCall(RuntimeMembers.Method(typeof(ExceptionHandling), nameof(ExceptionHandling.Rethrow)));
                _il.Emit(OpCodes.Throw);
                _stack.Pop();
                _unreachable = true;
                return true;
            case Opcode.TryTable:
                BeginTry(FrameKind.TryTable, ins.BlockType, ins.Catches ?? []);
                return true;
            case Opcode.Try:
                BeginTry(FrameKind.Try, ins.BlockType, null);
                return true;
            case Opcode.Catch or Opcode.CatchAll:
                EmitCatch(in ins);
                return true;
            case Opcode.Delegate:
                EmitDelegate((int)ins.Index);
                return true;
            case Opcode.Rethrow:
                _il.Emit(OpCodes.Ldloc, Frame(ins.Index).Exception!);
                _il.Emit(OpCodes.Throw);
                _unreachable = true;
                return true;
            default:
                return false;
        }
    }

    private FuncType TagType(int tag) => _m.Module.GetFuncType(_m.TagTypes[tag]);

    private void EmitTag(int tag)
    {
        EmitLoadContext();
        EmitField(OpCodes.Ldfld, RuntimeMembers.ContextTags);
        EmitLdcI4(tag);
        _il.Emit(OpCodes.Ldelem_Ref);
    }

    private void EmitThrowTag(int tag)
    {
        var parameters = TagType(tag).Parameters;
        _stack.Materialize(parameters.Length);
        var payload = RentScratch(typeof(object[]));
        EmitLdcI4(parameters.Length);
        EmitType(OpCodes.Newarr, typeof(object));
        _il.Emit(OpCodes.Stloc, payload);
        for (int i = parameters.Length - 1; i >= 0; i--)
        {
            var clr = ClrTypes.Of(parameters[i]);
            var value = RentScratch(clr);
            _il.Emit(OpCodes.Stloc, value);
            _il.Emit(OpCodes.Ldloc, payload);
            EmitLdcI4(i);
            _il.Emit(OpCodes.Ldloc, value);
            if (clr.IsValueType) EmitType(OpCodes.Box, clr);
            _il.Emit(OpCodes.Stelem_Ref);
            FreeScratch(value);
        }
        EmitTag(tag);
        _il.Emit(OpCodes.Ldloc, payload);
        EmitCall(RuntimeMembers.Method(typeof(ExceptionHandling), nameof(ExceptionHandling.Create)));
        _il.Emit(OpCodes.Throw);
        FreeScratch(payload);
        _stack.Pop(parameters.Length);
        _unreachable = true;
    }

    private void BeginTry(FrameKind kind, BlockType blockType, CatchClause[]? catches)
    {
        var (parameters, results) = BlockSignature(blockType);
        _stack.Flush();
        var frame = new ControlFrame
        {
            Kind = kind,
            Height = _stack.Count - parameters.Length,
            Params = parameters,
            Results = results,
            Label = _il.DefineLabel(),
            ElseLabel = _il.DefineLabel(), // marks the end of the IL region: where delegate hands exceptions over
            ReachableAtEntry = true,
            LabelTryDepth = _tryDepth,
            Catches = catches,
            // Not a scratch local: a rethrow in a catch arm may need it after nested code rented others.
            Exception = _il.DeclareLocal(typeof(ThrownException)),
        };
        _il.Emit(OpCodes.Ldnull);
        _il.Emit(OpCodes.Stloc, frame.Exception);
        _il.BeginExceptionBlock();
        _tryDepth++;
        _frames.Add(frame);
    }

    /// <summary>
    /// Ends the IL try region of a try frame: the handler stores the exception and leaves. After the
    /// region, no exception means the body completed: on to the frame's end.
    /// </summary>
    private void CloseTryRegion(ControlFrame frame, bool fallthrough)
    {
        if (fallthrough) _stack.Flush();
        // The test after the region jumps to the end, so IL sees the end reached even when the body cannot complete.
        frame.EndTargeted = true;
        _il.BeginCatchBlock(typeof(ThrownException));
        _il.Emit(OpCodes.Stloc, frame.Exception!);
        _il.EndExceptionBlock();
        _tryDepth--;
        _il.MarkLabel(frame.ElseLabel);
        _il.Emit(OpCodes.Ldloc, frame.Exception!);
        _il.Emit(OpCodes.Brfalse, frame.Label);
    }

    private void EmitTryTableEnd(ControlFrame frame, bool fallthrough)
    {
        CloseTryRegion(frame, fallthrough);
        foreach (var clause in frame.Catches!)
        {
            var next = _il.DefineLabel();
            bool hasTag = clause.Kind is CatchKind.Catch or CatchKind.CatchRef;
            if (hasTag) EmitTagTest((int)clause.Tag, frame.Exception!, next);
            var target = Frame(clause.Label);
            int count = 0;
            if (hasTag) count = EmitPayloadToSlots((int)clause.Tag, frame.Exception!, target.Height, target.BranchTypes);
            if (clause.Kind is CatchKind.CatchRef or CatchKind.CatchAllRef)
            {
                _il.Emit(OpCodes.Ldloc, frame.Exception!);
                _il.Emit(OpCodes.Stloc, _stack.SlotFor(target.Height + count, target.BranchTypes[count]));
            }
            EmitJump(target);
            _il.MarkLabel(next);
        }
        // No clause matched: on to the next handler out.
        _il.Emit(OpCodes.Ldloc, frame.Exception!);
        _il.Emit(OpCodes.Throw);
        FinishTryFrame(frame);
    }

    private void EmitTagTest(int tag, LocalBuilder exception, Label otherwise)
    {
        _il.Emit(OpCodes.Ldloc, exception);
        EmitTag(tag);
        EmitCall(RuntimeMembers.Method(typeof(ExceptionHandling), nameof(ExceptionHandling.Is)));
        _il.Emit(OpCodes.Brfalse, otherwise);
    }

    /// <summary>Unboxes the payload of a caught exception into the slots at [height, height + n); returns n.</summary>
    private int EmitPayloadToSlots(int tag, LocalBuilder exception, int height, ValType[] slotTypes)
    {
        var parameters = TagType(tag).Parameters;
        var payload = typeof(ThrownException).GetProperty(nameof(ThrownException.Payload))!.GetMethod!;
        for (int i = 0; i < parameters.Length; i++)
        {
            _il.Emit(OpCodes.Ldloc, exception);
            EmitCall(payload);
            EmitLdcI4(i);
            _il.Emit(OpCodes.Ldelem_Ref);
            var clr = ClrTypes.Of(parameters[i]);
            if (clr.IsValueType) EmitType(OpCodes.Unbox_Any, clr);
            _il.Emit(OpCodes.Stloc, _stack.SlotFor(height + i, slotTypes[i]));
        }
        return parameters.Length;
    }

    /// <summary>Legacy catch / catch_all: ends the body (first arm) or the previous arm, then tests this arm's tag.</summary>
    private void EmitCatch(in Instruction ins)
    {
        var frame = _frames[^1];
        if (!frame.InCatch)
        {
            CloseTryRegion(frame, !_unreachable);
            frame.InCatch = true;
        }
        else
        {
            if (!_unreachable)
            {
                _stack.Flush();
                EmitJump(frame);
            }
            _il.MarkLabel(frame.NextCatchTest);
        }
        frame.NextCatchTest = _il.DefineLabel();
        _stack.Truncate(frame.Height);
        if (ins.Opcode == Opcode.Catch)
        {
            int tag = (int)ins.Index;
            EmitTagTest(tag, frame.Exception!, frame.NextCatchTest);
            var payload = TagType(tag).Parameters;
            EmitPayloadToSlots(tag, frame.Exception!, frame.Height, payload);
            _stack.PushSpilled(payload);
        }
        _unreachable = false;
    }

    private void EmitTryEnd(ControlFrame frame, bool fallthrough)
    {
        if (!frame.InCatch)
        {
            // try ... end without arms: exceptions pass through.
            CloseTryRegion(frame, fallthrough);
        }
        else
        {
            if (fallthrough)
            {
                _stack.Flush();
                EmitJump(frame);
            }
            _il.MarkLabel(frame.NextCatchTest);
        }
        _il.Emit(OpCodes.Ldloc, frame.Exception!);
        _il.Emit(OpCodes.Throw);
        FinishTryFrame(frame);
    }

    /// <summary>
    /// try ... delegate l: the body's exceptions go to the handlers of the try around label l (the
    /// innermost try whose body encloses it), or out of the function when there is none. Like every
    /// try, the region's handler only stores the exception; after the region it is handed on: stored
    /// as the other try's exception, then a jump to where that try's dispatch begins.
    /// </summary>
    private void EmitDelegate(int label)
    {
        var frame = _frames[^1];
        _frames.RemoveAt(_frames.Count - 1);
        CloseTryRegion(frame, !_unreachable);
        ControlFrame? handler = null;
        for (int i = _frames.Count - 1 - label; i >= 0; i--)
        {
            var f = _frames[i];
            if (f.Kind == FrameKind.TryTable || (f.Kind == FrameKind.Try && !f.InCatch))
            {
                handler = f;
                break;
            }
        }
        _il.Emit(OpCodes.Ldloc, frame.Exception!);
        if (handler is null && _tryDepth > 0)
        {
            // Out of the function: the throw must not be inside the regions of enclosing tries.
            _throwOutException ??= _il.DeclareLocal(typeof(ThrownException));
            _il.Emit(OpCodes.Stloc, _throwOutException);
            _il.Emit(OpCodes.Leave, ThrowOutLabel);
        }
        else if (handler is null)
        {
            _il.Emit(OpCodes.Throw);
        }
        else
        {
            _il.Emit(OpCodes.Stloc, handler.Exception!);
            _il.Emit(_tryDepth > handler.LabelTryDepth ? OpCodes.Leave : OpCodes.Br, handler.ElseLabel);
        }
        FinishTryFrame(frame);
    }

    private LocalBuilder? _throwOutException;
    private Label? _throwOutLabel;

    /// <summary>Code after the function's body that throws <see cref="_throwOutException"/> outside every try region.</summary>
    private Label ThrowOutLabel => _throwOutLabel ??= _il.DefineLabel();

    private void EmitThrowOut()
    {
        if (_throwOutLabel is not { } label) return;
        _il.MarkLabel(label);
        _il.Emit(OpCodes.Ldloc, _throwOutException!);
        _il.Emit(OpCodes.Throw);
    }

    private void FinishTryFrame(ControlFrame frame)
    {
        _il.MarkLabel(frame.Label);
        _stack.Truncate(frame.Height);
        _stack.PushSpilled(frame.Results);
        _unreachable = !frame.EndTargeted;
    }
}
