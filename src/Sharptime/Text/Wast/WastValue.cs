using Sharptime.Model;

namespace Sharptime.Text.Wast;

/// <summary>The type of a script value: a number, a vector, or one of the references scripts can write.</summary>
public enum WastValueType : byte
{
    I32,
    I64,
    F32,
    F64,
    V128,
    /// <summary><c>(ref.null ht)</c>: <see cref="WastValue.NullType"/> is the heap type.</summary>
    RefNull,
    /// <summary><c>(ref.extern n)</c>: a host reference the script names by number, seen as externref.</summary>
    RefExtern,
    /// <summary><c>(ref.host n)</c>: a host reference seen as anyref.</summary>
    RefHost,
}

/// <summary>
/// An argument or exact result of a script action. Numbers keep their bits (floats as IEEE bits, so
/// NaN payloads survive); <see cref="Bits"/> holds i32 and f32 in its low 32 bits.
/// </summary>
public readonly record struct WastValue(WastValueType Type, ulong Bits = 0, V128 Vector = default, HeapType NullType = default)
{
    public static WastValue I32(int value) => new(WastValueType.I32, (uint)value);
    public static WastValue I64(long value) => new(WastValueType.I64, (ulong)value);
    public static WastValue F32Bits(uint bits) => new(WastValueType.F32, bits);
    public static WastValue F64Bits(ulong bits) => new(WastValueType.F64, bits);
    public static WastValue FromV128(V128 value) => new(WastValueType.V128, Vector: value);
    public static WastValue Null(HeapType type) => new(WastValueType.RefNull, NullType: type);
    public static WastValue Extern(uint value) => new(WastValueType.RefExtern, value);
    public static WastValue Host(uint value) => new(WastValueType.RefHost, value);

    public int AsI32 => (int)Bits;
    public long AsI64 => (long)Bits;
    public float AsF32 => BitConverter.Int32BitsToSingle((int)Bits);
    public double AsF64 => BitConverter.Int64BitsToDouble((long)Bits);

    public override string ToString() => Type switch
    {
        WastValueType.I32 => $"(i32.const {AsI32})",
        WastValueType.I64 => $"(i64.const {AsI64})",
        WastValueType.F32 => $"(f32.const {AsF32:R} (0x{Bits:x8}))",
        WastValueType.F64 => $"(f64.const {AsF64:R} (0x{Bits:x16}))",
        WastValueType.V128 => $"(v128.const i64x2 0x{Vector.Low:x16} 0x{Vector.High:x16})",
        WastValueType.RefNull => $"(ref.null {NullType})",
        WastValueType.RefExtern => $"(ref.extern {Bits})",
        _ => $"(ref.host {Bits})",
    };
}

/// <summary>The two NaN patterns of results: any canonical NaN, or any arithmetic NaN (quiet bit set).</summary>
public enum WastNanKind : byte
{
    None,
    Canonical,
    Arithmetic,
}

/// <summary>The lane interpretations of a v128 result.</summary>
public enum WastLaneShape : byte { I8x16, I16x8, I32x4, I64x2, F32x4, F64x2 }

/// <summary>One lane of an expected v128: exact bits, or (float lanes) a NaN pattern.</summary>
public readonly record struct WastLane(ulong Bits, WastNanKind Nan = WastNanKind.None);

/// <summary>The kinds of reference a result pattern can ask for.</summary>
public enum WastRefKind : byte
{
    /// <summary><c>(ref.null ht?)</c>: a null of that heap type, or any null when none is written.</summary>
    Null,
    /// <summary><c>(ref.extern n?)</c>: the host reference n, or any non-null extern reference.</summary>
    Extern,
    /// <summary><c>(ref.host n)</c>: the host reference n (seen through anyref).</summary>
    Host,
    /// <summary><c>(ref.func)</c> or <c>(ref.func x)</c>: any non-null function reference.</summary>
    Func,
    Any,
    Eq,
    I31,
    Struct,
    Array,
    Exn,
}

/// <summary>What a result must look like in <c>assert_return</c>.</summary>
public abstract record WastExpected;

/// <summary>Exactly this value (numbers compare by bits).</summary>
public sealed record WastExpectedValue(WastValue Value) : WastExpected
{
    public override string ToString() => Value.ToString();
}

/// <summary><c>(f32.const nan:canonical)</c> and the like.</summary>
public sealed record WastExpectedNan(WastValueType Type, WastNanKind Kind) : WastExpected
{
    public override string ToString() => $"({(Type == WastValueType.F32 ? "f32" : "f64")}.const nan:{Kind.ToString().ToLowerInvariant()})";
}

/// <summary>A v128 result, lane by lane in the written shape (float lanes may be NaN patterns).</summary>
public sealed record WastExpectedVector(WastLaneShape Shape, WastLane[] Lanes) : WastExpected
{
    public override string ToString() => $"(v128.const {Shape.ToString().ToLowerInvariant()} {string.Join(' ', Lanes.Select(l => l.Nan == WastNanKind.None ? $"0x{l.Bits:x}" : $"nan:{l.Nan.ToString().ToLowerInvariant()}"))})";
}

/// <summary>A reference result pattern.</summary>
/// <param name="NullType">For <see cref="WastRefKind.Null"/>: the heap type written, or null for any null.</param>
/// <param name="Value">For extern and host references: the host value written, or null for any.</param>
public sealed record WastExpectedRef(WastRefKind Kind, HeapType? NullType = null, uint? Value = null) : WastExpected;

/// <summary><c>(either r1 r2 ...)</c>: any one of the alternatives.</summary>
public sealed record WastExpectedEither(IReadOnlyList<WastExpected> Alternatives) : WastExpected;
