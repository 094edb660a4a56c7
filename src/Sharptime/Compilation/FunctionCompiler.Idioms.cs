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
// - a select on a comparison with a constant: the mask comes from the comparison's operands
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
        TryEmitSelectOnCompare(in ins, ref reader, available, out consumed);

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

    /// <summary>
    /// At a constant c followed by an integer comparison (x on the stack, c) and an untyped select of
    /// integers of the comparison's width: one call of a Runtime.Selection helper taking x and a limit.
    /// Every comparison is x &lt; limit or its negation: x &lt;= c is x &lt; c + 1, and when c is the
    /// largest value (no c + 1) it always holds, which is x &gt;= the smallest value.
    /// </summary>
    private bool TryEmitSelectOnCompare(in Instruction ins, ref InstructionReader reader, int available, out int consumed)
    {
        consumed = 0;
        if (ins.Opcode is not (Opcode.I32Const or Opcode.I64Const) || available < 2 || _stack.Count < 3) return false;
        bool wide = ins.Opcode == Opcode.I64Const;
        var type = wide ? ValType.I64 : ValType.I32;
        if (_stack.Peek() != type || _stack.Peek(1) != type || _stack.Peek(2) != type) return false;
        var ahead = reader;
        if (!ahead.TryRead(out var compare) || !ahead.TryRead(out var select) || select.Opcode != Opcode.Select) return false;
        if (ComparisonOf(compare.Opcode) is not var (width64, signed, kind) || width64 != wide) return false;

        // The constant as the comparison reads it (an unsigned i64 as its bits), and its type's range.
        long c = wide ? ins.I64 : signed ? ins.I32 : (uint)ins.I32;
        long min = signed ? (wide ? long.MinValue : int.MinValue) : 0;
        long max = signed ? (wide ? long.MaxValue : int.MaxValue) : (wide ? -1 : uint.MaxValue);
        long next = unchecked(c + 1);
        (bool Less, long Limit) test = kind switch
        {
            "<" => (true, c),
            ">=" => (false, c),
            "<=" => c == max ? (false, min) : (true, next),
            _ => c == max ? (true, min) : (false, next),
        };

        reader = ahead;
        consumed = 2;
        _lastI32Constant = null;
        _stack.Materialize(3);
        if (wide) _il.Emit(OpCodes.Ldc_I8, test.Limit);
        else EmitLdcI4(unchecked((int)test.Limit));
        string helper = (wide, signed, test.Less) switch
        {
            (false, false, true) => nameof(Runtime.Selection.SelectI32Below),
            (false, false, false) => nameof(Runtime.Selection.SelectI32NotBelow),
            (false, true, true) => nameof(Runtime.Selection.SelectI32Less),
            (false, true, false) => nameof(Runtime.Selection.SelectI32NotLess),
            (true, false, true) => nameof(Runtime.Selection.SelectI64Below),
            (true, false, false) => nameof(Runtime.Selection.SelectI64NotBelow),
            (true, true, true) => nameof(Runtime.Selection.SelectI64Less),
            (true, true, false) => nameof(Runtime.Selection.SelectI64NotLess),
        };
        EmitCall(RuntimeMembers.Method(typeof(Runtime.Selection), helper));
        _stack.Pop(3);
        _stack.Push(type);
        return true;
    }

    /// <summary>An ordering comparison: its width, signedness and kind ("&lt;", "&lt;=", "&gt;", "&gt;="), or null.</summary>
    private static (bool Wide, bool Signed, string Kind)? ComparisonOf(Opcode op) => op switch
    {
        Opcode.I32LtS => (false, true, "<"), Opcode.I32LtU => (false, false, "<"),
        Opcode.I32LeS => (false, true, "<="), Opcode.I32LeU => (false, false, "<="),
        Opcode.I32GtS => (false, true, ">"), Opcode.I32GtU => (false, false, ">"),
        Opcode.I32GeS => (false, true, ">="), Opcode.I32GeU => (false, false, ">="),
        Opcode.I64LtS => (true, true, "<"), Opcode.I64LtU => (true, false, "<"),
        Opcode.I64LeS => (true, true, "<="), Opcode.I64LeU => (true, false, "<="),
        Opcode.I64GtS => (true, true, ">"), Opcode.I64GtU => (true, false, ">"),
        Opcode.I64GeS => (true, true, ">="), Opcode.I64GeU => (true, false, ">="),
        _ => null,
    };
}
