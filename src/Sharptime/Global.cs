using System.Runtime.Intrinsics;
using Sharptime.Model;
using Sharptime.Runtime;

namespace Sharptime;

/// <summary>
/// A global variable. Its value lives in the typed field that matches its type, so compiled code reads
/// and writes it without boxing; the untyped accessors box.
/// </summary>
public sealed class Global
{
    internal int I32;
    internal long I64;
    internal float F32;
    internal double F64;
    internal Vector128<byte> V128;
    internal object? Ref;

    public Global(Store store, ValType type, bool mutable, object? value)
        : this(new GlobalType(type, mutable), store.Engine.Types)
    {
        SetValueUnchecked(Values.Coerce(type, value, HeapTypeId, Registry));
    }

    internal Global(GlobalType type, Runtime.TypeRegistry registry, int heapTypeId = -1)
    {
        Type = type;
        Registry = registry;
        HeapTypeId = heapTypeId;
    }

    /// <summary>The registry of the engine the global belongs to (references are checked against it).</summary>
    internal Runtime.TypeRegistry Registry { get; }

    /// <summary>Engine id of the concrete heap type of a reference global, -1 otherwise (for import matching).</summary>
    internal int HeapTypeId { get; }

    public GlobalType Type { get; }
    public bool Mutable => Type.Mutable;
    public ValType ValueType => Type.Type;

    /// <summary>The value: int, long, float, double, Vector128&lt;byte&gt;, a <see cref="Function"/> or any object for references.</summary>
    public object? GetValue() => Type.Type.Kind switch
    {
        ValTypeKind.I32 => I32,
        ValTypeKind.I64 => I64,
        ValTypeKind.F32 => F32,
        ValTypeKind.F64 => F64,
        ValTypeKind.V128 => V128,
        _ => Ref,
    };

    /// <summary>Sets the value of a mutable global.</summary>
    public void SetValue(object? value)
    {
        if (!Type.Mutable) throw new InvalidOperationException("global is immutable");
        SetValueUnchecked(Values.Coerce(Type.Type, value, HeapTypeId, Registry));
    }

    internal void SetValueUnchecked(object? value)
    {
        switch (Type.Type.Kind)
        {
            case ValTypeKind.I32: I32 = Values.ToInt32(value); break;
            case ValTypeKind.I64: I64 = Values.ToInt64(value); break;
            case ValTypeKind.F32: F32 = Values.ToSingle(value); break;
            case ValTypeKind.F64: F64 = Values.ToDouble(value); break;
            case ValTypeKind.V128: V128 = Values.ToV128(value); break;
            default: Ref = value; break;
        }
    }
}
