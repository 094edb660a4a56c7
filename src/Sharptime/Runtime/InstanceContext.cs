using Sharptime.Compilation;

namespace Sharptime.Runtime;

/// <summary>
/// What compiled code of one instance reaches through its context argument (the parameter after the
/// wasm parameters of every generated method): the stack limit, memory 0's base and object, and the
/// index spaces. Fields, not properties, so that generated code loads them directly.
/// </summary>
internal unsafe class InstanceContext
{
    /// <summary>
    /// The lowest stack address wasm code may reach; every function that calls compares the address of
    /// a local with it (design notes: the cheapest stack guard). Set on entry from the host and copied
    /// to the callee's context on calls that may cross instances.
    /// </summary>
    internal nuint StackLimit;

    /// <summary>Base address of memory 0 (never moves; see <see cref="Sharptime.Memory"/>).</summary>
    internal byte* MemoryBase;

    /// <summary>Memory 0, whose ByteLength bounds accesses.</summary>
    internal Memory? Memory;

    internal Memory[] Memories = [];
    internal Table[] Tables = [];
    internal Global[] Globals = [];
    internal Tag[] Tags = [];

    /// <summary>The runtime descriptions of the module's types, by type index (GC instructions pass them to helpers).</summary>
    internal Gc.GcType[] GcTypes = [];

    /// <summary>The function index space: imports filled at instantiation, defined functions created on first reference.</summary>
    internal Function?[] Functions = [];

    /// <summary>Passive data segments' bytes, empty once dropped (active ones are dropped after instantiation).</summary>
    internal byte[][] DataSegments = [];

    /// <summary>Element segments' references, empty once dropped.</summary>
    internal object?[][] ElementSegments = [];

    /// <summary>The store's fuel, when fuel is consumed (see <see cref="Config.ConsumeFuel"/>).</summary>
    internal FuelTank? Fuel;

    internal CompiledModule? Module;
    internal Instance? Instance;
    internal Store? Store;

    /// <summary>The function object for a function index, created on first use (ref.func, exports, tables).</summary>
    internal Function GetFunction(int index) => Functions[index] ?? CreateFunction(index);

    private Function CreateFunction(int index)
    {
        var module = Module ?? throw new InvalidOperationException("context has no module");
        var f = Function.ForWasm(this, module, index);
        Functions[index] = f;
        return f;
    }
}

/// <summary>
/// The context of a host function: compiled code calls a host function like any other, through a
/// generated stub whose context argument is this object, which carries the callback.
/// </summary>
internal sealed class HostFunctionContext : InstanceContext
{
    internal readonly Delegate Callback;

    /// <summary>The function's type (untyped callbacks' results are checked against it).</summary>
    internal readonly Model.FuncType Type;

    /// <summary>The instance that imported the function (what <see cref="Caller"/> exposes), if any.</summary>
    internal readonly Instance? CallerInstance;

    internal HostFunctionContext(Delegate callback, Model.FuncType type, Instance? caller, Store? store)
    {
        Callback = callback;
        Type = type;
        CallerInstance = caller;
        Store = store;
    }

    internal Caller MakeCaller() => new(CallerInstance, Store);
}
