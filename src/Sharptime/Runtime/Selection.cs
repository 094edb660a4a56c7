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

    // A select whose condition compares a value with a constant (clang's "if (r >= P) r -= P" becomes
    // select(r - P, r, r >= P)): the compiler passes the value and a limit here instead of a 0/1
    // condition, and the mask comes from the sign of x - limit (sub, andn or or, sar) rather than
    // compare, setcc, zero extension and neg: one step shorter on the dependence chain, int64_arith's
    // modular doubling 30% faster in a loop of such selects. x - limit has the sign of the comparison
    // when it does not overflow; where it could, the top bit of x decides. limit is a constant, so
    // its test folds away once inlined.

    /// <summary><c>(uint)x &lt; (uint)limit ? ifTrue : ifFalse</c>, without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SelectI32Below(int ifTrue, int ifFalse, int x, int limit) =>
        ifFalse ^ ((ifTrue ^ ifFalse) & BelowMask(x, limit));

    /// <summary><c>(uint)x &gt;= (uint)limit ? ifTrue : ifFalse</c>, without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SelectI32NotBelow(int ifTrue, int ifFalse, int x, int limit) =>
        ifTrue ^ ((ifTrue ^ ifFalse) & BelowMask(x, limit));

    /// <summary><c>x &lt; limit ? ifTrue : ifFalse</c>, without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SelectI32Less(int ifTrue, int ifFalse, int x, int limit) =>
        ifFalse ^ ((ifTrue ^ ifFalse) & LessMask(x, limit));

    /// <summary><c>x &gt;= limit ? ifTrue : ifFalse</c>, without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SelectI32NotLess(int ifTrue, int ifFalse, int x, int limit) =>
        ifTrue ^ ((ifTrue ^ ifFalse) & LessMask(x, limit));

    /// <summary><c>(ulong)x &lt; (ulong)limit ? ifTrue : ifFalse</c>, without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SelectI64Below(long ifTrue, long ifFalse, long x, long limit) =>
        ifFalse ^ ((ifTrue ^ ifFalse) & BelowMask(x, limit));

    /// <summary><c>(ulong)x &gt;= (ulong)limit ? ifTrue : ifFalse</c>, without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SelectI64NotBelow(long ifTrue, long ifFalse, long x, long limit) =>
        ifTrue ^ ((ifTrue ^ ifFalse) & BelowMask(x, limit));

    /// <summary><c>x &lt; limit ? ifTrue : ifFalse</c>, without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SelectI64Less(long ifTrue, long ifFalse, long x, long limit) =>
        ifFalse ^ ((ifTrue ^ ifFalse) & LessMask(x, limit));

    /// <summary><c>x &gt;= limit ? ifTrue : ifFalse</c>, without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SelectI64NotLess(long ifTrue, long ifFalse, long x, long limit) =>
        ifTrue ^ ((ifTrue ^ ifFalse) & LessMask(x, limit));

    /// <summary>
    /// All ones when <c>(uint)x &lt; (uint)limit</c>, else 0. With both below 2^31 the difference cannot
    /// overflow; otherwise x at or above 2^31 is not below a limit under it, and is below one over it
    /// exactly when the difference is negative (both then lie in [2^31, 2^32)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BelowMask(int x, int limit) => (limit >= 0 ? (x - limit) & ~x : (x - limit) | ~x) >> 31;

    /// <summary>All ones when <c>(ulong)x &lt; (ulong)limit</c>, else 0 (as the 32-bit one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long BelowMask(long x, long limit) => (limit >= 0 ? (x - limit) & ~x : (x - limit) | ~x) >> 63;

    /// <summary>
    /// All ones when <c>x &lt; limit</c>, else 0. The difference overflows only when the signs differ:
    /// then a negative x is less than a limit at or above 0, and a non-negative one is not less than a
    /// negative limit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LessMask(int x, int limit) => (limit >= 0 ? (x - limit) | x : (x - limit) & x) >> 31;

    /// <summary>All ones when <c>x &lt; limit</c>, else 0 (as the 32-bit one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long LessMask(long x, long limit) => (limit >= 0 ? (x - limit) | x : (x - limit) & x) >> 63;

    /// <summary>Vectors and references, where a branch is the cheap way.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Select<T>(T ifTrue, T ifFalse, int condition) => condition != 0 ? ifTrue : ifFalse;

    /// <summary>1 when <paramref name="condition"/> is not zero, else 0, without a branch (setcc).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Flag(int condition) => Unsafe.BitCast<bool, byte>(condition != 0);
}
