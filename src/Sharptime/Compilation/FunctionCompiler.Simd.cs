using Sharptime.Model;

namespace Sharptime.Compilation;

// SIMD: v128 as Vector128<byte>, reinterpreted per instruction, with hardware intrinsics where they exist.
internal sealed partial class FunctionCompiler
{
    private void EmitSimd(in Instruction ins) => throw Unsupported(ins.Opcode);
}
