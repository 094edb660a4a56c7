using System.Reflection.Emit;
using Sharptime.Model;

namespace Sharptime.Compilation;

// Control flow: blocks, loops, if/else, branches, return, unreachable, drop and select.
// Invariant: every label is entered with an empty IL stack; a block's values are in the slots at
// [frame.Height, frame.Height + arity) when control reaches its label.
internal sealed partial class FunctionCompiler
{
    private bool TryEmitControl(in Instruction ins)
    {
        switch (ins.Opcode)
        {
            case Opcode.Nop: return true;
            case Opcode.Unreachable:
                EmitThrow(nameof(Runtime.Traps.Unreachable));
                _unreachable = true;
                return true;
            case Opcode.Block: EmitBlock(ins.BlockType, FrameKind.Block); return true;
            case Opcode.Loop: EmitBlock(ins.BlockType, FrameKind.Loop); return true;
            case Opcode.If: EmitIf(ins.BlockType); return true;
            case Opcode.Else: EmitElse(); return true;
            case Opcode.End: EmitEnd(); return true;
            case Opcode.Br: EmitBr(Frame(ins.Index)); return true;
            case Opcode.BrIf: EmitBrIf(Frame(ins.Index)); return true;
            case Opcode.BrTable: EmitBrTable(ins.Targets!); return true;
            case Opcode.Return: EmitBr(_frames[0]); return true;
            case Opcode.Drop: EmitDrop(); return true;
            case Opcode.Select or Opcode.SelectTyped: EmitSelect(); return true;
            default: return false;
        }
    }

    private ControlFrame Frame(uint relativeDepth) => _frames[_frames.Count - 1 - (int)relativeDepth];

    private (ValType[] Params, ValType[] Results) BlockSignature(BlockType type)
    {
        if (type.IsEmpty) return ([], []);
        if (type.IsValue) return ([], [type.Result]);
        var f = _m.Module.GetFuncType(type.TypeIndex);
        return (f.Parameters, f.Results);
    }

    private void EmitBlock(BlockType blockType, FrameKind kind)
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
            ReachableAtEntry = true,
            LabelTryDepth = _tryDepth,
        };
        if (kind == FrameKind.Loop)
        {
            // Branches back to the label bring other values: a parameter that was a local plus a constant
            // on entry is not one in later iterations (an access through it recomputed from the local
            // after a check of the local read the first iteration's address again).
            _stack.Truncate(frame.Height);
            _stack.PushSpilled(parameters);
            _il.MarkLabel(frame.Label);
            EmitConsumeFuel();
        }
        _frames.Add(frame);
    }

    private void EmitIf(BlockType blockType)
    {
        var (parameters, results) = BlockSignature(blockType);
        EmitConditionOnILStack();
        var frame = new ControlFrame
        {
            Kind = FrameKind.If,
            Height = _stack.Count - parameters.Length,
            Params = parameters,
            Results = results,
            Label = _il.DefineLabel(),
            ElseLabel = _il.DefineLabel(),
            ReachableAtEntry = true,
            LabelTryDepth = _tryDepth,
        };
        _il.Emit(OpCodes.Brfalse, frame.ElseLabel);
        _frames.Add(frame);
    }

    /// <summary>
    /// Leaves the i32 on top of the wasm stack alone on the IL stack, everything below in slots, and
    /// pops it from the model: the state in which to branch on a condition or index.
    /// </summary>
    private void EmitConditionOnILStack()
    {
        if (_stack.SpilledCount < _stack.Count - 1)
        {
            _stack.Flush();
        }
        if (_stack.SpilledCount == _stack.Count) _il.Emit(OpCodes.Ldloc, _stack.Slot(_stack.Count - 1));
        _stack.Pop();
    }

    private void EmitElse()
    {
        var frame = _frames[^1];
        if (!_unreachable)
        {
            _stack.Flush();
            _il.Emit(OpCodes.Br, frame.Label);
            frame.EndTargeted = true;
        }
        _il.MarkLabel(frame.ElseLabel);
        frame.HasElse = true;
        _stack.Truncate(frame.Height);
        _stack.PushSpilled(frame.Params);
        _unreachable = !frame.ReachableAtEntry;
    }

    private void EmitEnd()
    {
        var frame = _frames[^1];
        _frames.RemoveAt(_frames.Count - 1);
        bool fallthrough = !_unreachable;
        switch (frame.Kind)
        {
            case FrameKind.Function:
                EmitFunctionEnd(frame, fallthrough);
                return;
            case FrameKind.TryTable:
                EmitTryTableEnd(frame, fallthrough);
                return;
            case FrameKind.Try:
                EmitTryEnd(frame, fallthrough);
                return;
            case FrameKind.Loop:
                // Nothing branches to a loop's end: the values stay where they are.
                if (!fallthrough)
                {
                    _stack.Truncate(frame.Height);
                    _stack.PushSpilled(frame.Results);
                }
                return;
        }

        if (fallthrough) _stack.Flush();
        bool reachable = fallthrough || frame.EndTargeted;
        if (frame.Kind == FrameKind.If && !frame.HasElse)
        {
            // No else: when the condition is false the parameters, already in the result slots, are the results.
            _il.MarkLabel(frame.ElseLabel);
            reachable |= frame.ReachableAtEntry;
        }
        _il.MarkLabel(frame.Label);
        _stack.Truncate(frame.Height);
        _stack.PushSpilled(frame.Results);
        _unreachable = !reachable;
    }

    private void EmitFunctionEnd(ControlFrame frame, bool fallthrough)
    {
        var results = frame.Results;
        if (fallthrough && !frame.EndTargeted && results.Length <= 1)
        {
            // The common case: one way out, the result (if any) ready to return.
            _stack.Materialize(results.Length);
            _il.Emit(OpCodes.Ret);
            return;
        }
        if (fallthrough) _stack.Flush();
        _il.MarkLabel(frame.Label);
        if (!fallthrough && !frame.EndTargeted) return;
        // Results are in slots 0..n-1: extra results go to the out parameters, the first is returned.
        for (int i = 1; i < results.Length; i++)
        {
            EmitLdarg(_contextArg + i);
            _il.Emit(OpCodes.Ldloc, _stack.SlotFor(i, results[i]));
            EmitType(OpCodes.Stobj, ClrTypes.Of(results[i]));
        }
        if (results.Length > 0) _il.Emit(OpCodes.Ldloc, _stack.SlotFor(0, results[0]));
        _il.Emit(OpCodes.Ret);
    }

    private void EmitBr(ControlFrame target)
    {
        _stack.EmitTransfer(target.BranchTypes.Length, target.Height);
        EmitJump(target);
        _unreachable = true;
    }

    /// <summary>Whether a jump from here to <paramref name="target"/>'s label leaves an IL try region.</summary>
    private bool NeedsLeave(ControlFrame target) => _tryDepth > target.LabelTryDepth;

    /// <summary>The jump to a frame's label with an empty IL stack: br, or leave out of try regions.</summary>
    private void EmitJump(ControlFrame target)
    {
        _il.Emit(NeedsLeave(target) ? OpCodes.Leave : OpCodes.Br, target.Label);
        if (target.Kind != FrameKind.Loop) target.EndTargeted = true;
    }

    private void EmitBrIf(ControlFrame target)
    {
        EmitConditionOnILStack();
        int arity = target.BranchTypes.Length;
        int source = _stack.Count - arity;
        if (target.Kind != FrameKind.Loop) target.EndTargeted = true;
        if (source == target.Height && !NeedsLeave(target))
        {
            _il.Emit(OpCodes.Brtrue, target.Label);
            return;
        }
        var skip = _il.DefineLabel();
        _il.Emit(OpCodes.Brfalse, skip);
        _stack.EmitSlotCopies(arity, source, target.Height);
        EmitJump(target);
        _il.MarkLabel(skip);
    }

    private void EmitBrTable(uint[] targets)
    {
        EmitConditionOnILStack();
        // Targets whose values are already in place get the switch directly; the others a small
        // trampoline that moves the values first (per target, its frame; arrays, not a list of
        // (Label, ControlFrame) tuples: framework generics over our value types are JIT-compiled at every start).
        var labels = new Label[targets.Length];
        var trampolines = new ControlFrame?[targets.Length];
        for (int i = 0; i < targets.Length; i++)
        {
            var target = Frame(targets[i]);
            if (target.Kind != FrameKind.Loop) target.EndTargeted = true;
            int arity = target.BranchTypes.Length;
            if (_stack.Count - arity == target.Height && !NeedsLeave(target))
            {
                labels[i] = target.Label;
            }
            else
            {
                labels[i] = _il.DefineLabel();
                trampolines[i] = target;
            }
        }
        var switchLabels = new Label[targets.Length - 1];
        Array.Copy(labels, switchLabels, switchLabels.Length);
        _il.Emit(OpCodes.Switch, switchLabels);
        _il.Emit(OpCodes.Br, labels[^1]);
        for (int i = 0; i < targets.Length; i++)
        {
            if (trampolines[i] is not { } target) continue;
            _il.MarkLabel(labels[i]);
            int arity = target.BranchTypes.Length;
            _stack.EmitSlotCopies(arity, _stack.Count - arity, target.Height);
            EmitJump(target);
        }
        _unreachable = true;
    }

    private void EmitDrop()
    {
        if (_stack.SpilledCount < _stack.Count) _il.Emit(OpCodes.Pop);
        _stack.Pop();
    }

    private void EmitSelect()
    {
        var type = _stack.Peek(1);
        _stack.Materialize(3);
        // A small helper RyuJIT inlines: branch-free for numbers (see Runtime.Selection).
        EmitCall(type.Kind switch
        {
            ValTypeKind.I32 => RuntimeMembers.Method(typeof(Runtime.Selection), nameof(Runtime.Selection.SelectI32)),
            ValTypeKind.I64 => RuntimeMembers.Method(typeof(Runtime.Selection), nameof(Runtime.Selection.SelectI64)),
            ValTypeKind.F32 => RuntimeMembers.Method(typeof(Runtime.Selection), nameof(Runtime.Selection.SelectF32)),
            ValTypeKind.F64 => RuntimeMembers.Method(typeof(Runtime.Selection), nameof(Runtime.Selection.SelectF64)),
            _ => RuntimeMembers.Generic(RuntimeMembers.Method(typeof(Runtime.Selection), nameof(Runtime.Selection.Select)), ClrTypes.Of(type)),
        });
        _stack.Pop(3);
        _stack.Push(type);
    }
}
