namespace Sharptime.Model;

/// <summary>The kinds of value type, numbered by their binary encoding.</summary>
public enum ValTypeKind : byte
{
    /// <summary>Not a real type: the validator's "unknown" operand in unreachable code.</summary>
    Bottom = 0,
    I32 = 0x7F,
    I64 = 0x7E,
    F32 = 0x7D,
    F64 = 0x7C,
    V128 = 0x7B,
    /// <summary>A reference type; see <see cref="ValType.Heap"/> and <see cref="ValType.Nullable"/>.</summary>
    Ref = 0x64,
}

/// <summary>A value type: a number type, v128, or a (possibly nullable) reference to a heap type.</summary>
public readonly struct ValType : IEquatable<ValType>
{
    public ValTypeKind Kind { get; }
    /// <summary>For references: whether null is a value of the type.</summary>
    public bool Nullable { get; }
    /// <summary>For references: the heap type referred to.</summary>
    public HeapType Heap { get; }

    private ValType(ValTypeKind kind, bool nullable, HeapType heap)
    {
        Kind = kind;
        Nullable = nullable;
        Heap = heap;
    }

    public static readonly ValType I32 = new(ValTypeKind.I32, false, default);
    public static readonly ValType I64 = new(ValTypeKind.I64, false, default);
    public static readonly ValType F32 = new(ValTypeKind.F32, false, default);
    public static readonly ValType F64 = new(ValTypeKind.F64, false, default);
    public static readonly ValType V128 = new(ValTypeKind.V128, false, default);
    public static readonly ValType Bottom = new(ValTypeKind.Bottom, false, default);
    public static readonly ValType FuncRef = Ref(HeapType.Func, nullable: true);
    public static readonly ValType ExternRef = Ref(HeapType.Extern, nullable: true);
    public static readonly ValType AnyRef = Ref(HeapType.Any, nullable: true);
    public static readonly ValType ExnRef = Ref(HeapType.Exn, nullable: true);

    public static ValType Ref(HeapType heap, bool nullable) => new(ValTypeKind.Ref, nullable, heap);

    public bool IsRef => Kind == ValTypeKind.Ref;
    public bool IsNumeric => Kind is ValTypeKind.I32 or ValTypeKind.I64 or ValTypeKind.F32 or ValTypeKind.F64;

    public bool Equals(ValType other) => Kind == other.Kind && Nullable == other.Nullable && Heap == other.Heap;
    public override bool Equals(object? obj) => obj is ValType v && Equals(v);
    public override int GetHashCode() => HashCode.Combine(Kind, Nullable, Heap);
    public static bool operator ==(ValType a, ValType b) => a.Equals(b);
    public static bool operator !=(ValType a, ValType b) => !a.Equals(b);

    /// <summary>The text format's spelling, with the short forms (funcref, externref, ...) where they exist.</summary>
    public override string ToString() => Kind switch
    {
        ValTypeKind.I32 => "i32",
        ValTypeKind.I64 => "i64",
        ValTypeKind.F32 => "f32",
        ValTypeKind.F64 => "f64",
        ValTypeKind.V128 => "v128",
        ValTypeKind.Bottom => "bot",
        _ when Nullable && Heap.IsAbstract => Heap + "ref",
        _ => Nullable ? $"(ref null {Heap})" : $"(ref {Heap})",
    };
}
