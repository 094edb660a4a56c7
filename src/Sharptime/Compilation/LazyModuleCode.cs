using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using Sharptime.Model;

namespace Sharptime.Compilation;

/// <summary>
/// The code of a module compiled in memory, emitted lazily: defined functions are split into groups
/// of neighbours, each group one generated type, and a group's IL is emitted and its type created only
/// when something needs it. Direct calls stay IL <c>call</c>s to the callee's method: when the JIT
/// compiles a call into a group whose type is not created yet, the runtime raises
/// <see cref="AppDomain.TypeResolve"/>, and the handler here emits that group there and then. So IL
/// is emitted one call level ahead of the JIT, and a first run of a large module emits what it may
/// call, not all of it. A group's type and methods are defined (not emitted) when code emitted
/// elsewhere first calls into it, since that call needs their metadata tokens.
/// </summary>
internal sealed class LazyModuleCode
{
    /// <summary>
    /// A group closes once its functions hold this much wasm code: small enough that a call into a
    /// group emits little that is never run, big enough that the types stay few (defining a type and
    /// creating it costs about as much as emitting a small function).
    /// </summary>
    private const int GroupCodeBytes = 2048;

    /// <summary>Groups defined but not created, by their type's name (unique process-wide), for <see cref="OnTypeResolve"/>.</summary>
    private static readonly ConcurrentDictionary<string, PendingGroup> s_pending = new(StringComparer.Ordinal);

    /// <summary>A class, not a tuple: framework generics over reference types are precompiled (ReadyToRun), over our structs they are JIT-compiled at every run.</summary>
    private sealed record PendingGroup(LazyModuleCode Code, int Group);

    static LazyModuleCode() => AppDomain.CurrentDomain.TypeResolve += OnTypeResolve;

    private readonly DynamicCode _code;
    private readonly string _name;
    private readonly ModuleCompilation _compilation;
    /// <summary>The defined index of each group's first function, and the function count at the end.</summary>
    private readonly int[] _groupStarts;
    private readonly int[] _groupOf;
    private readonly TypeBuilder?[] _builders;
    private readonly Type?[] _created;
    private readonly MethodBuilder?[] _methods;
    private readonly int[] _tokens;

    public LazyModuleCode(Engine engine, WasmModule module, string name, int[] canonicalIds)
    {
        _code = engine.Code;
        _name = name;
        var bodies = module.Bodies;
        _groupOf = new int[bodies.Count];
        var starts = new List<int>();
        int size = GroupCodeBytes;
        for (int i = 0; i < bodies.Count; i++)
        {
            if (size >= GroupCodeBytes)
            {
                starts.Add(i);
                size = 0;
            }
            _groupOf[i] = starts.Count - 1;
            size += bodies[i].Code.Length;
        }
        int groups = starts.Count;
        starts.Add(bodies.Count);
        _groupStarts = [.. starts];
        _builders = new TypeBuilder?[groups];
        _created = new Type?[groups];
        _methods = new MethodBuilder?[bodies.Count];
        _tokens = new int[bodies.Count];
        _compilation = ModuleCompilation.Create(engine, module, MethodOf, canonicalIds, _code.Module);
    }

    /// <summary>The module this code belongs to, for mapping the groups' stack frames back to wasm functions.</summary>
    public CompiledModule? Owner { get; set; }

    /// <summary>The dynamic module holding the groups (tokens resolve there).</summary>
    public System.Reflection.Module CodeModule => _code.Module;

    /// <summary>Whether defined function <paramref name="defined"/>'s type is created, so its code pointer can be taken without emitting anything.</summary>
    public bool IsCreated(int defined) => Volatile.Read(ref _created[_groupOf[defined]]) is not null;

    /// <summary>The metadata token of defined function <paramref name="defined"/>'s method, after emitting its group if needed.</summary>
    public int EmittedToken(int defined)
    {
        int group = _groupOf[defined];
        if (Volatile.Read(ref _created[group]) is null) Emit(group);
        return _tokens[defined];
    }

    /// <summary>The method of a defined function, defining its group's type and methods on first use (under the code lock).</summary>
    private MethodBuilder MethodOf(int defined)
    {
        if (_methods[defined] is { } method) return method;
        DefineGroup(_groupOf[defined]);
        return _methods[defined]!;
    }

    private TypeBuilder DefineGroup(int group)
    {
        if (_builders[group] is { } defined) return defined;
        var module = _compilation.Module;
        int imported = module.ImportedFunctionCount;
        var type = _code.DefineType($"{_name}.{_groupStarts[group] + imported}");
        for (int i = _groupStarts[group]; i < _groupStarts[group + 1]; i++)
        {
            var funcType = module.GetFuncType(module.Functions[i]);
            var method = type.DefineMethod(ModuleCompiler.MethodName(imported + i), MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig,
                ClrTypes.ReturnType(funcType), ClrTypes.ParameterTypes(funcType));
            for (int r = 1; r < funcType.Results.Length; r++)
                method.DefineParameter(funcType.Parameters.Length + 1 + r, ParameterAttributes.Out, $"result{r}");
            // In definition order: a method's first token request tokenizes the methods defined before it.
            _tokens[i] = method.MetadataToken;
            _methods[i] = method;
        }
        _builders[group] = type;
        s_pending[type.FullName!] = new PendingGroup(this, group);
        return type;
    }

    /// <summary>Emits a group's IL and creates its type, unless another caller did first.</summary>
    private void Emit(int group)
    {
        lock (_code.Lock)
        {
            if (_created[group] is not null) return;
            var type = DefineGroup(group);
            for (int i = _groupStarts[group]; i < _groupStarts[group + 1]; i++)
            {
                FunctionCompiler.Compile(_compilation, i, _methods[i]!);
                TieringPolicy.Apply(_methods[i]!);
            }
            var created = type.CreateType();
            Owner!.Register(created);
            Volatile.Write(ref _created[group], created);
            s_pending.TryRemove(type.FullName!, out _);
        }
    }

    /// <summary>
    /// The runtime asks for a type of the dynamic assembly that is not created: the JIT met a call
    /// into a group not emitted yet. Emitting it answers; other names are not ours.
    /// </summary>
    private static Assembly? OnTypeResolve(object? sender, ResolveEventArgs args)
    {
        if (args.Name is not { } name || !s_pending.TryGetValue(name, out var pending)) return null;
        pending.Code.Emit(pending.Group);
        return pending.Code._code.Module.Assembly;
    }
}
