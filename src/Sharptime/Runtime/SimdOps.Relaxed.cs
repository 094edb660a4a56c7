using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Sharptime.Runtime;

// Relaxed SIMD (WebAssembly 3.0). The spec allows several results for edge cases; Sharptime always
// picks the deterministic one of the corresponding exact instruction, so results do not depend on the
// machine: swizzle zeroes out-of-range lanes, truncation saturates, madd rounds twice, min/max are
// the IEEE ones, laneselect is bitselect.
public static partial class SimdOps
{
    [MethodImpl(Inline)] public static V I8x16RelaxedSwizzle(V a, V indices) => I8x16Swizzle(a, indices);
    [MethodImpl(Inline)] public static V I32x4RelaxedTruncF32x4S(V a) => I32x4TruncSatF32x4S(a);
    [MethodImpl(Inline)] public static V I32x4RelaxedTruncF32x4U(V a) => I32x4TruncSatF32x4U(a);
    [MethodImpl(Inline)] public static V I32x4RelaxedTruncF64x2SZero(V a) => I32x4TruncSatF64x2SZero(a);
    [MethodImpl(Inline)] public static V I32x4RelaxedTruncF64x2UZero(V a) => I32x4TruncSatF64x2UZero(a);
    [MethodImpl(Inline)] public static V F32x4RelaxedMadd(V a, V b, V c) => (a.AsSingle() * b.AsSingle() + c.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4RelaxedNmadd(V a, V b, V c) => (c.AsSingle() - a.AsSingle() * b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F64x2RelaxedMadd(V a, V b, V c) => (a.AsDouble() * b.AsDouble() + c.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2RelaxedNmadd(V a, V b, V c) => (c.AsDouble() - a.AsDouble() * b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V I8x16RelaxedLaneselect(V a, V b, V mask) => V128Bitselect(a, b, mask);
    [MethodImpl(Inline)] public static V I16x8RelaxedLaneselect(V a, V b, V mask) => V128Bitselect(a, b, mask);
    [MethodImpl(Inline)] public static V I32x4RelaxedLaneselect(V a, V b, V mask) => V128Bitselect(a, b, mask);
    [MethodImpl(Inline)] public static V I64x2RelaxedLaneselect(V a, V b, V mask) => V128Bitselect(a, b, mask);
    [MethodImpl(Inline)] public static V F32x4RelaxedMin(V a, V b) => F32x4Min(a, b);
    [MethodImpl(Inline)] public static V F32x4RelaxedMax(V a, V b) => F32x4Max(a, b);
    [MethodImpl(Inline)] public static V F64x2RelaxedMin(V a, V b) => F64x2Min(a, b);
    [MethodImpl(Inline)] public static V F64x2RelaxedMax(V a, V b) => F64x2Max(a, b);
    [MethodImpl(Inline)] public static V I16x8RelaxedQ15mulrS(V a, V b) => I16x8Q15mulrSatS(a, b);

    /// <summary>Products of signed bytes, adjacent pairs added with wrap-around into 16-bit lanes.</summary>
    [MethodImpl(Inline)]
    public static V I16x8RelaxedDotI8x16I7x16S(V a, V b)
    {
        var low = Vector128.WidenLower(a.AsSByte()) * Vector128.WidenLower(b.AsSByte());
        var high = Vector128.WidenUpper(a.AsSByte()) * Vector128.WidenUpper(b.AsSByte());
        // Pairs of 16-bit products: even lanes + odd lanes, then narrow back to 8 sums of pairs.
        var lowPairs = low.AsInt32();
        var highPairs = high.AsInt32();
        var lowSums = Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(lowPairs, 16), 16) + Vector128.ShiftRightArithmetic(lowPairs, 16);
        var highSums = Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(highPairs, 16), 16) + Vector128.ShiftRightArithmetic(highPairs, 16);
        return Vector128.Narrow(lowSums, highSums).AsByte();
    }

    /// <summary>Groups of four signed byte products summed into 32-bit lanes, plus c.</summary>
    [MethodImpl(Inline)]
    public static V I32x4RelaxedDotI8x16I7x16AddS(V a, V b, V c)
    {
        var pairs = I16x8RelaxedDotI8x16I7x16S(a, b).AsInt32();
        var sums = Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(pairs, 16), 16) + Vector128.ShiftRightArithmetic(pairs, 16);
        return (sums + c.AsInt32()).AsByte();
    }
}
