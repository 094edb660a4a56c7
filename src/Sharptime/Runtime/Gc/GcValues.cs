using System.Runtime.Intrinsics;
using Sharptime.Model;

namespace Sharptime.Runtime.Gc;

/// <summary>
/// Structs and arrays built from boxed values: for constant expressions (global initializers,
/// element items), which the runtime evaluates rather than compiles.
/// </summary>
internal static class GcValues
{
    public static StructObject NewStruct(GcType type, ReadOnlySpan<object?> values)
    {
        var created = new StructObject(type);
        var fields = ((StructType)type.Composite).Fields;
        for (int i = 0; i < values.Length; i++)
        {
            int slot = type.FieldSlots[i];
            var storage = fields[i].Storage;
            switch (values[i])
            {
                case Vector128<byte> v:
                    created.Bits[slot] = v.AsInt64().GetElement(0);
                    created.Bits[slot + 1] = v.AsInt64().GetElement(1);
                    break;
                case int x: created.Bits[slot] = x; break;
                case long x: created.Bits[slot] = x; break;
                case float x: created.Bits[slot] = BitConverter.SingleToInt32Bits(x); break;
                case double x: created.Bits[slot] = BitConverter.DoubleToInt64Bits(x); break;
                default:
                    if (storage.IsPacked || !storage.Type.IsRef) throw new InvalidOperationException("field value of the wrong type");
                    created.Refs[slot] = values[i];
                    break;
            }
        }
        return created;
    }

    public static ArrayObject NewArray(GcType type, object? value, int length)
    {
        var values = new object?[length];
        Array.Fill(values, value);
        return NewArrayFixed(type, values);
    }

    public static ArrayObject NewArrayDefault(GcType type, int length) =>
        NewArrayFixed(type, Enumerable.Repeat(DefaultOf(((ArrayType)type.Composite).Element.Storage), length).ToArray());

    public static ArrayObject NewArrayFixed(GcType type, object?[] values)
    {
        var storage = ((ArrayType)type.Composite).Element.Storage;
        return storage.Packed switch
        {
            PackedType.I8 => new ArrayObject<byte>(type, Array.ConvertAll(values, v => (byte)(int)v!)),
            PackedType.I16 => new ArrayObject<ushort>(type, Array.ConvertAll(values, v => (ushort)(int)v!)),
            _ => storage.Type.Kind switch
            {
                ValTypeKind.I32 => new ArrayObject<int>(type, Array.ConvertAll(values, v => (int)v!)),
                ValTypeKind.I64 => new ArrayObject<long>(type, Array.ConvertAll(values, v => (long)v!)),
                ValTypeKind.F32 => new ArrayObject<float>(type, Array.ConvertAll(values, v => (float)v!)),
                ValTypeKind.F64 => new ArrayObject<double>(type, Array.ConvertAll(values, v => (double)v!)),
                ValTypeKind.V128 => new ArrayObject<Vector128<byte>>(type, Array.ConvertAll(values, v => (Vector128<byte>)v!)),
                _ => new ArrayObject<object?>(type, values),
            },
        };
    }

    private static object? DefaultOf(StorageType storage) => storage.IsPacked ? 0 : Values.Default(storage.Type);
}
