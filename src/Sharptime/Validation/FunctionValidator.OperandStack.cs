using System.Runtime.CompilerServices;
using Sharptime.Model;

namespace Sharptime.Validation;

internal sealed partial class FunctionValidator
{
    // The operand stack. ValType.Bottom entries are the algorithm's "Unknown" operands.
    private ValType[] _operands = new ValType[64];
    private int _operandCount;
    private int _maxOperandCount;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(ValType type)
    {
        if (_operandCount == _operands.Length) Array.Resize(ref _operands, _operands.Length * 2);
        _operands[_operandCount++] = type;
        if (_operandCount > _maxOperandCount) _maxOperandCount = _operandCount;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PushValues(ReadOnlySpan<ValType> types)
    {
        int needed = _operandCount + types.Length;
        if (needed > _operands.Length) Array.Resize(ref _operands, Math.Max(needed, _operands.Length * 2));
        types.CopyTo(_operands.AsSpan(_operandCount));
        _operandCount = needed;
        if (_operandCount > _maxOperandCount) _maxOperandCount = _operandCount;
    }

    /// <summary>Pops any operand: the unknown type when the current frame is unreachable and empty.</summary>
    private ValType Pop()
    {
        ref var frame = ref _frames[_frameCount - 1];
        if (_operandCount == frame.Height)
        {
            if (frame.Unreachable) return ValType.Bottom;
            throw ValidationErrors.TypeMismatch("instruction requires [any] but stack has []");
        }
        return _operands[--_operandCount];
    }

    /// <summary>Pops an operand that must be a subtype of <paramref name="expected"/>, and returns it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ValType Pop(ValType expected)
    {
        int count = _operandCount;
        if (count > _frames[_frameCount - 1].Height)
        {
            var actual = _operands[count - 1];
            // Fast path: the same type (all numeric code) needs no subtyping walk.
            if (actual == expected || _types.IsSubtype(actual, expected))
            {
                _operandCount = count - 1;
                return actual;
            }
        }
        else if (_frames[_frameCount - 1].Unreachable)
        {
            return ValType.Bottom;
        }
        throw PopMismatch(expected);
    }

    /// <summary>Pops operands matching <paramref name="expected"/> (the last one on top).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PopValues(ReadOnlySpan<ValType> expected)
    {
        int start = _operandCount;
        int height = _frames[_frameCount - 1].Height;
        for (int i = expected.Length - 1; i >= 0; i--)
        {
            if (_operandCount > height)
            {
                var actual = _operands[_operandCount - 1];
                if (actual != expected[i] && !_types.IsSubtype(actual, expected[i])) throw PopValuesMismatch(expected, start);
                _operandCount--;
            }
            else if (!_frames[_frameCount - 1].Unreachable)
            {
                throw PopValuesMismatch(expected, start);
            }
        }
    }

    /// <summary>
    /// Checks that the top of the stack matches <paramref name="expected"/> without changing it: the
    /// algorithm's <c>push_vals(pop_vals(ts))</c>, which keeps unknown operands unknown.
    /// </summary>
    private void CheckTopValues(ReadOnlySpan<ValType> expected)
    {
        int count = _operandCount;
        PopValues(expected);
        _operandCount = count;
    }

    /// <summary>Pops a reference of any type; an unknown operand is a non-null reference to the bottom heap type.</summary>
    private ValType PopRef()
    {
        var actual = Pop();
        if (actual.Kind == ValTypeKind.Bottom) return ModuleTypes.BottomRef;
        if (!actual.IsRef) throw ValidationErrors.TypeMismatch($"instruction requires a reference but stack has [{actual}]");
        return actual;
    }

    private InvalidModuleException PopMismatch(ValType expected) =>
        PopValuesMismatch(new ReadOnlySpan<ValType>(in expected), _operandCount);

    /// <summary>The reference interpreter's message: the types required and the top of the stack they were compared with.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private InvalidModuleException PopValuesMismatch(ReadOnlySpan<ValType> expected, int stackTop)
    {
        int height = _frames[_frameCount - 1].Height;
        int available = Math.Min(expected.Length, stackTop - height);
        return ValidationErrors.TypeMismatch("instruction", expected, _operands.AsSpan(stackTop - available, available));
    }
}
