using System.Reflection;
using System.Reflection.Emit;

namespace Sharptime.Compilation;

/// <summary>
/// How the runtime should tier a generated method, decided from its size once its IL is emitted.
/// RyuJIT compiles a method past its size limits (60,000 bytes of IL, 20,000 IL instructions,
/// 2,000 basic blocks) without optimizations at every tier, so tiering only compiles it again for
/// nothing: a huge function with loops got one on-stack-replacement compile per hot loop, each
/// re-importing the whole method (Yosys: 12 MB of IL compiled again that way, seconds of JIT).
/// Such methods are marked AggressiveOptimization: compiled once, on first call, and never again.
/// </summary>
internal static class TieringPolicy
{
    /// <summary>
    /// IL size from which a method is compiled once. A little below the JIT's 60,000-byte limit,
    /// because the instruction and block limits are usually reached first in generated code.
    /// </summary>
    public const int CompileOnceILSize = 50_000;

    public static void Apply(MethodBuilder method)
    {
        if (method.GetILGenerator().ILOffset >= CompileOnceILSize)
            method.SetImplementationFlags(MethodImplAttributes.IL | MethodImplAttributes.AggressiveOptimization);
    }
}
