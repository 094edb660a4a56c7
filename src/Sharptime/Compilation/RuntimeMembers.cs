using System.Collections.Concurrent;
using System.Reflection;
using Sharptime.Runtime;

namespace Sharptime.Compilation;

/// <summary>The runtime fields and methods generated code uses, looked up once.</summary>
internal static class RuntimeMembers
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private const BindingFlags Static = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>
    /// Methods by type, then name, first so static initialization finds them ready: the compiler asks for helpers once per emitted instruction, and a
    /// reflection lookup each time made compiling large modules ten times slower. Two levels keyed by classes, not one keyed by a
    /// tuple: a dictionary keyed by a struct is JIT-compiled at every start (see RATIONALE.md), and every run's stubs use this class.
    /// </summary>
    private static readonly ConcurrentDictionary<Type, ConcurrentDictionary<string, MethodInfo>> s_methods = new();
    /// <summary>Generic method definitions instantiated, by definition, then type argument.</summary>
    private static readonly ConcurrentDictionary<MethodInfo, ConcurrentDictionary<Type, MethodInfo>> s_generic = new();


    public static readonly FieldInfo ContextStackLimit = Field<InstanceContext>(nameof(InstanceContext.StackLimit));
    public static readonly FieldInfo ContextMemoryBase = Field<InstanceContext>(nameof(InstanceContext.MemoryBase));
    public static readonly FieldInfo ContextMemory = Field<InstanceContext>(nameof(InstanceContext.Memory));
    public static readonly FieldInfo ContextMemories = Field<InstanceContext>(nameof(InstanceContext.Memories));
    public static readonly FieldInfo ContextTables = Field<InstanceContext>(nameof(InstanceContext.Tables));
    public static readonly FieldInfo ContextGlobals = Field<InstanceContext>(nameof(InstanceContext.Globals));
    public static readonly FieldInfo ContextGcTypes = Field<InstanceContext>(nameof(InstanceContext.GcTypes));
    public static readonly FieldInfo ContextFuel = Field<InstanceContext>(nameof(InstanceContext.Fuel));
    public static readonly FieldInfo ContextTags = Field<InstanceContext>(nameof(InstanceContext.Tags));
    public static readonly FieldInfo ContextFunctions = Field<InstanceContext>(nameof(InstanceContext.Functions));
    public static readonly MethodInfo ContextGetFunction = Method<InstanceContext>(nameof(InstanceContext.GetFunction));

    public static readonly FieldInfo MemoryBase = Field<Memory>(nameof(Memory.Base));
    public static readonly FieldInfo MemoryByteLength = Field<Memory>(nameof(Memory.ByteLength));
    public static readonly MethodInfo MemoryGrow32 = Method<Memory>(nameof(Memory.Grow32));
    public static readonly MethodInfo MemoryGrow64 = Method<Memory>(nameof(Memory.Grow64));

    public static readonly FieldInfo TableElements = Field<Table>(nameof(Table.Elements));

    public static readonly FieldInfo GlobalI32 = Field<Global>(nameof(Global.I32));
    public static readonly FieldInfo GlobalI64 = Field<Global>(nameof(Global.I64));
    public static readonly FieldInfo GlobalF32 = Field<Global>(nameof(Global.F32));
    public static readonly FieldInfo GlobalF64 = Field<Global>(nameof(Global.F64));
    public static readonly FieldInfo GlobalV128 = Field<Global>(nameof(Global.V128));
    public static readonly FieldInfo GlobalRef = Field<Global>(nameof(Global.Ref));

    public static readonly FieldInfo FunctionCode = Field<Function>(nameof(Function.Code));
    public static readonly FieldInfo FunctionContext = Field<Function>(nameof(Function.Context));
    public static readonly FieldInfo FunctionTypeId = Field<Function>(nameof(Function.TypeId));

    public static MethodInfo Trap(string name) => Method(typeof(Traps), name);
    public static MethodInfo Numeric(string name) => Method(typeof(Numerics), name);
    public static MethodInfo Bulk(string name) => Method(typeof(BulkOperations), name);

    public static FieldInfo Field<T>(string name) =>
        typeof(T).GetField(name, Instance) ?? throw new MissingFieldException(typeof(T).Name, name);

    public static MethodInfo Method<T>(string name) => Method(typeof(T), name);

    public static MethodInfo Method(Type type, string name)
    {
        var byName = MethodsOf(type);
        return byName.TryGetValue(name, out var method) ? method
            : byName.GetOrAdd(name, type.GetMethod(name, Instance | Static) ?? throw new MissingMethodException(type.Name, name));
    }

    public static MethodInfo Method(Type type, string name, params Type[] parameters)
    {
        var byName = MethodsOf(type);
        var key = name + "(" + string.Join(",", parameters.Select(p => p.FullName)) + ")";
        return byName.TryGetValue(key, out var method) ? method
            : byName.GetOrAdd(key, type.GetMethod(name, Instance | Static, parameters) ?? throw new MissingMethodException(type.Name, name));
    }

    private static ConcurrentDictionary<string, MethodInfo> MethodsOf(Type type) =>
        s_methods.GetOrAdd(type, static _ => new(StringComparer.Ordinal));

    /// <summary>A generic method definition instantiated with one type argument, cached.</summary>
    public static MethodInfo Generic(MethodInfo definition, Type argument)
    {
        var byArgument = s_generic.GetOrAdd(definition, static _ => new());
        return byArgument.TryGetValue(argument, out var method) ? method : byArgument.GetOrAdd(argument, definition.MakeGenericMethod(argument));
    }
}
