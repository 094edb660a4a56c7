using System.Runtime.Intrinsics;
using Sharptime.Model;

namespace Sharptime.Compilation;

/// <summary>How wasm values are represented in generated code.</summary>
internal static class ClrTypes
{
    /// <summary>
    /// The CLR type of a wasm value type: i32 int, i64 long, f32 float, f64 double, v128 Vector128&lt;byte&gt;
    /// (reinterpreted per instruction, which costs nothing), every reference type object (funcref holds
    /// <see cref="Function"/> or null, externref any object).
    /// </summary>
    public static Type Of(ValType type) => type.Kind switch
    {
        ValTypeKind.I32 => typeof(int),
        ValTypeKind.I64 => typeof(long),
        ValTypeKind.F32 => typeof(float),
        ValTypeKind.F64 => typeof(double),
        ValTypeKind.V128 => typeof(Vector128<byte>),
        ValTypeKind.Ref => typeof(object),
        _ => throw new NotSupportedException($"no CLR type for {type}"),
    };

    /// <summary>The kinds of storage a value needs; stack slots are shared by values of one kind.</summary>
    public static StackKind KindOf(ValType type) => type.Kind switch
    {
        ValTypeKind.I32 => StackKind.I32,
        ValTypeKind.I64 => StackKind.I64,
        ValTypeKind.F32 => StackKind.F32,
        ValTypeKind.F64 => StackKind.F64,
        ValTypeKind.V128 => StackKind.V128,
        _ => StackKind.Ref,
    };

    public static Type Of(StackKind kind) => kind switch
    {
        StackKind.I32 => typeof(int),
        StackKind.I64 => typeof(long),
        StackKind.F32 => typeof(float),
        StackKind.F64 => typeof(double),
        StackKind.V128 => typeof(Vector128<byte>),
        _ => typeof(object),
    };

    /// <summary>
    /// The parameter types of a compiled function: the wasm parameters, then the instance context, then
    /// one out parameter per result after the first (the first result is the return value).
    /// </summary>
    public static Type[] ParameterTypes(FuncType type)
    {
        int extra = Math.Max(0, type.Results.Length - 1);
        var types = new Type[type.Parameters.Length + 1 + extra];
        for (int i = 0; i < type.Parameters.Length; i++) types[i] = Of(type.Parameters[i]);
        types[type.Parameters.Length] = typeof(Runtime.InstanceContext);
        for (int i = 0; i < extra; i++) types[type.Parameters.Length + 1 + i] = Of(type.Results[i + 1]).MakeByRefType();
        return types;
    }

    public static Type ReturnType(FuncType type) => type.Results.Length == 0 ? typeof(void) : Of(type.Results[0]);
}

internal enum StackKind : byte
{
    I32,
    I64,
    F32,
    F64,
    V128,
    Ref,
}
