using System.Runtime.CompilerServices;
using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Validation;

/// <summary>
/// Validates one function body (or constant expression) at a time with the specification's validation
/// algorithm (appendix "Validation Algorithm"): an operand stack whose entries may be the unknown type,
/// and a control stack of frames with their start and end types, the operand stack height at entry and
/// an unreachable flag. One instance per thread; its stacks are reused from one body to the next, so
/// validating a body allocates nothing in the steady state.
/// </summary>
internal sealed partial class FunctionValidator
{
    private readonly ModuleContext _module;
    private readonly ModuleTypes _types;

    // Where the code being validated is (for error messages), and facts about the whole body.
    private int _baseOffset;
    private int _instructionOffset;
    private bool _makesCalls;
    private bool _hasLoops;
    private int _maxControlDepth;
    private ulong _usedMemories;

    // Set while validating a constant expression: only constant instructions are allowed, and only
    // globals below this index are visible.
    private bool _constant;
    private int _visibleGlobals;

    public FunctionValidator(ModuleContext module)
    {
        _module = module;
        _types = module.Types;
    }

    /// <summary>Validates the body of defined function <paramref name="functionIndex"/> (in the function index space).</summary>
    public FunctionInfo ValidateFunction(int functionIndex, FunctionBody body)
    {
        _constant = false;
        _baseOffset = body.CodeOffset;
        _instructionOffset = body.CodeOffset;
        try
        {
            var type = _types.TryGetFunc(_module.FunctionTypes[functionIndex], out var f) ? f : FuncType.Empty;
            DeclareLocals(type, body.Locals);
            ResetStacks();
            PushFrame(Opcode.End, [], type.Results);
            Run(body.Code.Span);
            return new FunctionInfo(_maxOperandCount, _maxControlDepth, _makesCalls, _hasLoops, _usedMemories);
        }
        catch (InvalidModuleException e) when (e.FunctionIndex is null)
        {
            throw new InvalidModuleException(e.Reason, functionIndex, _instructionOffset);
        }
    }

    /// <summary>
    /// Validates a constant expression of type <paramref name="expected"/> that may read the globals below
    /// <paramref name="visibleGlobals"/>.
    /// </summary>
    public void ValidateConstantExpression(ConstantExpression expression, ValType expected, int visibleGlobals)
    {
        _constant = true;
        _visibleGlobals = visibleGlobals;
        _baseOffset = 0;
        _localCount = 0;
        _tracksInitialization = false;
        ResetStacks();
        PushFrame(Opcode.End, [], SingleType(expected));
        Run(expression.Code.Span);
    }

    private void ResetStacks()
    {
        _operandCount = 0;
        _maxOperandCount = 0;
        _frameCount = 0;
        _initCount = 0;
        _makesCalls = false;
        _hasLoops = false;
        _maxControlDepth = 0;
        _usedMemories = 0;
    }

    /// <summary>Reads and checks instructions until the outermost frame is closed by its <c>end</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run(ReadOnlySpan<byte> code)
    {
        var reader = new InstructionReader(code, _baseOffset, _module.Decoding);
        while (_frameCount > 0)
        {
            reader.Read(out var instruction);
            _instructionOffset = _baseOffset + instruction.Offset;
            if (_constant) CheckConstant(in instruction);
            Validate(ref instruction);
        }
        // The last `end` must be the last byte: anything after it was not part of the expression.
        if (!reader.AtEnd)
            throw new MalformedModuleException(MalformedReasons.SectionSizeMismatch, reader.Offset);
    }
}
