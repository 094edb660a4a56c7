using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sharptime.Runtime;

/// <summary>
/// The select instruction as small methods generated code inlines, one per value type. Producers
/// emit select where a branch would be unpredictable (clang turns <c>if (r &gt;= P) r -= P</c> into
/// one), so it must not become a branch: RyuJIT emits no conditional moves inside loops
/// (dotnet/runtime#96380), and a plain <c>c ? a : b</c> there became a jump mispredicted half the
/// time (int64_arith ran 1.5x slower than V8). Numbers are therefore selected with a mask, all ones
/// when the condition holds. The methods stay tiny and non-generic: RyuJIT charges inlines to a
/// per-method budget by IL size, and one generic method testing typeof(T) for every type was large
/// enough to be left as a call in big functions.
/// </summary>
public static class Selection
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SelectI32(int ifTrue, int ifFalse, int condition) =>
        ifFalse ^ ((ifTrue ^ ifFalse) & -(int)Flag(condition));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SelectI64(long ifTrue, long ifFalse, int condition) =>
        ifFalse ^ ((ifTrue ^ ifFalse) & -(long)Flag(condition));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SelectF32(float ifTrue, float ifFalse, int condition) =>
        Vector128.ConditionalSelect(Vector128.Create(-(int)Flag(condition)).AsSingle(),
            Vector128.CreateScalarUnsafe(ifTrue), Vector128.CreateScalarUnsafe(ifFalse)).ToScalar();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SelectF64(double ifTrue, double ifFalse, int condition) =>
        Vector128.ConditionalSelect(Vector128.Create(-(long)Flag(condition)).AsDouble(),
            Vector128.CreateScalarUnsafe(ifTrue), Vector128.CreateScalarUnsafe(ifFalse)).ToScalar();

    /// <summary>Vectors and references, where a branch is the cheap way.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Select<T>(T ifTrue, T ifFalse, int condition) => condition != 0 ? ifTrue : ifFalse;

    /// <summary>1 when <paramref name="condition"/> is not zero, else 0, without a branch (setcc).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Flag(int condition) => Unsafe.BitCast<bool, byte>(condition != 0);
}
