using System.Reflection;
using Sharptime.Compilation;
using Sharptime.Model;
using Sharptime.Runtime;

namespace Sharptime;

/// <summary>
/// A function: compiled wasm code of an instance, or a host callback. It is also the value of a
/// funcref. Call it with <see cref="Invoke"/> (boxed values) or through a typed delegate
/// (<see cref="AsFunc{TResult}"/>, <see cref="Instance.GetFunction{TResult}(string)"/>, ...).
/// </summary>
public sealed partial class Function
{
    /// <summary>
    /// Pointer to the code, which takes the wasm parameters, then <see cref="Context"/>, then out
    /// results. Until a wasm function's IL is emitted, a trampoline that emits it (<see cref="LazyFunctionContext"/>).
    /// </summary>
    internal nint Code;

    /// <summary>The context the code runs with: its instance's, a host function's, or a <see cref="LazyFunctionContext"/>.</summary>
    internal InstanceContext Context;

    /// <summary>Engine-wide id of <see cref="Type"/>; call_indirect compares it.</summary>
    internal readonly int TypeId;

    internal readonly Engine Engine;

    /// <summary>The generated boxed-values caller of this function's type, looked up on the first Invoke.</summary>
    private Compilation.ArrayInvoker? _invoker;

    private Function(Engine engine, FuncType type, int typeId, nint code, InstanceContext context, int index)
    {
        Engine = engine;
        Type = type;
        TypeId = typeId;
        Code = code;
        Context = context;
        FunctionIndex = index;
    }

    public FuncType Type { get; }
    public IReadOnlyList<ValType> Parameters => Type.Parameters;
    public IReadOnlyList<ValType> Results => Type.Results;

    /// <summary>The index in its module's function space, or -1 for a host function.</summary>
    public int FunctionIndex { get; }

    public bool IsHostFunction => Context is HostFunctionContext;

    /// <summary>The engine id of a concrete heap type in this function's type, or -1 (abstract, or a host function).</summary>
    internal int HeapTypeId(ValType type) =>
        type.IsRef && type.Heap.IsConcrete && Context.Module is { } module ? module.CanonicalTypeIds[type.Heap.TypeIndex] : -1;

    /// <summary>
    /// Whether this function's type is a declared subtype of the type with engine id
    /// <paramref name="typeId"/> (call_indirect's slow path when the ids differ).
    /// </summary>
    internal bool HasSupertype(int typeId) => Engine.Types.IsSubtype(TypeId, typeId);

    internal static Function ForWasm(InstanceContext context, CompiledModule module, int index)
    {
        var engine = context.Store!.Engine;
        int typeIndex = module.Module.GetFunctionTypeIndex(index);
        var type = module.Module.GetFuncType(typeIndex);
        int typeId = module.CanonicalTypeIds[typeIndex];
        if (module.IsEmitted(index)) return new Function(engine, type, typeId, module.GetCode(index), context, index);
        // Placing a function in a table or exporting it does not emit it: its first call does.
        var lazy = new LazyFunctionContext(context);
        var function = new Function(engine, type, typeId, engine.Stubs.GetLazyTrampoline(typeId, type), lazy, index);
        lazy.Function = function;
        return function;
    }

    /// <summary>Replaces a lazy trampoline and its context with the function's emitted code and its instance's context.</summary>
    internal void ResolveCode(nint code, InstanceContext context)
    {
        Code = code;
        Context = context;
    }

    /// <summary>
    /// A host function from a typed delegate: parameters of int, long, float, double,
    /// Vector128&lt;byte&gt;, Function (funcref) or object (externref), optionally after a leading
    /// <see cref="Caller"/>; the result void, one such value, or a ValueTuple for several.
    /// </summary>
    public static Function FromCallback(Store store, Delegate callback)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(callback);
        var signature = HostSignature.FromDelegate(callback.GetType());
        var engine = store.Engine;
        int id = engine.Types.Intern(signature.Type);
        var code = engine.Stubs.GetTypedHostStub(callback.GetType(), signature);
        return new Function(engine, signature.Type, id, code, new HostFunctionContext(callback, signature.Type, null, store), -1);
    }

    /// <summary>A host function of any type, taking and returning boxed values.</summary>
    public static Function FromCallback(Store store, FuncType type, UntypedHostCallback callback)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(callback);
        var engine = store.Engine;
        int id = engine.Types.Intern(type);
        var code = engine.Stubs.GetUntypedHostStub(id, type);
        return new Function(engine, type, id, code, new HostFunctionContext(callback, type, null, store), -1);
    }

    /// <summary>
    /// This host function as imported by <paramref name="caller"/>: the same callback, but its
    /// <see cref="Caller"/> is that instance. Wasm functions are returned as they are.
    /// </summary>
    internal Function ImportedBy(Instance caller) =>
        Context is HostFunctionContext host
            ? new Function(Engine, Type, TypeId, Code, new HostFunctionContext(host.Callback, host.Type, caller, host.Store), -1)
            : this;

    /// <summary>
    /// Calls the function with boxed arguments (int, long, float, double, Vector128&lt;byte&gt;,
    /// references). Returns null when it has no results, the value when it has one, and an object[]
    /// when it has several. A trap throws <see cref="TrapException"/>.
    /// </summary>
    public object? Invoke(params object?[] arguments)
    {
        var results = InvokeAll(arguments);
        return results.Length switch { 0 => null, 1 => results[0], _ => results };
    }

    /// <summary>Calls the function with boxed arguments and returns all its results.</summary>
    public object?[] InvokeAll(params object?[] arguments)
    {
        arguments ??= [null];
        if (arguments.Length != Type.Parameters.Length)
            throw new ArgumentException($"function takes {Type.Parameters.Length} arguments, got {arguments.Length}");
        var args = new object?[arguments.Length];
        for (int i = 0; i < args.Length; i++)
            args[i] = Values.Coerce(Type.Parameters[i], arguments[i], HeapTypeId(Type.Parameters[i]), Engine.Types);
        var results = new object?[Type.Results.Length];
        var invoker = _invoker ??= Engine.Stubs.GetInvoker(TypeId, Type);
        int maxStack = Engine.Config.MaxWasmStack;
        if (GuestEntry.TryEnter(Context, maxStack))
        {
            invoker(Code, Context, args, results);
        }
        else
        {
            GuestEntry.RunOnGuestThread(maxStack, () =>
            {
                if (!GuestEntry.TryEnter(Context, maxStack)) throw new InvalidOperationException("guest thread has too little stack");
                invoker(Code, Context, args, results);
                return 0;
            });
        }
        return results;
    }
}
