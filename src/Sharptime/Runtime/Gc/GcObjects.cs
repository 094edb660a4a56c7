using System.Runtime.Intrinsics;

namespace Sharptime.Runtime.Gc;

/// <summary>A struct or array of the GC proposal: a .NET object that knows its wasm type.</summary>
public abstract class GcObject(GcType type)
{
    public GcType Type { get; } = type;
}

/// <summary>A wasm struct: numeric fields as raw bits (packed fields in their low bits), references apart.</summary>
public sealed class StructObject(GcType type) : GcObject(type)
{
    internal readonly long[] Bits = type.BitsCount == 0 ? [] : new long[type.BitsCount];
    internal readonly object?[] Refs = type.RefCount == 0 ? [] : new object?[type.RefCount];
}

/// <summary>A wasm array of any element type.</summary>
public abstract class ArrayObject(GcType type) : GcObject(type)
{
    public abstract int Length { get; }
}

/// <summary>
/// A wasm array whose elements are stored as <typeparamref name="T"/>: byte for i8, ushort for i16,
/// int, long, float, double, Vector128&lt;byte&gt;, or object for references.
/// </summary>
public sealed class ArrayObject<T>(GcType type, T[] data) : ArrayObject(type)
{
    internal readonly T[] Data = data;
    public override int Length => Data.Length;
}

/// <summary>An i31ref: a 31-bit integer used as a reference, kept sign-extended.</summary>
public sealed record I31(int Value);

/// <summary>The CLR element types of arrays.</summary>
internal static class GcStorage
{
    public static Type ElementType(Model.StorageType storage) => storage.Packed switch
    {
        Model.PackedType.I8 => typeof(byte),
        Model.PackedType.I16 => typeof(ushort),
        _ => Compilation.ClrTypes.Of(storage.Type),
    };

    public static bool IsV128(Model.StorageType storage) => !storage.IsPacked && storage.Type.Kind == Model.ValTypeKind.V128;

    public static Vector128<byte> Zero => Vector128<byte>.Zero;
}
