using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Sharptime.Model;

namespace Sharptime.Runtime.Gc;

/// <summary>
/// The GC proposal's struct, array, i31 and cast instructions, called by generated code. A null
/// reference, an index out of bounds and a failed cast trap with the spec's messages. Array helpers
/// are generic over the element's CLR type (see <see cref="ArrayObject{T}"/>).
/// </summary>
public static class GcOps
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    /// <summary>Arrays beyond this many elements are refused with a trap rather than an OutOfMemoryException.</summary>
    private const uint MaxArrayLength = 1 << 28;

    // ---- structs ----------------------------------------------------------------------------

    public static StructObject NewStruct(GcType type) => new(type);

    [MethodImpl(Inline)]
    private static StructObject AsStruct(object? reference) =>
        reference is null ? throw Traps.NullStructureReference() : Unsafe.As<StructObject>(reference);

    [MethodImpl(Inline)] public static long StructGetBits(object? reference, int slot) => AsStruct(reference).Bits[slot];
    [MethodImpl(Inline)] public static void StructSetBits(object? reference, int slot, long bits) => AsStruct(reference).Bits[slot] = bits;
    [MethodImpl(Inline)] public static object? StructGetRef(object? reference, int slot) => AsStruct(reference).Refs[slot];
    [MethodImpl(Inline)] public static void StructSetRef(object? reference, int slot, object? value) => AsStruct(reference).Refs[slot] = value;

    [MethodImpl(Inline)]
    public static Vector128<byte> StructGetV128(object? reference, int slot)
    {
        var bits = AsStruct(reference).Bits;
        return Vector128.Create(bits[slot], bits[slot + 1]).AsByte();
    }

    [MethodImpl(Inline)]
    public static void StructSetV128(object? reference, int slot, Vector128<byte> value)
    {
        var bits = AsStruct(reference).Bits;
        bits[slot] = value.AsInt64().GetElement(0);
        bits[slot + 1] = value.AsInt64().GetElement(1);
    }

    // ---- arrays -----------------------------------------------------------------------------

    private static T[] Allocate<T>(int length) =>
        (uint)length > MaxArrayLength ? throw Traps.AllocationTooLarge() : new T[length];

    public static ArrayObject<T> ArrayNew<T>(GcType type, T value, int length)
    {
        var data = Allocate<T>(length);
        if (!EqualityComparer<T>.Default.Equals(value, default)) Array.Fill(data, value);
        return new ArrayObject<T>(type, data);
    }

    public static ArrayObject<T> ArrayNewDefault<T>(GcType type, int length) => new(type, Allocate<T>(length));

    public static ArrayObject<T> ArrayNewFixed<T>(GcType type, T[] values) => new(type, values);

    internal static ArrayObject<T> ArrayNewData<T>(InstanceContext context, GcType type, int segment, int offset, int length) where T : unmanaged
    {
        var bytes = DataRange<T>(context, segment, offset, length);
        var data = Allocate<T>(length);
        MemoryMarshal.Cast<byte, T>(bytes).CopyTo(data);
        return new ArrayObject<T>(type, data);
    }

    internal static ArrayObject<object?> ArrayNewElem(InstanceContext context, GcType type, int segment, int offset, int length)
    {
        var items = context.ElementSegments[segment];
        if ((ulong)(uint)offset + (uint)length > (ulong)items.Length) throw Traps.TableOutOfBounds();
        var data = Allocate<object?>(length);
        Array.Copy(items, (uint)offset, data, 0, length);
        return new ArrayObject<object?>(type, data);
    }

    [MethodImpl(Inline)]
    private static T[] Data<T>(object? reference) =>
        reference is null ? throw Traps.NullArrayReference() : Unsafe.As<ArrayObject<T>>(reference).Data;

    [MethodImpl(Inline)]
    public static T ArrayGet<T>(object? reference, int index)
    {
        var data = Data<T>(reference);
        if ((uint)index >= (uint)data.Length) throw Traps.ArrayOutOfBounds();
        return data[index];
    }

    [MethodImpl(Inline)]
    public static void ArraySet<T>(object? reference, int index, T value)
    {
        var data = Data<T>(reference);
        if ((uint)index >= (uint)data.Length) throw Traps.ArrayOutOfBounds();
        data[index] = value;
    }

    [MethodImpl(Inline)]
    public static int ArrayLen(object? reference) =>
        reference is null ? throw Traps.NullArrayReference() : Unsafe.As<ArrayObject>(reference).Length;

    public static void ArrayFill<T>(object? reference, int offset, T value, int count)
    {
        var data = Data<T>(reference);
        CheckRange(offset, count, data.Length);
        Array.Fill(data, value, offset, count);
    }

    public static void ArrayCopy<T>(object? destination, int destinationOffset, object? source, int sourceOffset, int count)
    {
        var to = Data<T>(destination);
        var from = Data<T>(source);
        CheckRange(destinationOffset, count, to.Length);
        CheckRange(sourceOffset, count, from.Length);
        Array.Copy(from, sourceOffset, to, destinationOffset, count);
    }

    internal static void ArrayInitData<T>(InstanceContext context, int segment, object? reference, int destinationOffset, int sourceOffset, int count) where T : unmanaged
    {
        var data = Data<T>(reference);
        CheckRange(destinationOffset, count, data.Length);
        var bytes = DataRange<T>(context, segment, sourceOffset, count);
        MemoryMarshal.Cast<byte, T>(bytes).CopyTo(data.AsSpan(destinationOffset, count));
    }

    internal static void ArrayInitElem(InstanceContext context, int segment, object? reference, int destinationOffset, int sourceOffset, int count)
    {
        var data = Data<object?>(reference);
        CheckRange(destinationOffset, count, data.Length);
        var items = context.ElementSegments[segment];
        if ((ulong)(uint)sourceOffset + (uint)count > (ulong)items.Length) throw Traps.TableOutOfBounds();
        Array.Copy(items, sourceOffset, data, destinationOffset, count);
    }

    /// <summary>[offset, offset + count) inside an array of <paramref name="length"/>, as unsigned numbers.</summary>
    private static void CheckRange(int offset, int count, int length)
    {
        if ((ulong)(uint)offset + (uint)count > (ulong)length) throw Traps.ArrayOutOfBounds();
    }

    /// <summary>The bytes of <paramref name="length"/> elements of <typeparamref name="T"/> from a data segment.</summary>
    private static ReadOnlySpan<byte> DataRange<T>(InstanceContext context, int segment, int offset, int length) where T : unmanaged
    {
        var bytes = context.DataSegments[segment];
        ulong size = (ulong)(uint)length * (ulong)Unsafe.SizeOf<T>();
        if ((ulong)(uint)offset + size > (ulong)bytes.Length) throw Traps.MemoryOutOfBounds();
        return bytes.AsSpan((int)(uint)offset, (int)size);
    }

    // ---- i31 ----------------------------------------------------------------------------------

    /// <summary>ref.i31: the low 31 bits, sign-extended from bit 30.</summary>
    public static I31 RefI31(int value) => new((value << 1) >> 1);

    [MethodImpl(Inline)]
    public static int I31GetS(object? reference) =>
        reference is I31 i ? i.Value : throw Traps.NullI31Reference();

    [MethodImpl(Inline)]
    public static int I31GetU(object? reference) =>
        reference is I31 i ? i.Value & 0x7FFF_FFFF : throw Traps.NullI31Reference();

    // ---- casts --------------------------------------------------------------------------------

    /// <summary>
    /// Whether <paramref name="reference"/> is a value of the reference type given by an abstract heap
    /// type code (<paramref name="heapKind"/>, a <see cref="AbstractHeapType"/>) or, when that is 0,
    /// the defined type with engine id <paramref name="typeId"/>.
    /// </summary>
    public static bool Test(object? reference, int heapKind, int typeId, bool nullable)
    {
        if (reference is null) return nullable;
        return heapKind switch
        {
            0 => reference switch
            {
                GcObject g => g.Type.Registry.IsSubtype(g.Type.TypeId, typeId),
                Function f => f.Engine.Types.IsSubtype(f.TypeId, typeId),
                _ => false,
            },
            (int)AbstractHeapType.Any => true,
            (int)AbstractHeapType.Eq => reference is GcObject or I31,
            (int)AbstractHeapType.I31 => reference is I31,
            (int)AbstractHeapType.Struct => reference is StructObject,
            (int)AbstractHeapType.Array => reference is ArrayObject,
            (int)AbstractHeapType.Func => reference is Function,
            (int)AbstractHeapType.Extern => true,
            (int)AbstractHeapType.Exn => reference is ThrownException,
            _ => false, // none, nofunc, noextern, noexn: only null
        };
    }

    /// <summary>ref.cast: the reference itself when it is of the type, else a trap.</summary>
    public static object? Cast(object? reference, int heapKind, int typeId, bool nullable) =>
        Test(reference, heapKind, typeId, nullable) ? reference : throw Traps.CastFailure();
}
