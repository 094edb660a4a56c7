using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Sharptime.Runtime;

// Float lanes and conversions. abs/neg work on the sign bit so NaN payloads pass unchanged;
// min/max give the canonical NaN for NaN inputs (as Wasmtime and binaryen do; the spec allows any
// quiet NaN) and order -0 below +0, unlike minps/maxps; the
// conversions with wasm-specific saturation or rounding go lane by lane through Numerics.
public static partial class SimdOps
{
    [MethodImpl(Inline)] public static V F32x4Eq(V a, V b) => Vector128.Equals(a.AsSingle(), b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Ne(V a, V b) => (~Vector128.Equals(a.AsSingle(), b.AsSingle())).AsByte();
    [MethodImpl(Inline)] public static V F32x4Lt(V a, V b) => Vector128.LessThan(a.AsSingle(), b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Gt(V a, V b) => Vector128.GreaterThan(a.AsSingle(), b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Le(V a, V b) => Vector128.LessThanOrEqual(a.AsSingle(), b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Ge(V a, V b) => Vector128.GreaterThanOrEqual(a.AsSingle(), b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Eq(V a, V b) => Vector128.Equals(a.AsDouble(), b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Ne(V a, V b) => (~Vector128.Equals(a.AsDouble(), b.AsDouble())).AsByte();
    [MethodImpl(Inline)] public static V F64x2Lt(V a, V b) => Vector128.LessThan(a.AsDouble(), b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Gt(V a, V b) => Vector128.GreaterThan(a.AsDouble(), b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Le(V a, V b) => Vector128.LessThanOrEqual(a.AsDouble(), b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Ge(V a, V b) => Vector128.GreaterThanOrEqual(a.AsDouble(), b.AsDouble()).AsByte();

    [MethodImpl(Inline)] public static V F32x4Abs(V a) => (a.AsUInt32() & Vector128.Create(0x7FFF_FFFFu)).AsByte();
    [MethodImpl(Inline)] public static V F32x4Neg(V a) => (a.AsUInt32() ^ Vector128.Create(0x8000_0000u)).AsByte();
    [MethodImpl(Inline)] public static V F64x2Abs(V a) => (a.AsUInt64() & Vector128.Create(0x7FFF_FFFF_FFFF_FFFFUL)).AsByte();
    [MethodImpl(Inline)] public static V F64x2Neg(V a) => (a.AsUInt64() ^ Vector128.Create(0x8000_0000_0000_0000UL)).AsByte();
    [MethodImpl(Inline)] public static V F32x4Sqrt(V a) => Vector128.Sqrt(a.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Sqrt(V a) => Vector128.Sqrt(a.AsDouble()).AsByte();

    [MethodImpl(Inline)] public static V F32x4Add(V a, V b) => (a.AsSingle() + b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Sub(V a, V b) => (a.AsSingle() - b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Mul(V a, V b) => (a.AsSingle() * b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Div(V a, V b) => (a.AsSingle() / b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Add(V a, V b) => (a.AsDouble() + b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Sub(V a, V b) => (a.AsDouble() - b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Mul(V a, V b) => (a.AsDouble() * b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Div(V a, V b) => (a.AsDouble() / b.AsDouble()).AsByte();

    [MethodImpl(Inline)]
    public static V F32x4Min(V a, V b)
    {
        Vector128<float> x = a.AsSingle(), y = b.AsSingle();
        var r = Vector128.ConditionalSelect(Vector128.LessThan(x, y), x, y);
        r = Vector128.ConditionalSelect(Vector128.Equals(x, y), (x.AsUInt32() | y.AsUInt32()).AsSingle(), r);
        var ordered = Vector128.Equals(x, x) & Vector128.Equals(y, y);
        return Vector128.ConditionalSelect(ordered, r, Vector128.Create(0x7FC0_0000).AsSingle()).AsByte();
    }

    [MethodImpl(Inline)]
    public static V F32x4Max(V a, V b)
    {
        Vector128<float> x = a.AsSingle(), y = b.AsSingle();
        var r = Vector128.ConditionalSelect(Vector128.GreaterThan(x, y), x, y);
        r = Vector128.ConditionalSelect(Vector128.Equals(x, y), (x.AsUInt32() & y.AsUInt32()).AsSingle(), r);
        var ordered = Vector128.Equals(x, x) & Vector128.Equals(y, y);
        return Vector128.ConditionalSelect(ordered, r, Vector128.Create(0x7FC0_0000).AsSingle()).AsByte();
    }

    [MethodImpl(Inline)]
    public static V F64x2Min(V a, V b)
    {
        Vector128<double> x = a.AsDouble(), y = b.AsDouble();
        var r = Vector128.ConditionalSelect(Vector128.LessThan(x, y), x, y);
        r = Vector128.ConditionalSelect(Vector128.Equals(x, y), (x.AsUInt64() | y.AsUInt64()).AsDouble(), r);
        var ordered = Vector128.Equals(x, x) & Vector128.Equals(y, y);
        return Vector128.ConditionalSelect(ordered, r, Vector128.Create(0x7FF8_0000_0000_0000L).AsDouble()).AsByte();
    }

    [MethodImpl(Inline)]
    public static V F64x2Max(V a, V b)
    {
        Vector128<double> x = a.AsDouble(), y = b.AsDouble();
        var r = Vector128.ConditionalSelect(Vector128.GreaterThan(x, y), x, y);
        r = Vector128.ConditionalSelect(Vector128.Equals(x, y), (x.AsUInt64() & y.AsUInt64()).AsDouble(), r);
        var ordered = Vector128.Equals(x, x) & Vector128.Equals(y, y);
        return Vector128.ConditionalSelect(ordered, r, Vector128.Create(0x7FF8_0000_0000_0000L).AsDouble()).AsByte();
    }

    /// <summary>Pseudo-minimum: b &lt; a ? b : a, lane by lane, exactly (one of the inputs, bits unchanged).</summary>
    [MethodImpl(Inline)] public static V F32x4Pmin(V a, V b) => Vector128.ConditionalSelect(Vector128.LessThan(b.AsSingle(), a.AsSingle()).AsByte(), b, a);
    [MethodImpl(Inline)] public static V F32x4Pmax(V a, V b) => Vector128.ConditionalSelect(Vector128.LessThan(a.AsSingle(), b.AsSingle()).AsByte(), b, a);
    [MethodImpl(Inline)] public static V F64x2Pmin(V a, V b) => Vector128.ConditionalSelect(Vector128.LessThan(b.AsDouble(), a.AsDouble()).AsByte(), b, a);
    [MethodImpl(Inline)] public static V F64x2Pmax(V a, V b) => Vector128.ConditionalSelect(Vector128.LessThan(a.AsDouble(), b.AsDouble()).AsByte(), b, a);

    [MethodImpl(Inline)] public static V F32x4Ceil(V a) => Vector128.Ceiling(a.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Floor(V a) => Vector128.Floor(a.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Trunc(V a) => Vector128.Truncate(a.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Nearest(V a) => Vector128.Round(a.AsSingle(), MidpointRounding.ToEven).AsByte();
    [MethodImpl(Inline)] public static V F64x2Ceil(V a) => Vector128.Ceiling(a.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Floor(V a) => Vector128.Floor(a.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Trunc(V a) => Vector128.Truncate(a.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Nearest(V a) => Vector128.Round(a.AsDouble(), MidpointRounding.ToEven).AsByte();

    // ---- conversions ----------------------------------------------------------------------

    [MethodImpl(Inline)] public static V F32x4ConvertI32x4S(V a) => Vector128.ConvertToSingle(a.AsInt32()).AsByte();

    /// <summary>u32 to f32 rounded once: the high 16 bits scaled (exact) plus the low 16 bits (exact), one rounding in the add.</summary>
    [MethodImpl(Inline)]
    public static V F32x4ConvertI32x4U(V a)
    {
        var u = a.AsUInt32();
        var high = Vector128.ConvertToSingle(Vector128.ShiftRightLogical(u, 16).AsInt32()) * Vector128.Create(65536f);
        var low = Vector128.ConvertToSingle((u & Vector128.Create(0xFFFFu)).AsInt32());
        return (high + low).AsByte();
    }

    [MethodImpl(Inline)]
    public static V I32x4TruncSatF32x4S(V a)
    {
        var f = a.AsSingle();
        return Vector128.Create(Numerics.I32TruncSatF32S(f[0]), Numerics.I32TruncSatF32S(f[1]),
            Numerics.I32TruncSatF32S(f[2]), Numerics.I32TruncSatF32S(f[3])).AsByte();
    }

    [MethodImpl(Inline)]
    public static V I32x4TruncSatF32x4U(V a)
    {
        var f = a.AsSingle();
        return Vector128.Create(Numerics.I32TruncSatF32U(f[0]), Numerics.I32TruncSatF32U(f[1]),
            Numerics.I32TruncSatF32U(f[2]), Numerics.I32TruncSatF32U(f[3])).AsByte();
    }

    [MethodImpl(Inline)]
    public static V I32x4TruncSatF64x2SZero(V a)
    {
        var d = a.AsDouble();
        return Vector128.Create(Numerics.I32TruncSatF64S(d[0]), Numerics.I32TruncSatF64S(d[1]), 0, 0).AsByte();
    }

    [MethodImpl(Inline)]
    public static V I32x4TruncSatF64x2UZero(V a)
    {
        var d = a.AsDouble();
        return Vector128.Create(Numerics.I32TruncSatF64U(d[0]), Numerics.I32TruncSatF64U(d[1]), 0, 0).AsByte();
    }

    [MethodImpl(Inline)]
    public static V F64x2ConvertLowI32x4S(V a)
    {
        var i = a.AsInt32();
        return Vector128.Create((double)i[0], i[1]).AsByte();
    }

    [MethodImpl(Inline)]
    public static V F64x2ConvertLowI32x4U(V a)
    {
        var u = a.AsUInt32();
        return Vector128.Create((double)u[0], u[1]).AsByte();
    }

    [MethodImpl(Inline)]
    public static V F32x4DemoteF64x2Zero(V a)
    {
        var d = a.AsDouble();
        return Vector128.Create(Numerics.F32DemoteF64(d[0]), Numerics.F32DemoteF64(d[1]), 0f, 0f).AsByte();
    }

    [MethodImpl(Inline)]
    public static V F64x2PromoteLowF32x4(V a)
    {
        var f = a.AsSingle();
        return Vector128.Create((double)f[0], f[1]).AsByte();
    }
}
