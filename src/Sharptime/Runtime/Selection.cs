using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sharptime.Runtime;

/// <summary>
/// The select instruction as an expression generated code inlines. Producers emit select where a
/// branch would be unpredictable (clang turns <c>if (r &gt;= P) r -= P</c> into one), so it must not
/// become a branch: RyuJIT emits no conditional moves inside loops (dotnet/runtime#96380), and a
/// plain <c>c ? a : b</c> there became a jump mispredicted half the time (int64_arith ran 1.5x
/// slower than V8). Numbers are therefore selected with a mask: all ones when the condition holds.
/// The type tests are constants for each instantiation, so only one path is compiled.
/// </summary>
public static class Selection
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Select<T>(T ifTrue, T ifFalse, int condition)
    {
        if (typeof(T) == typeof(int))
        {
            int mask = -(int)Flag(condition);
            int r = Unsafe.As<T, int>(ref ifFalse) ^ ((Unsafe.As<T, int>(ref ifTrue) ^ Unsafe.As<T, int>(ref ifFalse)) & mask);
            return Unsafe.As<int, T>(ref r);
        }
        if (typeof(T) == typeof(long))
        {
            long mask = -(long)Flag(condition);
            long r = Unsafe.As<T, long>(ref ifFalse) ^ ((Unsafe.As<T, long>(ref ifTrue) ^ Unsafe.As<T, long>(ref ifFalse)) & mask);
            return Unsafe.As<long, T>(ref r);
        }
        if (typeof(T) == typeof(double))
        {
            var mask = Vector128.Create(-(long)Flag(condition)).AsDouble();
            double r = Vector128.ConditionalSelect(mask, Vector128.CreateScalarUnsafe(Unsafe.As<T, double>(ref ifTrue)),
                Vector128.CreateScalarUnsafe(Unsafe.As<T, double>(ref ifFalse))).ToScalar();
            return Unsafe.As<double, T>(ref r);
        }
        if (typeof(T) == typeof(float))
        {
            var mask = Vector128.Create(-(int)Flag(condition)).AsSingle();
            float r = Vector128.ConditionalSelect(mask, Vector128.CreateScalarUnsafe(Unsafe.As<T, float>(ref ifTrue)),
                Vector128.CreateScalarUnsafe(Unsafe.As<T, float>(ref ifFalse))).ToScalar();
            return Unsafe.As<float, T>(ref r);
        }
        return condition != 0 ? ifTrue : ifFalse;
    }

    /// <summary>1 when <paramref name="condition"/> is not zero, else 0, without a branch (setcc).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Flag(int condition) => Unsafe.BitCast<bool, byte>(condition != 0);
}
