namespace Sharptime.Model;

/// <summary>Packed storage of array and struct fields (GC proposal).</summary>
public enum PackedType : byte
{
    None = 0,
    I8 = 0x78,
    I16 = 0x77,
}

/// <summary>The type stored in a struct or array field: a value type or a packed integer.</summary>
public readonly record struct StorageType(ValType Type, PackedType Packed = PackedType.None)
{
    public bool IsPacked => Packed != PackedType.None;
    /// <summary>The value type an access unpacks to.</summary>
    public ValType Unpacked => IsPacked ? ValType.I32 : Type;
    public override string ToString() => Packed switch { PackedType.I8 => "i8", PackedType.I16 => "i16", _ => Type.ToString() };
}

public readonly record struct FieldType(StorageType Storage, bool Mutable);

/// <summary>The structure of a defined type: a function, struct or array type.</summary>
public abstract class CompositeType
{
}

public sealed class FuncType : CompositeType, IEquatable<FuncType>
{
    public static readonly FuncType Empty = new([], []);

    public FuncType(ValType[] parameters, ValType[] results)
    {
        Parameters = parameters;
        Results = results;
    }

    public ValType[] Parameters { get; }
    public ValType[] Results { get; }

    public bool Equals(FuncType? other) =>
        other is not null && Parameters.AsSpan().SequenceEqual(other.Parameters) && Results.AsSpan().SequenceEqual(other.Results);

    public override bool Equals(object? obj) => obj is FuncType f && Equals(f);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var p in Parameters) hash.Add(p);
        hash.Add(-1);
        foreach (var r in Results) hash.Add(r);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        $"(func (param {string.Join(' ', Parameters)}) (result {string.Join(' ', Results)}))";
}

public sealed class StructType(FieldType[] fields) : CompositeType, IEquatable<StructType>
{
    public FieldType[] Fields { get; } = fields;
    public bool Equals(StructType? other) => other is not null && Fields.AsSpan().SequenceEqual(other.Fields);
    public override bool Equals(object? obj) => obj is StructType s && Equals(s);
    public override int GetHashCode() => Fields.Length;
}

public sealed class ArrayType(FieldType element) : CompositeType, IEquatable<ArrayType>
{
    public FieldType Element { get; } = element;
    public bool Equals(ArrayType? other) => other is not null && Element == other.Element;
    public override bool Equals(object? obj) => obj is ArrayType a && Equals(a);
    public override int GetHashCode() => Element.GetHashCode();
}

/// <summary>
/// An entry of the type section: a composite type with its declared supertypes and finality.
/// Types written without <c>sub</c> are final with no supertypes (all WebAssembly 2.0 types).
/// </summary>
public sealed class SubType(CompositeType composite, bool final = true, int[]? superTypes = null) : IEquatable<SubType>
{
    public CompositeType Composite { get; } = composite;
    public bool Final { get; } = final;
    public int[] SuperTypes { get; } = superTypes ?? [];

    public bool Equals(SubType? other) =>
        other is not null && Final == other.Final && SuperTypes.AsSpan().SequenceEqual(other.SuperTypes) && Composite.Equals(other.Composite);

    public override bool Equals(object? obj) => obj is SubType s && Equals(s);
    public override int GetHashCode() => Composite.GetHashCode();
}

/// <summary>A recursive type group: types [<see cref="Start"/>, Start + Count) of the type index space.</summary>
/// <remarks>A class, as every element type of <see cref="WasmModule"/>'s lists: see there.</remarks>
public sealed record RecGroup(int Start, int Count);
