using System.Runtime.CompilerServices;

namespace Sharptime.Runtime;

/// <summary>
/// Scalar instructions whose wasm semantics differ from a single IL opcode: trapping division and
/// conversions, IEEE min/max, sign bit operations on raw bits (so NaN payloads survive), unsigned
/// 64-bit to float conversions without double rounding. Small and AggressiveInlining, so generated
/// code inlines them; traps are thrown here but the exceptions are built by <see cref="Traps"/>.
/// </summary>
public static class Numerics
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    // ---- integer division ------------------------------------------------------------------

    [MethodImpl(Inline)]
    public static int I32DivS(int a, int b)
    {
        if (b == 0) throw Traps.DivideByZero();
        if (b == -1 && a == int.MinValue) throw Traps.IntegerOverflow();
        return a / b;
    }

    [MethodImpl(Inline)]
    public static int I32DivU(int a, int b)
    {
        if (b == 0) throw Traps.DivideByZero();
        return (int)((uint)a / (uint)b);
    }

    [MethodImpl(Inline)]
    public static int I32RemS(int a, int b)
    {
        if (b == 0) throw Traps.DivideByZero();
        // int.MinValue % -1 overflows on x64 (idiv faults); the wasm result is 0.
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(Inline)]
    public static int I32RemU(int a, int b)
    {
        if (b == 0) throw Traps.DivideByZero();
        return (int)((uint)a % (uint)b);
    }

    [MethodImpl(Inline)]
    public static long I64DivS(long a, long b)
    {
        if (b == 0) throw Traps.DivideByZero();
        if (b == -1 && a == long.MinValue) throw Traps.IntegerOverflow();
        return a / b;
    }

    [MethodImpl(Inline)]
    public static long I64DivU(long a, long b)
    {
        if (b == 0) throw Traps.DivideByZero();
        return (long)((ulong)a / (ulong)b);
    }

    [MethodImpl(Inline)]
    public static long I64RemS(long a, long b)
    {
        if (b == 0) throw Traps.DivideByZero();
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(Inline)]
    public static long I64RemU(long a, long b)
    {
        if (b == 0) throw Traps.DivideByZero();
        return (long)((ulong)a % (ulong)b);
    }

    // ---- bit counting and rotation ----------------------------------------------------------

    [MethodImpl(Inline)] public static int I32Clz(int a) => System.Numerics.BitOperations.LeadingZeroCount((uint)a);
    [MethodImpl(Inline)] public static int I32Ctz(int a) => System.Numerics.BitOperations.TrailingZeroCount(a);
    [MethodImpl(Inline)] public static int I32Popcnt(int a) => System.Numerics.BitOperations.PopCount((uint)a);
    [MethodImpl(Inline)] public static int I32Rotl(int a, int n) => (int)System.Numerics.BitOperations.RotateLeft((uint)a, n);
    [MethodImpl(Inline)] public static int I32Rotr(int a, int n) => (int)System.Numerics.BitOperations.RotateRight((uint)a, n);
    [MethodImpl(Inline)] public static long I64Clz(long a) => System.Numerics.BitOperations.LeadingZeroCount((ulong)a);
    [MethodImpl(Inline)] public static long I64Ctz(long a) => System.Numerics.BitOperations.TrailingZeroCount(a);
    [MethodImpl(Inline)] public static long I64Popcnt(long a) => System.Numerics.BitOperations.PopCount((ulong)a);
    [MethodImpl(Inline)] public static long I64Rotl(long a, long n) => (long)System.Numerics.BitOperations.RotateLeft((ulong)a, (int)n);
    [MethodImpl(Inline)] public static long I64Rotr(long a, long n) => (long)System.Numerics.BitOperations.RotateRight((ulong)a, (int)n);

    // ---- float sign operations: on the bits, so NaN payloads pass unchanged ------------------

    [MethodImpl(Inline)] public static float F32Abs(float a) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & int.MaxValue);
    [MethodImpl(Inline)] public static float F32Neg(float a) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) ^ int.MinValue);

    [MethodImpl(Inline)]
    public static float F32Copysign(float a, float b) => BitConverter.Int32BitsToSingle(
        (BitConverter.SingleToInt32Bits(a) & int.MaxValue) | (BitConverter.SingleToInt32Bits(b) & int.MinValue));

    [MethodImpl(Inline)] public static double F64Abs(double a) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & long.MaxValue);
    [MethodImpl(Inline)] public static double F64Neg(double a) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) ^ long.MinValue);

    [MethodImpl(Inline)]
    public static double F64Copysign(double a, double b) => BitConverter.Int64BitsToDouble(
        (BitConverter.DoubleToInt64Bits(a) & long.MaxValue) | (BitConverter.DoubleToInt64Bits(b) & long.MinValue));

    // ---- min/max: NaN in, canonical NaN out; -0 < +0 ---------------------------------
    // The spec allows any quiet NaN here; the canonical one is what Wasmtime and binaryen give.

    private static float F32CanonicalNaN => BitConverter.Int32BitsToSingle(0x7FC0_0000);
    private static double F64CanonicalNaN => BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0000);

    [MethodImpl(Inline)]
    public static float F32Min(float a, float b)
    {
        if (a < b) return a;
        if (b < a) return b;
        if (a == b) return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) | BitConverter.SingleToInt32Bits(b));
        return F32CanonicalNaN;
    }

    [MethodImpl(Inline)]
    public static float F32Max(float a, float b)
    {
        if (a > b) return a;
        if (b > a) return b;
        if (a == b) return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & BitConverter.SingleToInt32Bits(b));
        return F32CanonicalNaN;
    }

    [MethodImpl(Inline)]
    public static double F64Min(double a, double b)
    {
        if (a < b) return a;
        if (b < a) return b;
        if (a == b) return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) | BitConverter.DoubleToInt64Bits(b));
        return F64CanonicalNaN;
    }

    [MethodImpl(Inline)]
    public static double F64Max(double a, double b)
    {
        if (a > b) return a;
        if (b > a) return b;
        if (a == b) return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & BitConverter.DoubleToInt64Bits(b));
        return F64CanonicalNaN;
    }

    // ---- rounding (hardware roundss/roundsd with SSE4.1: NaNs come out quiet) ---------------

    [MethodImpl(Inline)] public static float F32Nearest(float a) => MathF.Round(a, MidpointRounding.ToEven);
    [MethodImpl(Inline)] public static double F64Nearest(double a) => Math.Round(a, MidpointRounding.ToEven);

    // ---- constants whose bits must survive the JIT (NaN payloads) ------------------------

    /// <summary>
    /// A float from its bits, not inlined: RyuJIT keeps float constants as doubles, and widening a
    /// signaling NaN quiets it, so NaN constants are made at run time instead.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float F32FromBits(int bits) => BitConverter.Int32BitsToSingle(bits);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double F64FromBits(long bits) => BitConverter.Int64BitsToDouble(bits);

    // ---- float width changes -----------------------------------------------------------

    /// <summary>
    /// f32.demote_f64 through the hardware conversion: RyuJIT folds (float)(double)x into x, which
    /// would let a signaling NaN through promote and demote unquieted.
    /// </summary>
    [MethodImpl(Inline)]
    public static float F32DemoteF64(double a) => System.Runtime.Intrinsics.X86.Sse2.IsSupported
        ? System.Runtime.Intrinsics.Vector128.ToScalar(System.Runtime.Intrinsics.X86.Sse2.ConvertToVector128Single(System.Runtime.Intrinsics.Vector128.CreateScalarUnsafe(a)))
        : (float)a;

    // ---- int to float ------------------------------------------------------------------

    /// <summary>u64 to f32 rounded once: halving with a sticky bit keeps the rounding exact.</summary>
    [MethodImpl(Inline)]
    public static float F32ConvertI64U(long a)
    {
        ulong u = (ulong)a;
        if ((long)u >= 0) return (float)(long)u;
        return (float)(long)((u >> 1) | (u & 1)) * 2f;
    }

    [MethodImpl(Inline)]
    public static double F64ConvertI64U(long a)
    {
        ulong u = (ulong)a;
        if ((long)u >= 0) return (double)(long)u;
        return (double)(long)((u >> 1) | (u & 1)) * 2d;
    }

    // ---- trapping float to int -------------------------------------------------------
    // Each range is the open or half-open interval of values whose truncation fits.

    [MethodImpl(Inline)]
    public static int I32TruncF32S(float a)
    {
        if (!(a >= -2147483648f && a < 2147483648f)) throw float.IsNaN(a) ? Traps.InvalidConversion() : Traps.IntegerOverflow();
        return (int)a;
    }

    [MethodImpl(Inline)]
    public static int I32TruncF32U(float a)
    {
        if (!(a > -1f && a < 4294967296f)) throw float.IsNaN(a) ? Traps.InvalidConversion() : Traps.IntegerOverflow();
        return (int)(uint)(long)a;
    }

    [MethodImpl(Inline)]
    public static int I32TruncF64S(double a)
    {
        if (!(a > -2147483649d && a < 2147483648d)) throw double.IsNaN(a) ? Traps.InvalidConversion() : Traps.IntegerOverflow();
        return (int)a;
    }

    [MethodImpl(Inline)]
    public static int I32TruncF64U(double a)
    {
        if (!(a > -1d && a < 4294967296d)) throw double.IsNaN(a) ? Traps.InvalidConversion() : Traps.IntegerOverflow();
        return (int)(uint)(long)a;
    }

    [MethodImpl(Inline)]
    public static long I64TruncF32S(float a)
    {
        if (!(a >= -9223372036854775808f && a < 9223372036854775808f)) throw float.IsNaN(a) ? Traps.InvalidConversion() : Traps.IntegerOverflow();
        return (long)a;
    }

    [MethodImpl(Inline)]
    public static long I64TruncF32U(float a)
    {
        if (!(a > -1f && a < 18446744073709551616f)) throw float.IsNaN(a) ? Traps.InvalidConversion() : Traps.IntegerOverflow();
        return (long)DoubleToU64(a);
    }

    [MethodImpl(Inline)]
    public static long I64TruncF64S(double a)
    {
        if (!(a >= -9223372036854775808d && a < 9223372036854775808d)) throw double.IsNaN(a) ? Traps.InvalidConversion() : Traps.IntegerOverflow();
        return (long)a;
    }

    [MethodImpl(Inline)]
    public static long I64TruncF64U(double a)
    {
        if (!(a > -1d && a < 18446744073709551616d)) throw double.IsNaN(a) ? Traps.InvalidConversion() : Traps.IntegerOverflow();
        return (long)DoubleToU64(a);
    }

    /// <summary>Truncates a double in [0, 2^64) to u64 without relying on the runtime's unsigned conversion.</summary>
    [MethodImpl(Inline)]
    private static ulong DoubleToU64(double a) =>
        a < 9223372036854775808d ? (ulong)(long)a : (ulong)(long)(a - 9223372036854775808d) + 9223372036854775808UL;

    // ---- saturating float to int -----------------------------------------------------

    [MethodImpl(Inline)]
    public static int I32TruncSatF32S(float a) =>
        a >= -2147483648f ? (a < 2147483648f ? (int)a : int.MaxValue) : (float.IsNaN(a) ? 0 : int.MinValue);

    [MethodImpl(Inline)]
    public static int I32TruncSatF32U(float a) =>
        a > -1f ? (a < 4294967296f ? (int)(uint)(long)a : -1) : 0;

    [MethodImpl(Inline)]
    public static int I32TruncSatF64S(double a) =>
        a > -2147483649d ? (a < 2147483648d ? (int)a : int.MaxValue) : (double.IsNaN(a) ? 0 : int.MinValue);

    [MethodImpl(Inline)]
    public static int I32TruncSatF64U(double a) =>
        a > -1d ? (a < 4294967296d ? (int)(uint)(long)a : -1) : 0;

    [MethodImpl(Inline)]
    public static long I64TruncSatF32S(float a) =>
        a >= -9223372036854775808f ? (a < 9223372036854775808f ? (long)a : long.MaxValue) : (float.IsNaN(a) ? 0 : long.MinValue);

    [MethodImpl(Inline)]
    public static long I64TruncSatF32U(float a) =>
        a > -1f ? (a < 18446744073709551616f ? (long)DoubleToU64(a) : -1L) : 0;

    [MethodImpl(Inline)]
    public static long I64TruncSatF64S(double a) =>
        a >= -9223372036854775808d ? (a < 9223372036854775808d ? (long)a : long.MaxValue) : (double.IsNaN(a) ? 0 : long.MinValue);

    [MethodImpl(Inline)]
    public static long I64TruncSatF64U(double a) =>
        a > -1d ? (a < 18446744073709551616d ? (long)DoubleToU64(a) : -1L) : 0;
}
