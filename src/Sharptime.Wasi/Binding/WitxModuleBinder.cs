using System.Linq.Expressions;
using System.Reflection;
using System.Reflection.Emit;
using Microsoft.Extensions.Logging;
using Sharptime.Witx.Runtime;

namespace Sharptime.Wasi.Binding;

/// <summary>
/// Defines every function of a witx module (its generated glue's <c>Functions</c>) in a
/// <see cref="Linker"/>. Each import becomes a typed host function: a small dynamic method
/// <c>(HostBinding, Caller, wasm params...) → wasm result</c> that builds the caller's
/// <see cref="GuestMemory"/>, calls the static glue method directly (no boxing, no argument
/// arrays) and turns <see cref="WitxTrapException"/> into a wasm trap,
/// <see cref="GuestExitException"/> into <see cref="WasiExitException"/>, and any other exception
/// of the implementation into a trap with <see cref="TrapCode.HostError"/> (the exception inside),
/// so that only Sharptime's own exceptions come out of a guest.
/// </summary>
public static class WitxModuleBinder
{
    /// <summary>
    /// Defines <paramref name="functions"/> (all of one module's glue) in <paramref name="linker"/>,
    /// implemented by <paramref name="implementation"/>, which must implement their interface.
    /// With <paramref name="include"/>, only the functions it accepts are defined: each definition
    /// generates a thunk, which is most of the cost of binding a module of which a program imports a few.
    /// </summary>
    public static void Define(Linker linker, Store store, IEnumerable<WitxHostFunction> functions, object implementation, ILogger? logger = null,
        Func<WitxHostFunction, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(implementation);
        var binding = new HostBinding(implementation, logger);
        foreach (var f in functions)
        {
            if (include is not null && !include(f)) continue;
            if (!f.InterfaceType.IsInstanceOfType(implementation))
                throw new ArgumentException($"{implementation.GetType().Name} does not implement {f.InterfaceType.Name}", nameof(implementation));
            linker.DefineFunction(store, f.Module, f.Name, CreateDelegate(f, binding));
        }
    }

    private static Delegate CreateDelegate(WitxHostFunction f, HostBinding binding)
    {
        // A loop, not Select(ClrType).ToArray(): LINQ over the WitxCoreType enum is not ReadyToRun-compiled.
        var parameters = new Type[f.Parameters.Count];
        for (int i = 0; i < parameters.Length; i++) parameters[i] = ClrType(f.Parameters[i]);
        var result = f.Results.Count switch
        {
            0 => typeof(void),
            1 => ClrType(f.Results[0]),
            _ => throw new NotSupportedException($"{f}: glue with several results is not supported"),
        };
        Type[] thunkParameters = [typeof(HostBinding), typeof(Caller), .. parameters];
        var method = new DynamicMethod($"{f.Module}.{f.Name}", result, thunkParameters, typeof(HostBinding).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        var resultLocal = result == typeof(void) ? null : il.DeclareLocal(result);
        var end = il.DefineLabel();

        il.BeginExceptionBlock();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, typeof(HostBinding).GetField(nameof(HostBinding.Implementation))!);
        il.Emit(OpCodes.Castclass, f.InterfaceType);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, typeof(HostBinding).GetMethod(nameof(HostBinding.GetMemory))!);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, typeof(HostBinding).GetField(nameof(HostBinding.Logger))!);
        for (int i = 0; i < parameters.Length; i++) il.Emit(OpCodes.Ldarg, (short)(i + 2));
        il.Emit(OpCodes.Call, f.Method);
        if (resultLocal is not null) il.Emit(OpCodes.Stloc, resultLocal);
        il.Emit(OpCodes.Leave, end);

        il.BeginCatchBlock(typeof(WitxTrapException));
        il.Emit(OpCodes.Call, typeof(HostBinding).GetMethod(nameof(HostBinding.ToTrap))!);
        il.Emit(OpCodes.Throw);

        il.BeginCatchBlock(typeof(GuestExitException));
        il.Emit(OpCodes.Call, typeof(HostBinding).GetMethod(nameof(HostBinding.ToExit))!);
        il.Emit(OpCodes.Throw);

        // Traps and exits (from a nested call, or proc_exit itself) pass unchanged, keeping their
        // stack trace (a trap's wasm backtrace is read from it); anything else is a host error.
        il.BeginCatchBlock(typeof(Exception));
        var exception = il.DeclareLocal(typeof(Exception));
        var wrap = il.DefineLabel();
        il.Emit(OpCodes.Stloc, exception);
        il.Emit(OpCodes.Ldloc, exception);
        il.Emit(OpCodes.Call, typeof(HostBinding).GetMethod(nameof(HostBinding.PassesThrough))!);
        il.Emit(OpCodes.Brfalse, wrap);
        il.Emit(OpCodes.Rethrow);
        il.MarkLabel(wrap);
        il.Emit(OpCodes.Ldloc, exception);
        il.Emit(OpCodes.Call, typeof(HostBinding).GetMethod(nameof(HostBinding.ToHostError))!);
        il.Emit(OpCodes.Throw);
        il.EndExceptionBlock();

        il.MarkLabel(end);
        if (resultLocal is not null) il.Emit(OpCodes.Ldloc, resultLocal);
        il.Emit(OpCodes.Ret);

        Type[] delegateTypes = [typeof(Caller), .. parameters, result];
        var delegateType = Expression.GetDelegateType(delegateTypes);
        return method.CreateDelegate(delegateType, binding);
    }

    private static Type ClrType(WitxCoreType type) => type switch
    {
        WitxCoreType.I32 => typeof(int),
        WitxCoreType.I64 => typeof(long),
        WitxCoreType.F32 => typeof(float),
        WitxCoreType.F64 => typeof(double),
        _ => throw new NotSupportedException($"witx core type {type}"),
    };
}

/// <summary>What the generated thunks of one bound module share: the implementation, the logger, the memory cache.</summary>
internal sealed unsafe class HostBinding(object implementation, ILogger? logger)
{
    public readonly object Implementation = implementation;
    public readonly ILogger? Logger = logger;

    private Instance? _instance;
    private Memory? _memory;

    /// <summary>
    /// The calling instance's exported "memory" (none: an empty view, so any pointer traps). The
    /// export is looked up once per instance; its base never moves, only its length is read per call.
    /// </summary>
    public GuestMemory GetMemory(Caller caller)
    {
        var instance = caller.Instance;
        if (!ReferenceEquals(instance, _instance))
        {
            _memory = instance?.GetMemory("memory");
            _instance = instance;
        }
        return _memory is { } m ? new GuestMemory(m.Base, Math.Min(m.ByteLength, 1UL << 32)) : default;
    }

    public static TrapException ToTrap(WitxTrapException e) => e.Kind == WitxTrapKind.OutOfBounds
        ? new TrapException(TrapCode.MemoryOutOfBounds, e.Message, e)
        : new TrapException(TrapCode.HostError, e.Message, e);

    public static WasiExitException ToExit(GuestExitException e) => new(e.ExitCode);

    public static bool PassesThrough(Exception e) => e is WasmException or WasiExitException;

    public static TrapException ToHostError(Exception e) =>
        new(TrapCode.HostError, $"{TrapMessages.Of(TrapCode.HostError)}: {e.GetType().Name}: {e.Message}", e);
}
