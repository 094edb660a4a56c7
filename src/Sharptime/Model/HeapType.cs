namespace Sharptime.Model;

/// <summary>The abstract heap types, numbered by their binary encoding (a negative s33 in the format).</summary>
public enum AbstractHeapType : byte
{
    NoExn = 0x74,
    NoFunc = 0x73,
    NoExtern = 0x72,
    None = 0x71,
    Func = 0x70,
    Extern = 0x6F,
    Any = 0x6E,
    Eq = 0x6D,
    I31 = 0x6C,
    Struct = 0x6B,
    Array = 0x6A,
    Exn = 0x69,
}

/// <summary>
/// A heap type: either one of the abstract heap types or a concrete type index into the module's
/// type section. Packed in one int so that value types stay small and cheap to compare.
/// </summary>
public readonly struct HeapType : IEquatable<HeapType>
{
    // >= 0: concrete type index; < 0: minus the abstract type's binary code.
    private readonly int _value;

    private HeapType(int value) => _value = value;

    public static HeapType FromTypeIndex(int typeIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(typeIndex);
        return new HeapType(typeIndex);
    }

    public static HeapType FromAbstract(AbstractHeapType type) => new(-(int)type);

    public static readonly HeapType Func = FromAbstract(AbstractHeapType.Func);
    public static readonly HeapType Extern = FromAbstract(AbstractHeapType.Extern);
    public static readonly HeapType Any = FromAbstract(AbstractHeapType.Any);
    public static readonly HeapType Eq = FromAbstract(AbstractHeapType.Eq);
    public static readonly HeapType I31 = FromAbstract(AbstractHeapType.I31);
    public static readonly HeapType Struct = FromAbstract(AbstractHeapType.Struct);
    public static readonly HeapType Array = FromAbstract(AbstractHeapType.Array);
    public static readonly HeapType None = FromAbstract(AbstractHeapType.None);
    public static readonly HeapType NoFunc = FromAbstract(AbstractHeapType.NoFunc);
    public static readonly HeapType NoExtern = FromAbstract(AbstractHeapType.NoExtern);
    public static readonly HeapType Exn = FromAbstract(AbstractHeapType.Exn);
    public static readonly HeapType NoExn = FromAbstract(AbstractHeapType.NoExn);

    public bool IsConcrete => _value >= 0;
    public bool IsAbstract => _value < 0;

    /// <summary>The type index of a concrete heap type.</summary>
    public int TypeIndex => _value >= 0 ? _value : throw new InvalidOperationException("not a concrete heap type");

    /// <summary>The abstract heap type of an abstract heap type.</summary>
    public AbstractHeapType Abstract => _value < 0 ? (AbstractHeapType)(-_value) : throw new InvalidOperationException("not an abstract heap type");

    public bool Equals(HeapType other) => _value == other._value;
    public override bool Equals(object? obj) => obj is HeapType h && Equals(h);
    public override int GetHashCode() => _value;
    public static bool operator ==(HeapType a, HeapType b) => a._value == b._value;
    public static bool operator !=(HeapType a, HeapType b) => a._value != b._value;

    public override string ToString() => IsConcrete ? _value.ToString(System.Globalization.CultureInfo.InvariantCulture) : Abstract switch
    {
        AbstractHeapType.NoExn => "noexn",
        AbstractHeapType.NoFunc => "nofunc",
        AbstractHeapType.NoExtern => "noextern",
        AbstractHeapType.None => "none",
        AbstractHeapType.Func => "func",
        AbstractHeapType.Extern => "extern",
        AbstractHeapType.Any => "any",
        AbstractHeapType.Eq => "eq",
        AbstractHeapType.I31 => "i31",
        AbstractHeapType.Struct => "struct",
        AbstractHeapType.Array => "array",
        AbstractHeapType.Exn => "exn",
        _ => "?",
    };
}
