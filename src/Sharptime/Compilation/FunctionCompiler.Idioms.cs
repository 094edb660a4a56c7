using System.Buffers.Binary;
using System.Reflection.Emit;
using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Compilation;

// Instruction sequences compiled as a whole, because RyuJIT does better with what they mean than
// with their parts:
// - a byte swap: wasm has none, so LLVM expands one (ntohl, big-endian loads in hashes and codecs)
//   into shifts, masks and ors, 18 instructions where x64 has bswap (or movbe with the load). sha256's
//   block function swaps each of its 16 message words that way;
// - a select on an unsigned comparison with a constant: the mask comes from the comparison's operands
//   (Runtime/Selection.cs) instead of from its 0/1 result.
internal sealed partial class FunctionCompiler
{
    /// <summary>
    /// Compiles a sequence starting at <paramref name="ins"/> as a whole when it is one of the idioms above
    /// and lies within the next <paramref name="available"/> instructions; <paramref name="reader"/> then
    /// stands after it and <paramref name="consumed"/> is how many instructions after <paramref name="ins"/> it took.
    /// </summary>
    private bool TryEmitIdiom(in Instruction ins, ref InstructionReader reader, int available, out int consumed) =>
        TryEmitByteSwap(in ins, ref reader, available, out consumed) ||
        TryEmitSelectOnUnsignedCompare(in ins, ref reader, available, out consumed);

    /// <summary>
    /// At a constant c followed by an unsigned comparison (x on the stack, c) and an untyped select of
    /// integers of the comparison's width: one call of a Runtime.Selection helper taking x and a limit
    /// (x &lt;u c, x &lt;=u c as x &lt;u c + 1, and their negations as "at least").
    /// </summary>
    private bool TryEmitSelectOnUnsignedCompare(in Instruction ins, ref InstructionReader reader, int available, out int consumed)
    {
        consumed = 0;
        if (ins.Opcode is not (Opcode.I32Const or Opcode.I64Const) || available < 2 || _stack.Count < 3) return false;
        var type = ins.Opcode == Opcode.I32Const ? ValType.I32 : ValType.I64;
        if (_stack.Peek() != type || _stack.Peek(1) != type || _stack.Peek(2) != type) return false;
        var ahead = reader;
        if (!ahead.TryRead(out var compare) || !ahead.TryRead(out var select) || select.Opcode != Opcode.Select) return false;
        ulong max = type == ValType.I32 ? uint.MaxValue : ulong.MaxValue;
        ulong constant = type == ValType.I32 ? (uint)ins.I32 : (ulong)ins.I64;
        (bool Below, ulong Limit) test;
        switch (compare.Opcode)
        {
            case Opcode.I32LtU or Opcode.I64LtU: test = (true, constant); break;
            case Opcode.I32GeU or Opcode.I64GeU: test = (false, constant); break;
            // x <= max always holds: "at least 0"; x > max never does: "below 0".
            case Opcode.I32LeU or Opcode.I64LeU: test = constant == max ? (false, 0) : (true, constant + 1); break;
            case Opcode.I32GtU or Opcode.I64GtU: test = constant == max ? (true, 0) : (false, constant + 1); break;
            default: return false;
        }
        bool wide = compare.Opcode is Opcode.I64LtU or Opcode.I64GeU or Opcode.I64LeU or Opcode.I64GtU;
        if (wide != (type == ValType.I64)) return false;

        reader = ahead;
        consumed = 2;
        _lastI32Constant = null;
        _stack.Materialize(3);
        if (wide) _il.Emit(OpCodes.Ldc_I8, (long)test.Limit);
        else EmitLdcI4((int)(uint)test.Limit);
        string helper = (wide, test.Below) switch
        {
            (false, true) => nameof(Runtime.Selection.SelectI32Below),
            (false, false) => nameof(Runtime.Selection.SelectI32AtLeast),
            (true, true) => nameof(Runtime.Selection.SelectI64Below),
            (true, false) => nameof(Runtime.Selection.SelectI64AtLeast),
        };
        EmitCall(RuntimeMembers.Method(typeof(Runtime.Selection), helper));
        _stack.Pop(3);
        _stack.Push(type);
        return true;
    }

    /// <summary>
    /// LLVM's expansion of a 32-bit byte swap of x, after the first <c>i32.const 24</c> (x is on the
    /// stack): <c>(x &lt;&lt; 24 | (x &lt;&lt; 8) &amp; 0xFF0000) | ((x &gt;&gt; 8) &amp; 0xFF00 | x &gt;&gt; 24)</c>,
    /// each x a <c>local.get</c> of the same local (-1 here).
    /// </summary>
    private static readonly (Opcode Opcode, int Immediate)[] s_byteSwap32 =
    [
        (Opcode.I32Shl, 0),
        (Opcode.LocalGet, -1), (Opcode.I32Const, 8), (Opcode.I32Shl, 0), (Opcode.I32Const, 0xFF0000), (Opcode.I32And, 0),
        (Opcode.I32Or, 0),
        (Opcode.LocalGet, -1), (Opcode.I32Const, 8), (Opcode.I32ShrU, 0), (Opcode.I32Const, 0xFF00), (Opcode.I32And, 0),
        (Opcode.LocalGet, -1), (Opcode.I32Const, 24), (Opcode.I32ShrU, 0),
        (Opcode.I32Or, 0),
        (Opcode.I32Or, 0),
    ];

    /// <summary>
    /// At <paramref name="ins"/>, compiles a byte swap written out as <see cref="s_byteSwap32"/> as one
    /// call of <see cref="BinaryPrimitives.ReverseEndianness(int)"/> (an intrinsic), when it lies within
    /// the next <paramref name="available"/> instructions; <paramref name="reader"/> then stands after it
    /// and <paramref name="consumed"/> is how many instructions after <paramref name="ins"/> it took.
    /// </summary>
    private bool TryEmitByteSwap(in Instruction ins, ref InstructionReader reader, int available, out int consumed)
    {
        consumed = 0;
        if (ins.Opcode != Opcode.I32Const || ins.I32 != 24 || available < s_byteSwap32.Length) return false;
        if (_stack.Count == 0 || _stack.Peek() != ValType.I32) return false;
        int local = _stack.SourceLocal();
        if (local < 0 || _stack.SourceOffset() != 0) return false;
        var ahead = reader;
        foreach (var (opcode, immediate) in s_byteSwap32)
        {
            if (!ahead.TryRead(out var next) || next.Opcode != opcode) return false;
            bool matches = opcode switch
            {
                Opcode.LocalGet => (int)next.Index == local,
                Opcode.I32Const => next.I32 == immediate,
                _ => true,
            };
            if (!matches) return false;
        }
        reader = ahead;
        consumed = s_byteSwap32.Length;
        _lastI32Constant = null;
        _stack.Materialize(1);
        EmitCall(RuntimeMembers.Method(typeof(BinaryPrimitives), nameof(BinaryPrimitives.ReverseEndianness), typeof(int)));
        _stack.Pop();
        _stack.Push(ValType.I32);
        return true;
    }
}
