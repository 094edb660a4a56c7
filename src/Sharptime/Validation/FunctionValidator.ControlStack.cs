using System.Runtime.CompilerServices;
using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Validation;

internal sealed partial class FunctionValidator
{
    /// <summary>
    /// A control frame. <see cref="Kind"/> is the opcode that opened it: block, loop, if, else, try (legacy,
    /// before its first catch), catch, catch_all, try_table; <see cref="Opcode.End"/> for the function body
    /// or constant expression itself.
    /// </summary>
    private struct ControlFrame
    {
        public Opcode Kind;
        public ValType[] Params;
        public ValType[] Results;
        /// <summary>Operand stack height at entry.</summary>
        public int Height;
        /// <summary>Height of the local initialization stack at entry: sets after it are undone at the frame's end.</summary>
        public int InitHeight;
        /// <summary>The rest of the frame is unreachable: pops beyond its height give unknown operands.</summary>
        public bool Unreachable;
    }

    private ControlFrame[] _frames = new ControlFrame[16];
    private int _frameCount;

    // One-element result arrays for block types and the like, so frames can hold arrays without allocating
    // per block: shared for the common types, cached per validator for concrete reference types.
    private static readonly ValType[] s_i32 = [ValType.I32], s_i64 = [ValType.I64], s_f32 = [ValType.F32],
        s_f64 = [ValType.F64], s_v128 = [ValType.V128], s_funcRef = [ValType.FuncRef], s_externRef = [ValType.ExternRef];
    /// <summary>
    /// The other single types made so far (concrete references: few per function), searched rather
    /// than hashed: a Dictionary keyed by ValType is JIT-compiled at every start (RATIONALE.md).
    /// </summary>
    private readonly List<ValType[]> _singleTypes = [];

    private ValType[] SingleType(ValType type)
    {
        switch (type.Kind)
        {
            case ValTypeKind.I32: return s_i32;
            case ValTypeKind.I64: return s_i64;
            case ValTypeKind.F32: return s_f32;
            case ValTypeKind.F64: return s_f64;
            case ValTypeKind.V128: return s_v128;
        }
        if (type == ValType.FuncRef) return s_funcRef;
        if (type == ValType.ExternRef) return s_externRef;
        foreach (var made in _singleTypes)
            if (made[0] == type) return made;
        ValType[] array = [type];
        _singleTypes.Add(array);
        return array;
    }

    private void PushFrame(Opcode kind, ValType[] parameters, ValType[] results)
    {
        if (_frameCount == _frames.Length) Array.Resize(ref _frames, _frames.Length * 2);
        ref var frame = ref _frames[_frameCount++];
        frame.Kind = kind;
        frame.Params = parameters;
        frame.Results = results;
        frame.Height = _operandCount;
        frame.InitHeight = _initCount;
        frame.Unreachable = false;
        if (_frameCount > _maxControlDepth) _maxControlDepth = _frameCount;
        PushValues(parameters);
    }

    /// <summary>Closes the current frame: its results must be exactly what is left on its part of the stack.</summary>
    private ControlFrame PopFrame()
    {
        ref var frame = ref _frames[_frameCount - 1];
        PopValues(frame.Results);
        if (_operandCount != frame.Height)
        {
            throw ValidationErrors.TypeMismatch("block", frame.Results,
                _operands.AsSpan(frame.Height, _operandCount - frame.Height));
        }
        ResetLocalInitialization(frame.InitHeight);
        return _frames[--_frameCount];
    }

    /// <summary>The rest of the current frame cannot be reached: drop its operands and let pops produce unknowns.</summary>
    private void SetUnreachable()
    {
        ref var frame = ref _frames[_frameCount - 1];
        _operandCount = frame.Height;
        frame.Unreachable = true;
    }

    /// <summary>The frame a branch to label <paramref name="label"/> targets (0 is the innermost).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref ControlFrame Label(uint label)
    {
        if (label >= (uint)_frameCount) throw ValidationErrors.Unknown("label", label);
        return ref _frames[_frameCount - 1 - (int)label];
    }

    /// <summary>The types a branch to a frame carries: a loop's parameters, any other block's results.</summary>
    private static ValType[] LabelTypes(ref ControlFrame frame) => frame.Kind == Opcode.Loop ? frame.Params : frame.Results;

    private ValType[] LabelTypes(uint label) => LabelTypes(ref Label(label));

    /// <summary>The parameter and result types of a block type.</summary>
    private (ValType[] Params, ValType[] Results) BlockSignature(BlockType blockType)
    {
        if (blockType.IsEmpty) return ([], []);
        if (blockType.IsValue)
        {
            CheckValueType(blockType.Result);
            return ([], SingleType(blockType.Result));
        }
        int index = blockType.TypeIndex;
        if (!_types.TryGetFunc(index, out var type))
        {
            if (!_types.IsValidIndex(index)) throw ValidationErrors.Unknown("type", index);
            throw ValidationErrors.TypeMismatch($"block type {index} is not a function type");
        }
        return (type.Parameters, type.Results);
    }

    private void ValidateBlock(Opcode kind, BlockType blockType)
    {
        var (parameters, results) = BlockSignature(blockType);
        if (kind == Opcode.If) Pop(ValType.I32);
        PopValues(parameters);
        PushFrame(kind, parameters, results);
        if (kind == Opcode.Loop) _hasLoops = true;
    }

    private void ValidateElse()
    {
        if (_frames[_frameCount - 1].Kind != Opcode.If) throw Misplaced("else");
        var frame = PopFrame();
        PushFrame(Opcode.Else, frame.Params, frame.Results);
    }

    private void ValidateEnd()
    {
        var frame = PopFrame();
        if (frame.Kind == Opcode.If)
        {
            // An `if` without `else` behaves as if its else branch were empty: the parameters must already
            // be the results.
            PushFrame(Opcode.Else, frame.Params, frame.Results);
            frame = PopFrame();
        }
        PushValues(frame.Results);
    }

    private void ValidateBranch(uint label)
    {
        PopValues(LabelTypes(label));
        SetUnreachable();
    }

    private void ValidateBranchIf(uint label)
    {
        Pop(ValType.I32);
        var types = LabelTypes(label);
        PopValues(types);
        PushValues(types);
    }

    private void ValidateBranchTable(uint[] targets)
    {
        Pop(ValType.I32);
        int arity = LabelTypes(targets[^1]).Length;
        foreach (uint target in targets)
        {
            var types = LabelTypes(target);
            if (types.Length != arity)
                throw ValidationErrors.TypeMismatch($"br_table targets have different arities ({types.Length} and {arity})");
            CheckTopValues(types);
        }
        SetUnreachable();
    }

    private void ValidateReturn()
    {
        PopValues(_frames[0].Results);
        SetUnreachable();
    }

    /// <summary>
    /// A block-structure instruction where the structure does not allow it. The binary format's decoder
    /// would have stopped the enclosing instruction sequence there and wanted an <c>end</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private MalformedModuleException Misplaced(string instruction) =>
        new($"{MalformedReasons.EndExpected}: {instruction} is not allowed here", _instructionOffset);
}
