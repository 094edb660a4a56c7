namespace Sharptime.Runtime;

/// <summary>
/// The context of a <see cref="Function"/> whose IL is not emitted yet (see
/// Compilation/LazyModuleCode). Its code pointer is then a trampoline of its type
/// (StubCompiler.GetLazyTrampoline), which callers call like any function code, with this context;
/// the trampoline asks <see cref="Resolve"/> for the real code, which emits it, and calls it. The
/// Function keeps the real code and context from then on, so only its first call takes the detour,
/// and a call_indirect costs what it did. A store is used from one thread at a time, so no caller
/// sees the two fields half updated.
/// </summary>
internal sealed class LazyFunctionContext : InstanceContext
{
    /// <summary>The context of the function's instance, which its code runs with.</summary>
    private readonly InstanceContext _instance;

    internal LazyFunctionContext(InstanceContext instance)
    {
        _instance = instance;
        Module = instance.Module;
        Instance = instance.Instance;
        Store = instance.Store;
        Fuel = instance.Fuel;
    }

    /// <summary>The function this context stands in for (set right after both are made).</summary>
    internal Function? Function;

    /// <summary>
    /// Called by a lazy trampoline with the context it received: emits the function if needed, gives
    /// the Function its real code and context, and passes on the stack limit its caller set here.
    /// </summary>
    public static Function Resolve(InstanceContext context)
    {
        var lazy = (LazyFunctionContext)context;
        var function = lazy.Function!;
        if (function.Context == lazy) function.ResolveCode(lazy.Module!.GetCode(function.FunctionIndex), lazy._instance);
        lazy._instance.StackLimit = lazy.StackLimit;
        return function;
    }
}
