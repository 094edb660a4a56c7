using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Intrinsics;
using Sharptime.Model;
using Sharptime.Runtime;

namespace Sharptime.Compilation;

/// <summary>Calls a function's code with boxed arguments, storing boxed results (Function.Invoke).</summary>
internal delegate void ArrayInvoker(nint code, InstanceContext context, object?[] arguments, object?[] results);

/// <summary>
/// Generates the glue between .NET and compiled code, cached per engine: array invokers (boxed
/// values in and out, one per function type) and host stubs (a method with the compiled calling
/// convention that calls a host delegate, one per delegate type or, for untyped callbacks, per function type).
/// </summary>
internal sealed class StubCompiler(Engine engine)
{
    private readonly Dictionary<int, ArrayInvoker> _invokers = [];
    // The stubs by type id are kept as methods, their code pointer taken on each use: a
    // Dictionary<int, nint> is JIT-compiled at every start (RATIONALE.md), one with class values is not.
    private readonly Dictionary<int, MethodInfo> _untypedStubs = [];
    private readonly Dictionary<Type, nint> _typedStubs = [];
    private readonly Dictionary<int, MethodInfo> _lazyTrampolines = [];
    private readonly Lock _lock = new();

    public ArrayInvoker GetInvoker(int typeId, FuncType type)
    {
        lock (_lock)
        {
            if (!_invokers.TryGetValue(typeId, out var invoker))
                _invokers[typeId] = invoker = (ArrayInvoker)Generate("invoke", typeof(void), [typeof(nint), typeof(InstanceContext), typeof(object[]), typeof(object[])],
                    il => EmitInvoker(il, type)).CreateDelegate(typeof(ArrayInvoker));
            return invoker;
        }
    }

    public nint GetUntypedHostStub(int typeId, FuncType type)
    {
        lock (_lock)
        {
            if (!_untypedStubs.TryGetValue(typeId, out var stub))
                _untypedStubs[typeId] = stub = Generate("host", ClrTypes.ReturnType(type), ClrTypes.ParameterTypes(type),
                    il => EmitUntypedHostStub(il, type));
            return stub.MethodHandle.GetFunctionPointer();
        }
    }

    public nint GetTypedHostStub(Type delegateType, HostSignature signature)
    {
        lock (_lock)
        {
            if (!_typedStubs.TryGetValue(delegateType, out var stub))
                _typedStubs[delegateType] = stub = Generate("host", ClrTypes.ReturnType(signature.Type), ClrTypes.ParameterTypes(signature.Type),
                    il => EmitTypedHostStub(il, delegateType, signature)).MethodHandle.GetFunctionPointer();
            return stub;
        }
    }

    /// <summary>
    /// The code of a function of this type whose IL is not emitted yet: it gets the function's real
    /// code from its <see cref="LazyFunctionContext"/> (emitting it) and tail-calls it with the same arguments.
    /// </summary>
    public nint GetLazyTrampoline(int typeId, FuncType type)
    {
        lock (_lock)
        {
            if (!_lazyTrampolines.TryGetValue(typeId, out var trampoline))
                _lazyTrampolines[typeId] = trampoline = Generate("lazy", ClrTypes.ReturnType(type), ClrTypes.ParameterTypes(type),
                    il => EmitLazyTrampoline(il, type));
            return trampoline.MethodHandle.GetFunctionPointer();
        }
    }

    private static void EmitLazyTrampoline(ILGenerator il, FuncType type)
    {
        int contextArg = type.Parameters.Length;
        var function = il.DeclareLocal(typeof(Function));
        il.Emit(OpCodes.Ldarg, (short)contextArg);
        il.Emit(OpCodes.Call, RuntimeMembers.Method(typeof(LazyFunctionContext), nameof(LazyFunctionContext.Resolve)));
        il.Emit(OpCodes.Stloc, function);
        for (int i = 0; i < contextArg; i++) il.Emit(OpCodes.Ldarg, (short)i);
        il.Emit(OpCodes.Ldloc, function);
        il.Emit(OpCodes.Ldfld, RuntimeMembers.FunctionContext);
        for (int i = 1; i < type.Results.Length; i++) il.Emit(OpCodes.Ldarg, (short)(contextArg + i));
        il.Emit(OpCodes.Ldloc, function);
        il.Emit(OpCodes.Ldfld, RuntimeMembers.FunctionCode);
        il.Emit(OpCodes.Tailcall);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, ClrTypes.ReturnType(type), ClrTypes.ParameterTypes(type), null);
        il.Emit(OpCodes.Ret);
    }

    private MethodInfo Generate(string name, Type returnType, Type[] parameters, Action<ILGenerator> body)
    {
        var code = engine.Code;
        lock (code.Lock)
        {
            var type = code.DefineType(name);
            var method = type.DefineMethod(name, MethodAttributes.Public | MethodAttributes.Static, returnType, parameters);
            body(method.GetILGenerator());
            return type.CreateType().GetMethod(name)!;
        }
    }

    private static void EmitInvoker(ILGenerator il, FuncType type)
    {
        for (int i = 0; i < type.Parameters.Length; i++)
        {
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelem_Ref);
            EmitUnbox(il, type.Parameters[i]);
        }
        il.Emit(OpCodes.Ldarg_1);
        var results = new LocalBuilder[type.Results.Length];
        for (int i = 0; i < results.Length; i++) results[i] = il.DeclareLocal(ClrTypes.Of(type.Results[i]));
        for (int i = 1; i < results.Length; i++) il.Emit(OpCodes.Ldloca, results[i]);
        il.Emit(OpCodes.Ldarg_0);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, ClrTypes.ReturnType(type), ClrTypes.ParameterTypes(type), null);
        if (results.Length > 0) il.Emit(OpCodes.Stloc, results[0]);
        for (int i = 0; i < results.Length; i++)
        {
            il.Emit(OpCodes.Ldarg_3);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldloc, results[i]);
            EmitBox(il, type.Results[i]);
            il.Emit(OpCodes.Stelem_Ref);
        }
        il.Emit(OpCodes.Ret);
    }

    private static void EmitUntypedHostStub(ILGenerator il, FuncType type)
    {
        int contextArg = type.Parameters.Length;
        var args = il.DeclareLocal(typeof(object[]));
        il.Emit(OpCodes.Ldc_I4, type.Parameters.Length);
        il.Emit(OpCodes.Newarr, typeof(object));
        il.Emit(OpCodes.Stloc, args);
        for (int i = 0; i < type.Parameters.Length; i++)
        {
            il.Emit(OpCodes.Ldloc, args);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldarg, (short)i);
            EmitBox(il, type.Parameters[i]);
            il.Emit(OpCodes.Stelem_Ref);
        }
        il.Emit(OpCodes.Ldarg, (short)contextArg);
        il.Emit(OpCodes.Ldloc, args);
        il.Emit(OpCodes.Call, RuntimeMembers.Method(typeof(HostCalls), nameof(HostCalls.InvokeUntyped)));
        var results = il.DeclareLocal(typeof(object[]));
        il.Emit(OpCodes.Stloc, results);
        for (int i = 1; i < type.Results.Length; i++)
        {
            il.Emit(OpCodes.Ldarg, (short)(contextArg + i));
            il.Emit(OpCodes.Ldloc, results);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelem_Ref);
            EmitUnbox(il, type.Results[i]);
            il.Emit(OpCodes.Stobj, ClrTypes.Of(type.Results[i]));
        }
        if (type.Results.Length > 0)
        {
            il.Emit(OpCodes.Ldloc, results);
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Ldelem_Ref);
            EmitUnbox(il, type.Results[0]);
        }
        il.Emit(OpCodes.Ret);
    }

    private static void EmitTypedHostStub(ILGenerator il, Type delegateType, HostSignature signature)
    {
        var type = signature.Type;
        int contextArg = type.Parameters.Length;
        il.Emit(OpCodes.Ldarg, (short)contextArg);
        il.Emit(OpCodes.Call, RuntimeMembers.Method(typeof(HostCalls), nameof(HostCalls.Callback)));
        il.Emit(OpCodes.Castclass, delegateType);
        if (signature.TakesCaller)
        {
            il.Emit(OpCodes.Ldarg, (short)contextArg);
            il.Emit(OpCodes.Call, RuntimeMembers.Method(typeof(HostCalls), nameof(HostCalls.MakeCaller)));
        }
        for (int i = 0; i < type.Parameters.Length; i++)
        {
            il.Emit(OpCodes.Ldarg, (short)i);
            var want = signature.ParameterClrTypes[i];
            if (!want.IsValueType && want != typeof(object)) il.Emit(OpCodes.Castclass, want);
        }
        il.Emit(OpCodes.Callvirt, delegateType.GetMethod("Invoke")!);
        if (signature.ResultTuple is { } tupleType)
        {
            var tuple = il.DeclareLocal(tupleType);
            il.Emit(OpCodes.Stloc, tuple);
            for (int i = 1; i < type.Results.Length; i++)
            {
                il.Emit(OpCodes.Ldarg, (short)(contextArg + i));
                il.Emit(OpCodes.Ldloca, tuple);
                il.Emit(OpCodes.Ldfld, tupleType.GetField($"Item{i + 1}")!);
                il.Emit(OpCodes.Stobj, ClrTypes.Of(type.Results[i]));
            }
            il.Emit(OpCodes.Ldloca, tuple);
            il.Emit(OpCodes.Ldfld, tupleType.GetField("Item1")!);
        }
        il.Emit(OpCodes.Ret);
    }

    private static void EmitUnbox(ILGenerator il, ValType type)
    {
        var clr = ClrTypes.Of(type);
        if (clr.IsValueType) il.Emit(OpCodes.Unbox_Any, clr);
    }

    private static void EmitBox(ILGenerator il, ValType type)
    {
        var clr = ClrTypes.Of(type);
        if (clr.IsValueType) il.Emit(OpCodes.Box, clr);
    }
}

/// <summary>The wasm signature of a typed host delegate, and how its CLR shape maps onto it.</summary>
internal sealed record HostSignature(FuncType Type, bool TakesCaller, Type[] ParameterClrTypes, Type? ResultTuple)
{
    /// <summary>
    /// Reads a delegate's signature: an optional leading <see cref="Caller"/>, then parameters of int,
    /// long, float, double, Vector128&lt;byte&gt;, Function (funcref) or object (externref); the result
    /// is void, one such type, or a ValueTuple of them (several results).
    /// </summary>
    public static HostSignature FromDelegate(Type delegateType)
    {
        var invoke = delegateType.GetMethod("Invoke") ?? throw new ArgumentException("not a delegate type");
        var ps = invoke.GetParameters();
        bool takesCaller = ps.Length > 0 && ps[0].ParameterType == typeof(Caller);
        var clr = ps.Skip(takesCaller ? 1 : 0).Select(p => p.ParameterType).ToArray();
        var parameters = ValTypesOf(clr);
        var ret = invoke.ReturnType;
        ValType[] results;
        Type? tuple = null;
        if (ret == typeof(void)) results = [];
        else if (ret.IsGenericType && ret.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal))
        {
            var items = ret.GetGenericArguments();
            if (items.Length > 7) throw new ArgumentException("at most 7 results are supported in a typed host function");
            results = ValTypesOf(items);
            tuple = ret;
        }
        else results = [ValTypeOf(ret)];
        return new HostSignature(new FuncType(parameters, results), takesCaller, clr, tuple);
    }

    // A loop, not Select(ValTypeOf).ToArray(): LINQ over our ValType struct is not ReadyToRun-compiled,
    // so every start-up that bound a host function JIT-compiled nine methods for it.
    private static ValType[] ValTypesOf(Type[] types)
    {
        var result = new ValType[types.Length];
        for (int i = 0; i < types.Length; i++) result[i] = ValTypeOf(types[i]);
        return result;
    }

    public static ValType ValTypeOf(Type t) =>
        t == typeof(int) ? ValType.I32
        : t == typeof(long) ? ValType.I64
        : t == typeof(float) ? ValType.F32
        : t == typeof(double) ? ValType.F64
        : t == typeof(Vector128<byte>) ? ValType.V128
        : t == typeof(Function) ? ValType.FuncRef
        : t == typeof(object) ? ValType.ExternRef
        : throw new ArgumentException($"type {t.Name} has no WebAssembly counterpart (use int, long, float, double, Vector128<byte>, Function or object)");
}
