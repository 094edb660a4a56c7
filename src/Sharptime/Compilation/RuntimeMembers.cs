using System.Reflection;
using Sharptime.Runtime;

namespace Sharptime.Compilation;

/// <summary>The runtime fields and methods generated code uses, looked up once.</summary>
internal static class RuntimeMembers
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private const BindingFlags Static = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>
    /// Methods by (type, name), first so static initialization finds them ready: the compiler asks for helpers once per emitted instruction, and a
    /// reflection lookup each time made compiling large modules ten times slower.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, string), MethodInfo> s_methods = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(MethodInfo, Type), MethodInfo> s_generic = new();


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

    public static MethodInfo Method(Type type, string name) =>
        s_methods.GetOrAdd((type, name), static key =>
            key.Item1.GetMethod(key.Item2, Instance | Static) ?? throw new MissingMethodException(key.Item1.Name, key.Item2));

    public static MethodInfo Method(Type type, string name, params Type[] parameters) =>
        s_methods.GetOrAdd((type, name + "(" + string.Join(",", parameters.Select(p => p.FullName)) + ")"), _ =>
            type.GetMethod(name, Instance | Static, parameters) ?? throw new MissingMethodException(type.Name, name));

    /// <summary>A generic method definition instantiated with one type argument, cached.</summary>
    public static MethodInfo Generic(MethodInfo definition, Type argument) =>
        s_generic.GetOrAdd((definition, argument), static key => key.Item1.MakeGenericMethod(key.Item2));
}
