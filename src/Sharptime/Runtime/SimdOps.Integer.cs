using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Sharptime.Runtime;

// Integer lanes: comparisons give all-ones lanes for true; shifts take the count modulo the lane
// width; saturating and narrowing forms clamp (x86's pack and saturate instructions when present).
public static partial class SimdOps
{
    // ---- comparisons -----------------------------------------------------------------

    [MethodImpl(Inline)] public static V I8x16Eq(V a, V b) => Vector128.Equals(a, b);
    [MethodImpl(Inline)] public static V I8x16Ne(V a, V b) => ~Vector128.Equals(a, b);
    [MethodImpl(Inline)] public static V I8x16LtS(V a, V b) => Vector128.LessThan(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I8x16LtU(V a, V b) => Vector128.LessThan(a, b);
    [MethodImpl(Inline)] public static V I8x16GtS(V a, V b) => Vector128.GreaterThan(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I8x16GtU(V a, V b) => Vector128.GreaterThan(a, b);
    [MethodImpl(Inline)] public static V I8x16LeS(V a, V b) => Vector128.LessThanOrEqual(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I8x16LeU(V a, V b) => Vector128.LessThanOrEqual(a, b);
    [MethodImpl(Inline)] public static V I8x16GeS(V a, V b) => Vector128.GreaterThanOrEqual(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I8x16GeU(V a, V b) => Vector128.GreaterThanOrEqual(a, b);

    [MethodImpl(Inline)] public static V I16x8Eq(V a, V b) => Vector128.Equals(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8Ne(V a, V b) => (~Vector128.Equals(a.AsInt16(), b.AsInt16())).AsByte();
    [MethodImpl(Inline)] public static V I16x8LtS(V a, V b) => Vector128.LessThan(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8LtU(V a, V b) => Vector128.LessThan(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8GtS(V a, V b) => Vector128.GreaterThan(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8GtU(V a, V b) => Vector128.GreaterThan(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8LeS(V a, V b) => Vector128.LessThanOrEqual(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8LeU(V a, V b) => Vector128.LessThanOrEqual(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8GeS(V a, V b) => Vector128.GreaterThanOrEqual(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8GeU(V a, V b) => Vector128.GreaterThanOrEqual(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(Inline)] public static V I32x4Eq(V a, V b) => Vector128.Equals(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4Ne(V a, V b) => (~Vector128.Equals(a.AsInt32(), b.AsInt32())).AsByte();
    [MethodImpl(Inline)] public static V I32x4LtS(V a, V b) => Vector128.LessThan(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4LtU(V a, V b) => Vector128.LessThan(a.AsUInt32(), b.AsUInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4GtS(V a, V b) => Vector128.GreaterThan(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4GtU(V a, V b) => Vector128.GreaterThan(a.AsUInt32(), b.AsUInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4LeS(V a, V b) => Vector128.LessThanOrEqual(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4LeU(V a, V b) => Vector128.LessThanOrEqual(a.AsUInt32(), b.AsUInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4GeS(V a, V b) => Vector128.GreaterThanOrEqual(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4GeU(V a, V b) => Vector128.GreaterThanOrEqual(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(Inline)] public static V I64x2Eq(V a, V b) => Vector128.Equals(a.AsInt64(), b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static V I64x2Ne(V a, V b) => (~Vector128.Equals(a.AsInt64(), b.AsInt64())).AsByte();
    [MethodImpl(Inline)] public static V I64x2LtS(V a, V b) => Vector128.LessThan(a.AsInt64(), b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static V I64x2GtS(V a, V b) => Vector128.GreaterThan(a.AsInt64(), b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static V I64x2LeS(V a, V b) => Vector128.LessThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static V I64x2GeS(V a, V b) => Vector128.GreaterThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte();

    // ---- lane tests and masks ----------------------------------------------------------

    [MethodImpl(Inline)] public static int I8x16AllTrue(V a) => Vector128.EqualsAny(a, V.Zero) ? 0 : 1;
    [MethodImpl(Inline)] public static int I16x8AllTrue(V a) => Vector128.EqualsAny(a.AsUInt16(), Vector128<ushort>.Zero) ? 0 : 1;
    [MethodImpl(Inline)] public static int I32x4AllTrue(V a) => Vector128.EqualsAny(a.AsUInt32(), Vector128<uint>.Zero) ? 0 : 1;
    [MethodImpl(Inline)] public static int I64x2AllTrue(V a) => Vector128.EqualsAny(a.AsUInt64(), Vector128<ulong>.Zero) ? 0 : 1;
    [MethodImpl(Inline)] public static int I8x16Bitmask(V a) => (int)Vector128.ExtractMostSignificantBits(a);
    [MethodImpl(Inline)] public static int I16x8Bitmask(V a) => (int)Vector128.ExtractMostSignificantBits(a.AsUInt16());
    [MethodImpl(Inline)] public static int I32x4Bitmask(V a) => (int)Vector128.ExtractMostSignificantBits(a.AsUInt32());
    [MethodImpl(Inline)] public static int I64x2Bitmask(V a) => (int)Vector128.ExtractMostSignificantBits(a.AsUInt64());

    // ---- unary -------------------------------------------------------------------------

    [MethodImpl(Inline)] public static V I8x16Abs(V a) => Vector128.Abs(a.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I16x8Abs(V a) => Vector128.Abs(a.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I32x4Abs(V a) => Vector128.Abs(a.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I64x2Abs(V a) => Vector128.Abs(a.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static V I8x16Neg(V a) => (-a.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I16x8Neg(V a) => (-a.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I32x4Neg(V a) => (-a.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I64x2Neg(V a) => (-a.AsInt64()).AsByte();

    /// <summary>Per-byte population count from a 16-entry nibble table.</summary>
    [MethodImpl(Inline)]
    public static V I8x16Popcnt(V a)
    {
        var table = Vector128.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        var low = Vector128.Create((byte)0x0F);
        return Vector128.Shuffle(table, a & low) + Vector128.Shuffle(table, Vector128.ShiftRightLogical(a, 4) & low);
    }

    // ---- shifts (count modulo lane width) ----------------------------------------------

    [MethodImpl(Inline)] public static V I8x16Shl(V a, int n) => Vector128.ShiftLeft(a, n & 7);
    [MethodImpl(Inline)] public static V I8x16ShrS(V a, int n) => Vector128.ShiftRightArithmetic(a.AsSByte(), n & 7).AsByte();
    [MethodImpl(Inline)] public static V I8x16ShrU(V a, int n) => Vector128.ShiftRightLogical(a, n & 7);
    [MethodImpl(Inline)] public static V I16x8Shl(V a, int n) => Vector128.ShiftLeft(a.AsInt16(), n & 15).AsByte();
    [MethodImpl(Inline)] public static V I16x8ShrS(V a, int n) => Vector128.ShiftRightArithmetic(a.AsInt16(), n & 15).AsByte();
    [MethodImpl(Inline)] public static V I16x8ShrU(V a, int n) => Vector128.ShiftRightLogical(a.AsUInt16(), n & 15).AsByte();
    [MethodImpl(Inline)] public static V I32x4Shl(V a, int n) => Vector128.ShiftLeft(a.AsInt32(), n & 31).AsByte();
    [MethodImpl(Inline)] public static V I32x4ShrS(V a, int n) => Vector128.ShiftRightArithmetic(a.AsInt32(), n & 31).AsByte();
    [MethodImpl(Inline)] public static V I32x4ShrU(V a, int n) => Vector128.ShiftRightLogical(a.AsUInt32(), n & 31).AsByte();
    [MethodImpl(Inline)] public static V I64x2Shl(V a, int n) => Vector128.ShiftLeft(a.AsInt64(), n & 63).AsByte();
    [MethodImpl(Inline)] public static V I64x2ShrS(V a, int n) => Vector128.ShiftRightArithmetic(a.AsInt64(), n & 63).AsByte();
    [MethodImpl(Inline)] public static V I64x2ShrU(V a, int n) => Vector128.ShiftRightLogical(a.AsUInt64(), n & 63).AsByte();

    // ---- add, sub, mul (wrapping) --------------------------------------------------------

    [MethodImpl(Inline)] public static V I8x16Add(V a, V b) => a + b;
    [MethodImpl(Inline)] public static V I8x16Sub(V a, V b) => a - b;
    [MethodImpl(Inline)] public static V I16x8Add(V a, V b) => (a.AsInt16() + b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8Sub(V a, V b) => (a.AsInt16() - b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8Mul(V a, V b) => (a.AsInt16() * b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I32x4Add(V a, V b) => (a.AsInt32() + b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4Sub(V a, V b) => (a.AsInt32() - b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4Mul(V a, V b) => (a.AsInt32() * b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I64x2Add(V a, V b) => (a.AsInt64() + b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static V I64x2Sub(V a, V b) => (a.AsInt64() - b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static V I64x2Mul(V a, V b) => (a.AsInt64() * b.AsInt64()).AsByte();

    // ---- saturating add and sub ----------------------------------------------------------

    [MethodImpl(Inline)]
    public static V I8x16AddSatS(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.AddSaturate(a.AsSByte(), b.AsSByte()).AsByte();
        var (al, ah) = Vector128.Widen(a.AsSByte());
        var (bl, bh) = Vector128.Widen(b.AsSByte());
        return NarrowS8(al + bl, ah + bh);
    }

    [MethodImpl(Inline)]
    public static V I8x16SubSatS(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.SubtractSaturate(a.AsSByte(), b.AsSByte()).AsByte();
        var (al, ah) = Vector128.Widen(a.AsSByte());
        var (bl, bh) = Vector128.Widen(b.AsSByte());
        return NarrowS8(al - bl, ah - bh);
    }

    [MethodImpl(Inline)]
    public static V I8x16AddSatU(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.AddSaturate(a, b);
        var sum = a + b;
        return sum | Vector128.LessThan(sum, a);
    }

    [MethodImpl(Inline)]
    public static V I8x16SubSatU(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.SubtractSaturate(a, b);
        return Vector128.Max(a, b) - b;
    }

    [MethodImpl(Inline)]
    public static V I16x8AddSatS(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.AddSaturate(a.AsInt16(), b.AsInt16()).AsByte();
        var (al, ah) = Vector128.Widen(a.AsInt16());
        var (bl, bh) = Vector128.Widen(b.AsInt16());
        return NarrowS16(al + bl, ah + bh);
    }

    [MethodImpl(Inline)]
    public static V I16x8SubSatS(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.SubtractSaturate(a.AsInt16(), b.AsInt16()).AsByte();
        var (al, ah) = Vector128.Widen(a.AsInt16());
        var (bl, bh) = Vector128.Widen(b.AsInt16());
        return NarrowS16(al - bl, ah - bh);
    }

    [MethodImpl(Inline)]
    public static V I16x8AddSatU(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.AddSaturate(a.AsUInt16(), b.AsUInt16()).AsByte();
        var sum = a.AsUInt16() + b.AsUInt16();
        return (sum | Vector128.LessThan(sum, a.AsUInt16())).AsByte();
    }

    [MethodImpl(Inline)]
    public static V I16x8SubSatU(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.SubtractSaturate(a.AsUInt16(), b.AsUInt16()).AsByte();
        return (Vector128.Max(a.AsUInt16(), b.AsUInt16()) - b.AsUInt16()).AsByte();
    }

    // ---- min, max, average ---------------------------------------------------------------

    [MethodImpl(Inline)] public static V I8x16MinS(V a, V b) => Vector128.Min(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I8x16MinU(V a, V b) => Vector128.Min(a, b);
    [MethodImpl(Inline)] public static V I8x16MaxS(V a, V b) => Vector128.Max(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I8x16MaxU(V a, V b) => Vector128.Max(a, b);
    [MethodImpl(Inline)] public static V I16x8MinS(V a, V b) => Vector128.Min(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8MinU(V a, V b) => Vector128.Min(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8MaxS(V a, V b) => Vector128.Max(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8MaxU(V a, V b) => Vector128.Max(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static V I32x4MinS(V a, V b) => Vector128.Min(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4MinU(V a, V b) => Vector128.Min(a.AsUInt32(), b.AsUInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4MaxS(V a, V b) => Vector128.Max(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4MaxU(V a, V b) => Vector128.Max(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(Inline)]
    public static V I8x16AvgrU(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.Average(a, b);
        var (al, ah) = Vector128.Widen(a);
        var (bl, bh) = Vector128.Widen(b);
        var one = Vector128.Create((ushort)1);
        return Vector128.Narrow((al + bl + one) >> 1, (ah + bh + one) >> 1);
    }

    [MethodImpl(Inline)]
    public static V I16x8AvgrU(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.Average(a.AsUInt16(), b.AsUInt16()).AsByte();
        var (al, ah) = Vector128.Widen(a.AsUInt16());
        var (bl, bh) = Vector128.Widen(b.AsUInt16());
        var one = Vector128.Create(1u);
        return Vector128.Narrow((al + bl + one) >> 1, (ah + bh + one) >> 1).AsByte();
    }

    // ---- narrowing (saturating) and widening ---------------------------------------------

    [MethodImpl(Inline)]
    private static V NarrowS8(Vector128<short> low, Vector128<short> high)
    {
        var min = Vector128.Create((short)sbyte.MinValue);
        var max = Vector128.Create((short)sbyte.MaxValue);
        return Vector128.Narrow(Vector128.Clamp(low, min, max), Vector128.Clamp(high, min, max)).AsByte();
    }

    [MethodImpl(Inline)]
    private static V NarrowS16(Vector128<int> low, Vector128<int> high)
    {
        var min = Vector128.Create((int)short.MinValue);
        var max = Vector128.Create((int)short.MaxValue);
        return Vector128.Narrow(Vector128.Clamp(low, min, max), Vector128.Clamp(high, min, max)).AsByte();
    }

    [MethodImpl(Inline)]
    public static V I8x16NarrowI16x8S(V a, V b) =>
        Sse2.IsSupported ? Sse2.PackSignedSaturate(a.AsInt16(), b.AsInt16()).AsByte() : NarrowS8(a.AsInt16(), b.AsInt16());

    [MethodImpl(Inline)]
    public static V I8x16NarrowI16x8U(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.PackUnsignedSaturate(a.AsInt16(), b.AsInt16());
        var min = Vector128<short>.Zero;
        var max = Vector128.Create((short)byte.MaxValue);
        return Vector128.Narrow(Vector128.Clamp(a.AsInt16(), min, max).AsUInt16(), Vector128.Clamp(b.AsInt16(), min, max).AsUInt16());
    }

    [MethodImpl(Inline)]
    public static V I16x8NarrowI32x4S(V a, V b) =>
        Sse2.IsSupported ? Sse2.PackSignedSaturate(a.AsInt32(), b.AsInt32()).AsByte() : NarrowS16(a.AsInt32(), b.AsInt32());

    [MethodImpl(Inline)]
    public static V I16x8NarrowI32x4U(V a, V b)
    {
        if (Sse41.IsSupported) return Sse41.PackUnsignedSaturate(a.AsInt32(), b.AsInt32()).AsByte();
        var min = Vector128<int>.Zero;
        var max = Vector128.Create((int)ushort.MaxValue);
        return Vector128.Narrow(Vector128.Clamp(a.AsInt32(), min, max).AsUInt32(), Vector128.Clamp(b.AsInt32(), min, max).AsUInt32()).AsByte();
    }

    [MethodImpl(Inline)] public static V I16x8ExtendLowI8x16S(V a) => Vector128.WidenLower(a.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I16x8ExtendHighI8x16S(V a) => Vector128.WidenUpper(a.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I16x8ExtendLowI8x16U(V a) => Vector128.WidenLower(a).AsByte();
    [MethodImpl(Inline)] public static V I16x8ExtendHighI8x16U(V a) => Vector128.WidenUpper(a).AsByte();
    [MethodImpl(Inline)] public static V I32x4ExtendLowI16x8S(V a) => Vector128.WidenLower(a.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I32x4ExtendHighI16x8S(V a) => Vector128.WidenUpper(a.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I32x4ExtendLowI16x8U(V a) => Vector128.WidenLower(a.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static V I32x4ExtendHighI16x8U(V a) => Vector128.WidenUpper(a.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static V I64x2ExtendLowI32x4S(V a) => Vector128.WidenLower(a.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I64x2ExtendHighI32x4S(V a) => Vector128.WidenUpper(a.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I64x2ExtendLowI32x4U(V a) => Vector128.WidenLower(a.AsUInt32()).AsByte();
    [MethodImpl(Inline)] public static V I64x2ExtendHighI32x4U(V a) => Vector128.WidenUpper(a.AsUInt32()).AsByte();

    // ---- extended multiplication, pairwise addition, dot product, q15 -------------------

    [MethodImpl(Inline)] public static V I16x8ExtmulLowI8x16S(V a, V b) => (Vector128.WidenLower(a.AsSByte()) * Vector128.WidenLower(b.AsSByte())).AsByte();
    [MethodImpl(Inline)] public static V I16x8ExtmulHighI8x16S(V a, V b) => (Vector128.WidenUpper(a.AsSByte()) * Vector128.WidenUpper(b.AsSByte())).AsByte();
    [MethodImpl(Inline)] public static V I16x8ExtmulLowI8x16U(V a, V b) => (Vector128.WidenLower(a) * Vector128.WidenLower(b)).AsByte();
    [MethodImpl(Inline)] public static V I16x8ExtmulHighI8x16U(V a, V b) => (Vector128.WidenUpper(a) * Vector128.WidenUpper(b)).AsByte();
    [MethodImpl(Inline)] public static V I32x4ExtmulLowI16x8S(V a, V b) => (Vector128.WidenLower(a.AsInt16()) * Vector128.WidenLower(b.AsInt16())).AsByte();
    [MethodImpl(Inline)] public static V I32x4ExtmulHighI16x8S(V a, V b) => (Vector128.WidenUpper(a.AsInt16()) * Vector128.WidenUpper(b.AsInt16())).AsByte();
    [MethodImpl(Inline)] public static V I32x4ExtmulLowI16x8U(V a, V b) => (Vector128.WidenLower(a.AsUInt16()) * Vector128.WidenLower(b.AsUInt16())).AsByte();
    [MethodImpl(Inline)] public static V I32x4ExtmulHighI16x8U(V a, V b) => (Vector128.WidenUpper(a.AsUInt16()) * Vector128.WidenUpper(b.AsUInt16())).AsByte();
    [MethodImpl(Inline)] public static V I64x2ExtmulLowI32x4S(V a, V b) => (Vector128.WidenLower(a.AsInt32()) * Vector128.WidenLower(b.AsInt32())).AsByte();
    [MethodImpl(Inline)] public static V I64x2ExtmulHighI32x4S(V a, V b) => (Vector128.WidenUpper(a.AsInt32()) * Vector128.WidenUpper(b.AsInt32())).AsByte();
    [MethodImpl(Inline)] public static V I64x2ExtmulLowI32x4U(V a, V b) => (Vector128.WidenLower(a.AsUInt32()) * Vector128.WidenLower(b.AsUInt32())).AsByte();
    [MethodImpl(Inline)] public static V I64x2ExtmulHighI32x4U(V a, V b) => (Vector128.WidenUpper(a.AsUInt32()) * Vector128.WidenUpper(b.AsUInt32())).AsByte();

    /// <summary>Each 16-bit lane is a pair of bytes: sign- or zero-extend both halves in place and add.</summary>
    [MethodImpl(Inline)]
    public static V I16x8ExtaddPairwiseI8x16S(V a)
    {
        var pairs = a.AsInt16();
        return (Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(pairs, 8), 8) + Vector128.ShiftRightArithmetic(pairs, 8)).AsByte();
    }

    [MethodImpl(Inline)]
    public static V I16x8ExtaddPairwiseI8x16U(V a)
    {
        var pairs = a.AsUInt16();
        return ((pairs & Vector128.Create((ushort)0xFF)) + Vector128.ShiftRightLogical(pairs, 8)).AsByte();
    }

    [MethodImpl(Inline)]
    public static V I32x4ExtaddPairwiseI16x8S(V a)
    {
        var pairs = a.AsInt32();
        return (Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(pairs, 16), 16) + Vector128.ShiftRightArithmetic(pairs, 16)).AsByte();
    }

    [MethodImpl(Inline)]
    public static V I32x4ExtaddPairwiseI16x8U(V a)
    {
        var pairs = a.AsUInt32();
        return ((pairs & Vector128.Create(0xFFFFu)) + Vector128.ShiftRightLogical(pairs, 16)).AsByte();
    }

    [MethodImpl(Inline)]
    public static V I32x4DotI16x8S(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16()).AsByte();
        var low = Vector128.WidenLower(a.AsInt16()) * Vector128.WidenLower(b.AsInt16());
        var high = Vector128.WidenUpper(a.AsInt16()) * Vector128.WidenUpper(b.AsInt16());
        return PairwiseAdd(low, high).AsByte();
    }

    /// <summary>[a0+a1, a2+a3, b0+b1, b2+b3].</summary>
    [MethodImpl(Inline)]
    private static Vector128<int> PairwiseAdd(Vector128<int> a, Vector128<int> b) =>
        Vector128.Create(a[0] + a[1], a[2] + a[3], b[0] + b[1], b[2] + b[3]);

    /// <summary>
    /// (a * b + 2^14) >> 15, saturated. x86's pmulhrsw computes exactly this except for
    /// -32768 * -32768, where it gives -32768 instead of 32767: flip that one lane.
    /// </summary>
    [MethodImpl(Inline)]
    public static V I16x8Q15mulrSatS(V a, V b)
    {
        if (Ssse3.IsSupported)
        {
            var r = Ssse3.MultiplyHighRoundScale(a.AsInt16(), b.AsInt16());
            return (r ^ Vector128.Equals(r, Vector128.Create(short.MinValue))).AsByte();
        }
        var round = Vector128.Create(0x4000);
        var low = (Vector128.WidenLower(a.AsInt16()) * Vector128.WidenLower(b.AsInt16()) + round) >> 15;
        var high = (Vector128.WidenUpper(a.AsInt16()) * Vector128.WidenUpper(b.AsInt16()) + round) >> 15;
        return NarrowS16(low, high);
    }
}
