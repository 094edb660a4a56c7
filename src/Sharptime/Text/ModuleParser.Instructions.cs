using System.Runtime.InteropServices;
using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Text;

/// <summary>
/// Instruction sequences, plain and folded, encoded as they are read. Nesting is kept on an explicit
/// stack of frames rather than the .NET call stack, so deeply nested input (100,000 folded levels)
/// cannot overflow the process's stack.
/// </summary>
internal sealed partial class ModuleParser
{
    private WasmWriter _code;
    private InstructionWriter _writer;

    /// <summary>Label names of the enclosing blocks, innermost last (null for unnamed ones).</summary>
    private readonly List<string?> _labels = [];

    private readonly List<Frame> _frames = [];

    /// <summary>Whether any code names a data segment (memory.init, data.drop, array.*_data): then a data count is needed.</summary>
    private bool _usesDataIndex;

    private enum FrameKind : byte
    {
        /// <summary><c>(op immediates folded*)</c>: the instruction is emitted at its <c>)</c>, after its operands.</summary>
        FoldedPlain,
        /// <summary><c>(block|loop|try_table ...)</c>: <c>end</c> at its <c>)</c>.</summary>
        FoldedBlock,
        /// <summary><c>(if label bt folded*</c> before <c>(then</c>: the condition, in the outer label scope.</summary>
        FoldedIfCondition,
        FoldedThen,
        FoldedAfterThen,
        FoldedElse,
        FoldedAfterElse,
        /// <summary>Legacy <c>(try label bt</c> before <c>(do</c>.</summary>
        FoldedTryStart,
        FoldedDo,
        FoldedAfterDo,
        FoldedCatch,
        FoldedAfterCatch,
        FoldedCatchAll,
        FoldedAfterCatchAll,
        FoldedAfterDelegate,
        PlainBlock,
        PlainIf,
        PlainElse,
        PlainTry,
        PlainCatch,
        PlainCatchAll,
    }

    private struct Frame
    {
        public FrameKind Kind;
        /// <summary>The instruction a folded form emits later (the operator, or an if/try header).</summary>
        public Instruction Pending;
        /// <summary>The block's label name, for "mismatching label" checks and (folded if/try) for binding later.</summary>
        public string? Label;
    }

    private static bool IsPlainFrame(FrameKind kind) => kind >= FrameKind.PlainBlock;

    /// <summary>Frames whose content is an instruction list, where plain instructions may appear.</summary>
    private static bool AllowsPlainInstructions(FrameKind kind) => kind is FrameKind.FoldedBlock or FrameKind.FoldedThen
        or FrameKind.FoldedElse or FrameKind.FoldedDo or FrameKind.FoldedCatch or FrameKind.FoldedCatchAll
        || IsPlainFrame(kind);

    private ref Frame Top => ref CollectionsMarshal.AsSpan(_frames)[^1];

    /// <summary>
    /// Parses and encodes instructions up to the <c>)</c> that closes the enclosing form (which is left to
    /// the caller), or, when <paramref name="single"/>, exactly one folded instruction (an offset or item
    /// written without its keyword).
    /// </summary>
    private void ParseInstructions(bool single = false)
    {
        int baseCount = _frames.Count;
        if (single && !PeekLeftParen()) throw Unexpected(Peek());
        while (true)
        {
            var t = Peek();
            bool inFrame = _frames.Count > baseCount;
            switch (t.Kind)
            {
                case TokenKind.RightParen:
                    if (!inFrame) return;
                    CloseParen(t);
                    if (single && _frames.Count == baseCount) return;
                    break;
                case TokenKind.LeftParen:
                    if (inFrame && TryOpenClause()) break;
                    if (inFrame && !AllowsFoldedOperand(Top.Kind)) throw Unexpected(PeekAt(1));
                    Pos++;
                    OpenFolded();
                    break;
                case TokenKind.Keyword:
                    if (inFrame ? !AllowsPlainInstructions(Top.Kind) : single) throw Unexpected(t);
                    Pos++;
                    PlainInstruction(t, inFrame);
                    break;
                default:
                    throw Unexpected(t);
            }
        }
    }

    private static bool AllowsFoldedOperand(FrameKind kind) =>
        kind == FrameKind.FoldedPlain || kind == FrameKind.FoldedIfCondition || AllowsPlainInstructions(kind);

    /// <summary>A <c>)</c> inside a folded form: ends an operand list, a clause, or the form.</summary>
    private void CloseParen(Token paren)
    {
        ref var top = ref Top;
        switch (top.Kind)
        {
            case FrameKind.FoldedPlain:
                Pos++;
                Emit(top.Pending);
                _frames.RemoveAt(_frames.Count - 1);
                return;
            case FrameKind.FoldedThen: Pos++; top.Kind = FrameKind.FoldedAfterThen; return;
            case FrameKind.FoldedElse: Pos++; top.Kind = FrameKind.FoldedAfterElse; return;
            case FrameKind.FoldedDo: Pos++; top.Kind = FrameKind.FoldedAfterDo; return;
            case FrameKind.FoldedCatch: Pos++; top.Kind = FrameKind.FoldedAfterCatch; return;
            case FrameKind.FoldedCatchAll: Pos++; top.Kind = FrameKind.FoldedAfterCatchAll; return;
            case FrameKind.FoldedBlock:
            case FrameKind.FoldedAfterThen:
            case FrameKind.FoldedAfterElse:
            case FrameKind.FoldedAfterDo:
            case FrameKind.FoldedAfterCatch:
            case FrameKind.FoldedAfterCatchAll:
                Pos++;
                EmitSimple(Opcode.End);
                _labels.RemoveAt(_labels.Count - 1);
                _frames.RemoveAt(_frames.Count - 1);
                return;
            case FrameKind.FoldedAfterDelegate:
                // delegate replaced the end, and its label is already gone.
                Pos++;
                _frames.RemoveAt(_frames.Count - 1);
                return;
            default:
                // An if without (then ...), a try without (do ...), or a plain block left open.
                throw Unexpected(paren);
        }
    }

    /// <summary>The parts of folded if and try: <c>(then</c>, <c>(else</c>, <c>(do</c>, <c>(catch</c>, <c>(catch_all</c>, <c>(delegate</c>.</summary>
    private bool TryOpenClause()
    {
        ref var top = ref Top;
        switch (top.Kind)
        {
            case FrameKind.FoldedIfCondition:
                if (!TakeParenKeyword("then"u8)) return false;
                Emit(top.Pending);
                _labels.Add(top.Label);
                top.Kind = FrameKind.FoldedThen;
                return true;
            case FrameKind.FoldedAfterThen:
                if (!TakeParenKeyword("else"u8)) throw Unexpected(PeekAt(1));
                EmitSimple(Opcode.Else);
                top.Kind = FrameKind.FoldedElse;
                return true;
            case FrameKind.FoldedTryStart:
                if (!TakeParenKeyword("do"u8)) throw Unexpected(PeekAt(1));
                Emit(top.Pending);
                _labels.Add(top.Label);
                top.Kind = FrameKind.FoldedDo;
                return true;
            case FrameKind.FoldedAfterDo:
            case FrameKind.FoldedAfterCatch:
                if (TakeParenKeyword("catch"u8))
                {
                    EmitIndexed(Opcode.Catch, ReadIndex(_tags));
                    top.Kind = FrameKind.FoldedCatch;
                    return true;
                }
                if (TakeParenKeyword("catch_all"u8))
                {
                    EmitSimple(Opcode.CatchAll);
                    top.Kind = FrameKind.FoldedCatchAll;
                    return true;
                }
                if (top.Kind == FrameKind.FoldedAfterDo && TakeParenKeyword("delegate"u8))
                {
                    _labels.RemoveAt(_labels.Count - 1);
                    EmitIndexed(Opcode.Delegate, ReadLabel());
                    ExpectRightParen();
                    top.Kind = FrameKind.FoldedAfterDelegate;
                    return true;
                }
                throw Unexpected(PeekAt(1));
            case FrameKind.FoldedAfterElse:
            case FrameKind.FoldedAfterCatchAll:
            case FrameKind.FoldedAfterDelegate:
                throw Unexpected(Peek());
            default:
                return false;
        }
    }

    /// <summary>After a <c>(</c>: the operator of a folded instruction.</summary>
    private void OpenFolded()
    {
        var t = Next();
        if (t.Kind != TokenKind.Keyword || !Keywords.TryGetOpcode(Text(t), out var op)) throw Unexpected(t);
        switch (op)
        {
            case Opcode.Block:
            case Opcode.Loop:
            case Opcode.TryTable:
                Emit(ReadBlockHeader(op, out string? label));
                _labels.Add(label);
                PushFrame(FrameKind.FoldedBlock, default, label);
                break;
            case Opcode.If:
                PushFrame(FrameKind.FoldedIfCondition, ReadBlockHeader(op, out label), label);
                break;
            case Opcode.Try:
                PushFrame(FrameKind.FoldedTryStart, ReadBlockHeader(op, out label), label);
                break;
            case Opcode.Else:
            case Opcode.End:
            case Opcode.Catch:
            case Opcode.CatchAll:
            case Opcode.Delegate:
                throw Unexpected(t);
            default:
                PushFrame(FrameKind.FoldedPlain, ReadInstruction(op, t), null);
                break;
        }
    }

    private void PushFrame(FrameKind kind, Instruction pending, string? label) =>
        _frames.Add(new Frame { Kind = kind, Pending = pending, Label = label });

    /// <summary>A plain (unfolded) instruction, including the keywords that continue or end a plain block.</summary>
    private void PlainInstruction(Token t, bool inFrame)
    {
        if (!Keywords.TryGetOpcode(Text(t), out var op)) throw Unexpected(t);
        FrameKind top = inFrame ? Top.Kind : FrameKind.FoldedBlock;
        switch (op)
        {
            case Opcode.Block:
            case Opcode.Loop:
            case Opcode.TryTable:
            case Opcode.If:
            case Opcode.Try:
                {
                    Emit(ReadBlockHeader(op, out string? label));
                    _labels.Add(label);
                    var kind = op switch { Opcode.If => FrameKind.PlainIf, Opcode.Try => FrameKind.PlainTry, _ => FrameKind.PlainBlock };
                    PushFrame(kind, default, label);
                    return;
                }
            case Opcode.End:
                if (!inFrame || !IsPlainFrame(top)) throw Unexpected(t);
                CheckEndLabel(Top.Label);
                EmitSimple(Opcode.End);
                _labels.RemoveAt(_labels.Count - 1);
                _frames.RemoveAt(_frames.Count - 1);
                return;
            case Opcode.Else:
                if (!inFrame || top != FrameKind.PlainIf) throw Unexpected(t);
                CheckEndLabel(Top.Label);
                EmitSimple(Opcode.Else);
                Top.Kind = FrameKind.PlainElse;
                return;
            case Opcode.Catch:
                if (!inFrame || top is not (FrameKind.PlainTry or FrameKind.PlainCatch)) throw Unexpected(t);
                EmitIndexed(Opcode.Catch, ReadIndex(_tags));
                Top.Kind = FrameKind.PlainCatch;
                return;
            case Opcode.CatchAll:
                if (!inFrame || top is not (FrameKind.PlainTry or FrameKind.PlainCatch)) throw Unexpected(t);
                EmitSimple(Opcode.CatchAll);
                Top.Kind = FrameKind.PlainCatchAll;
                return;
            case Opcode.Delegate:
                if (!inFrame || top != FrameKind.PlainTry) throw Unexpected(t);
                // The delegate's label is counted from outside the try block.
                _labels.RemoveAt(_labels.Count - 1);
                _frames.RemoveAt(_frames.Count - 1);
                EmitIndexed(Opcode.Delegate, ReadLabel());
                return;
            default:
                Emit(ReadInstruction(op, t));
                return;
        }
    }

    /// <summary>The optional label after <c>end</c> or <c>else</c> must repeat the block's own label.</summary>
    private void CheckEndLabel(string? blockLabel)
    {
        if (PeekKind() != TokenKind.Id) return;
        var id = Next();
        if (blockLabel is null || IdName(id) != blockLabel) throw Error("mismatching label", id);
    }

    /// <summary>
    /// After block, loop, if, try or try_table: the label, the block type and (try_table) the catch
    /// clauses, whose labels are resolved outside the new block.
    /// </summary>
    private Instruction ReadBlockHeader(Opcode op, out string? label)
    {
        label = TakeId();
        var header = new Instruction { Opcode = op, BlockType = ReadBlockType() };
        if (op == Opcode.TryTable) header.Catches = ReadCatchClauses();
        return header;
    }

    private CatchClause[] ReadCatchClauses()
    {
        List<CatchClause>? catches = null;
        while (true)
        {
            CatchClause clause;
            if (TakeParenKeyword("catch"u8))
            {
                uint tag = ReadIndex(_tags);
                clause = new CatchClause(CatchKind.Catch, tag, ReadLabel());
            }
            else if (TakeParenKeyword("catch_ref"u8))
            {
                uint tag = ReadIndex(_tags);
                clause = new CatchClause(CatchKind.CatchRef, tag, ReadLabel());
            }
            else if (TakeParenKeyword("catch_all"u8))
            {
                clause = new CatchClause(CatchKind.CatchAll, 0, ReadLabel());
            }
            else if (TakeParenKeyword("catch_all_ref"u8))
            {
                clause = new CatchClause(CatchKind.CatchAllRef, 0, ReadLabel());
            }
            else
            {
                return catches is null ? [] : [.. catches];
            }
            ExpectRightParen();
            (catches ??= []).Add(clause);
        }
    }

    /// <summary>
    /// A block type: <c>(type x)</c> with an optional matching signature, or an inline signature. A
    /// signature without parameters and with at most one result is encoded in its short form (as wabt
    /// does, also when written as a type index); anything else as a (possibly new) function type index.
    /// </summary>
    private BlockType ReadBlockType()
    {
        FuncType signature;
        if (PeekParenKeyword("type"u8))
        {
            int index = ReadTypeUse(null, allowParamIds: false);
            if (index >= _module.Types.Count || _module.Types[index].Composite is not FuncType declared)
                return BlockType.FromTypeIndex(index); // validation reports what is wrong with it
            signature = declared;
            if (signature.Parameters.Length > 0 || signature.Results.Length > 1) return BlockType.FromTypeIndex(index);
        }
        else
        {
            if (!PeekParenKeyword("param"u8) && !PeekParenKeyword("result"u8)) return BlockType.Empty;
            signature = ReadSignature(null, allowParamIds: false);
        }
        if (signature.Parameters.Length == 0)
        {
            if (signature.Results.Length == 0) return BlockType.Empty;
            if (signature.Results.Length == 1) return BlockType.Value(signature.Results[0]);
        }
        return BlockType.FromTypeIndex(FindOrAddFuncType(signature));
    }

    /// <summary>A label index: a nat as is, or the depth of the innermost block with that name.</summary>
    private uint ReadLabel()
    {
        var t = Peek();
        if (t.Kind == TokenKind.Nat) return ReadU32();
        if (t.Kind != TokenKind.Id) throw Unexpected(t);
        Pos++;
        string name = IdName(t);
        for (int i = _labels.Count - 1; i >= 0; i--)
            if (_labels[i] == name) return (uint)(_labels.Count - 1 - i);
        throw Error($"unknown label ${name}", t);
    }

    private void Emit(in Instruction instruction)
    {
        if (instruction.Opcode is Opcode.MemoryInit or Opcode.DataDrop or Opcode.ArrayNewData or Opcode.ArrayInitData)
            _usesDataIndex = true;
        _writer.Write(instruction);
    }

    private void EmitSimple(Opcode op) => InstructionWriter.WriteOpcode(_code, op);

    private void EmitIndexed(Opcode op, uint index) => Emit(new Instruction { Opcode = op, Index = index });
}
