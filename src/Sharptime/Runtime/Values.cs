using System.Runtime.Intrinsics;
using Sharptime.Model;

namespace Sharptime.Runtime;

/// <summary>
/// Conversions between boxed .NET values (the untyped API: <see cref="Function.Invoke"/>, globals, tables)
/// and wasm values. Integers accept any .NET integer type of the right width, signed or not.
/// </summary>
internal static class Values
{
    public static int ToInt32(object? value) => value switch
    {
        int i => i,
        uint u => (int)u,
        short s => s,
        ushort s => s,
        byte b => b,
        sbyte b => b,
        _ => throw Mismatch("i32", value),
    };

    public static long ToInt64(object? value) => value switch
    {
        long l => l,
        ulong u => (long)u,
        int i => i,
        uint u => u,
        _ => throw Mismatch("i64", value),
    };

    public static float ToSingle(object? value) => value switch
    {
        float f => f,
        _ => throw Mismatch("f32", value),
    };

    public static double ToDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        _ => throw Mismatch("f64", value),
    };

    public static Vector128<byte> ToV128(object? value) => value switch
    {
        Vector128<byte> v => v,
        V128 v => Vector128.Create(v.Low, v.High).AsByte(),
        _ => throw Mismatch("v128", value),
    };

    /// <summary>The default (zero or null) value of a type, boxed.</summary>
    public static object? Default(ValType type) => type.Kind switch
    {
        ValTypeKind.I32 => 0,
        ValTypeKind.I64 => 0L,
        ValTypeKind.F32 => 0f,
        ValTypeKind.F64 => 0d,
        ValTypeKind.V128 => Vector128<byte>.Zero,
        _ => null,
    };

    /// <summary>
    /// Checks and normalizes a boxed value the host hands to wasm as a <paramref name="type"/>. References
    /// are checked as a cast would (compiled code relies on a struct reference being a struct, a typed
    /// function reference having its type), against <paramref name="heapTypeId"/>, the engine id of a
    /// concrete heap type, and the engine's <paramref name="registry"/> (objects of another engine are refused).
    /// </summary>
    public static object? Coerce(ValType type, object? value, int heapTypeId = -1, TypeRegistry? registry = null) => type.Kind switch
    {
        ValTypeKind.I32 => ToInt32(value),
        ValTypeKind.I64 => ToInt64(value),
        ValTypeKind.F32 => ToSingle(value),
        ValTypeKind.F64 => ToDouble(value),
        ValTypeKind.V128 => ToV128(value),
        _ => CoerceRef(type, value, heapTypeId, registry),
    };

    private static object? CoerceRef(ValType type, object? value, int heapTypeId, TypeRegistry? registry)
    {
        if (value is null)
            return type.Nullable ? null : throw new ArgumentException($"null is not a value of {type}");
        bool sameEngine = registry is null || value switch
        {
            Gc.GcObject g => ReferenceEquals(g.Type.Registry, registry),
            Function f => ReferenceEquals(f.Engine.Types, registry),
            _ => true,
        };
        bool fits = sameEngine && (type.Heap.IsAbstract
            ? Gc.GcOps.Test(value, (int)type.Heap.Abstract, 0, nullable: false)
            : heapTypeId >= 0 && Gc.GcOps.Test(value, 0, heapTypeId, nullable: false));
        if (!fits) throw new ArgumentException($"a {value.GetType().Name} is not a value of {type}");
        return value;
    }

    private static ArgumentException Mismatch(string type, object? value) =>
        new($"expected a value of type {type}, got {(value is null ? "null" : value.GetType().Name)}");
}
