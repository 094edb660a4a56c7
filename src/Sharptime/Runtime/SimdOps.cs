using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Sharptime.Runtime;

/// <summary>
/// The SIMD instructions, one method per opcode and named exactly like its <see cref="Model.Opcode"/>
/// member (the compiler finds them by name). A v128 is a Vector128&lt;byte&gt; reinterpreted per
/// instruction (free); the portable Vector128 API maps onto SSE/AVX or NEON, and where wasm's exact
/// semantics differ from the hardware's (NaN handling, saturation, lane indices out of range) the
/// difference is spelled out. All are AggressiveInlining: generated code inlines them.
/// Lane-indexed instructions take the lane as a last int parameter (a constant at each call site).
/// Memory instructions take a pointer already bounds-checked by the compiled code.
/// </summary>
public static unsafe partial class SimdOps
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    [MethodImpl(Inline)] public static V V128Const(long low, long high) => Vector128.Create(low, high).AsByte();

    // ---- splat, lanes, shuffles -----------------------------------------------------

    [MethodImpl(Inline)] public static V I8x16Splat(int x) => Vector128.Create((byte)x);
    [MethodImpl(Inline)] public static V I16x8Splat(int x) => Vector128.Create((short)x).AsByte();
    [MethodImpl(Inline)] public static V I32x4Splat(int x) => Vector128.Create(x).AsByte();
    [MethodImpl(Inline)] public static V I64x2Splat(long x) => Vector128.Create(x).AsByte();
    [MethodImpl(Inline)] public static V F32x4Splat(float x) => Vector128.Create(x).AsByte();
    [MethodImpl(Inline)] public static V F64x2Splat(double x) => Vector128.Create(x).AsByte();

    [MethodImpl(Inline)] public static int I8x16ExtractLaneS(V v, int lane) => v.AsSByte().GetElement(lane);
    [MethodImpl(Inline)] public static int I8x16ExtractLaneU(V v, int lane) => v.GetElement(lane);
    [MethodImpl(Inline)] public static int I16x8ExtractLaneS(V v, int lane) => v.AsInt16().GetElement(lane);
    [MethodImpl(Inline)] public static int I16x8ExtractLaneU(V v, int lane) => v.AsUInt16().GetElement(lane);
    [MethodImpl(Inline)] public static int I32x4ExtractLane(V v, int lane) => v.AsInt32().GetElement(lane);
    [MethodImpl(Inline)] public static long I64x2ExtractLane(V v, int lane) => v.AsInt64().GetElement(lane);
    [MethodImpl(Inline)] public static float F32x4ExtractLane(V v, int lane) => v.AsSingle().GetElement(lane);
    [MethodImpl(Inline)] public static double F64x2ExtractLane(V v, int lane) => v.AsDouble().GetElement(lane);

    [MethodImpl(Inline)] public static V I8x16ReplaceLane(V v, int x, int lane) => v.WithElement(lane, (byte)x);
    [MethodImpl(Inline)] public static V I16x8ReplaceLane(V v, int x, int lane) => v.AsInt16().WithElement(lane, (short)x).AsByte();
    [MethodImpl(Inline)] public static V I32x4ReplaceLane(V v, int x, int lane) => v.AsInt32().WithElement(lane, x).AsByte();
    [MethodImpl(Inline)] public static V I64x2ReplaceLane(V v, long x, int lane) => v.AsInt64().WithElement(lane, x).AsByte();
    [MethodImpl(Inline)] public static V F32x4ReplaceLane(V v, float x, int lane) => v.AsSingle().WithElement(lane, x).AsByte();
    [MethodImpl(Inline)] public static V F64x2ReplaceLane(V v, double x, int lane) => v.AsDouble().WithElement(lane, x).AsByte();

    /// <summary>Vector128.Shuffle gives 0 for indices out of range, which is what swizzle wants.</summary>
    [MethodImpl(Inline)] public static V I8x16Swizzle(V a, V indices) => Vector128.Shuffle(a, indices);

    /// <summary>Lanes 0-15 pick from a, 16-31 from b: each shuffle zeroes the lanes that belong to the other.</summary>
    [MethodImpl(Inline)]
    public static V I8x16Shuffle(V a, V b, long lanesLow, long lanesHigh)
    {
        var indices = Vector128.Create(lanesLow, lanesHigh).AsByte();
        return Vector128.Shuffle(a, indices) | Vector128.Shuffle(b, indices - Vector128.Create((byte)16));
    }

    // ---- bitwise -------------------------------------------------------------------

    [MethodImpl(Inline)] public static V V128Not(V a) => ~a;
    [MethodImpl(Inline)] public static V V128And(V a, V b) => a & b;
    [MethodImpl(Inline)] public static V V128Andnot(V a, V b) => Vector128.AndNot(a, b);
    [MethodImpl(Inline)] public static V V128Or(V a, V b) => a | b;
    [MethodImpl(Inline)] public static V V128Xor(V a, V b) => a ^ b;
    [MethodImpl(Inline)] public static V V128Bitselect(V a, V b, V mask) => Vector128.ConditionalSelect(mask, a, b);
    [MethodImpl(Inline)] public static int V128AnyTrue(V a) => a != V.Zero ? 1 : 0;

    // ---- memory ----------------------------------------------------------------------

    [MethodImpl(Inline)] public static V V128Load(byte* p) => Unsafe.ReadUnaligned<V>(p);
    [MethodImpl(Inline)] public static void V128Store(byte* p, V v) => Unsafe.WriteUnaligned(p, v);

    [MethodImpl(Inline)] private static Vector128<ulong> Load64(byte* p) => Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(p));

    [MethodImpl(Inline)] public static V V128Load8x8S(byte* p) => Vector128.WidenLower(Load64(p).AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V V128Load8x8U(byte* p) => Vector128.WidenLower(Load64(p).AsByte()).AsByte();
    [MethodImpl(Inline)] public static V V128Load16x4S(byte* p) => Vector128.WidenLower(Load64(p).AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V V128Load16x4U(byte* p) => Vector128.WidenLower(Load64(p).AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static V V128Load32x2S(byte* p) => Vector128.WidenLower(Load64(p).AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V V128Load32x2U(byte* p) => Vector128.WidenLower(Load64(p).AsUInt32()).AsByte();

    [MethodImpl(Inline)] public static V V128Load8Splat(byte* p) => Vector128.Create(*p);
    [MethodImpl(Inline)] public static V V128Load16Splat(byte* p) => Vector128.Create(Unsafe.ReadUnaligned<ushort>(p)).AsByte();
    [MethodImpl(Inline)] public static V V128Load32Splat(byte* p) => Vector128.Create(Unsafe.ReadUnaligned<uint>(p)).AsByte();
    [MethodImpl(Inline)] public static V V128Load64Splat(byte* p) => Vector128.Create(Unsafe.ReadUnaligned<ulong>(p)).AsByte();

    [MethodImpl(Inline)] public static V V128Load32Zero(byte* p) => Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(p)).AsByte();
    [MethodImpl(Inline)] public static V V128Load64Zero(byte* p) => Load64(p).AsByte();

    [MethodImpl(Inline)] public static V V128Load8Lane(byte* p, V v, int lane) => v.WithElement(lane, *p);
    [MethodImpl(Inline)] public static V V128Load16Lane(byte* p, V v, int lane) => v.AsUInt16().WithElement(lane, Unsafe.ReadUnaligned<ushort>(p)).AsByte();
    [MethodImpl(Inline)] public static V V128Load32Lane(byte* p, V v, int lane) => v.AsUInt32().WithElement(lane, Unsafe.ReadUnaligned<uint>(p)).AsByte();
    [MethodImpl(Inline)] public static V V128Load64Lane(byte* p, V v, int lane) => v.AsUInt64().WithElement(lane, Unsafe.ReadUnaligned<ulong>(p)).AsByte();

    [MethodImpl(Inline)] public static void V128Store8Lane(byte* p, V v, int lane) => *p = v.GetElement(lane);
    [MethodImpl(Inline)] public static void V128Store16Lane(byte* p, V v, int lane) => Unsafe.WriteUnaligned(p, v.AsUInt16().GetElement(lane));
    [MethodImpl(Inline)] public static void V128Store32Lane(byte* p, V v, int lane) => Unsafe.WriteUnaligned(p, v.AsUInt32().GetElement(lane));
    [MethodImpl(Inline)] public static void V128Store64Lane(byte* p, V v, int lane) => Unsafe.WriteUnaligned(p, v.AsUInt64().GetElement(lane));
}
