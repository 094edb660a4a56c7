using System.Buffers.Binary;
using System.Reflection.Emit;
using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Compilation;

// Instruction sequences that compute what one CPU instruction does, which RyuJIT does not recognize
// in their expanded form. wasm has no byte swap, so LLVM expands one (ntohl, big-endian loads in
// hashes and codecs) into shifts, masks and ors: 18 instructions where x64 has bswap (or movbe with
// the load). sha256's block function swaps each of its 16 message words that way.
internal sealed partial class FunctionCompiler
{
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
