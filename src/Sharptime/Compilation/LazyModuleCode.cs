using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using Sharptime.Model;

namespace Sharptime.Compilation;

/// <summary>
/// The code of a module compiled in memory, emitted lazily: each defined function's method is the one
/// method of a generated type of its own, whose IL is emitted and type created only when something
/// needs it. Direct calls stay IL <c>call</c>s to the callee's method: when the JIT compiles a call to
/// a method whose type is not created yet, the runtime raises <see cref="AppDomain.TypeResolve"/>,
/// and the handler here emits that function there and then. So IL is emitted one call level ahead of
/// the JIT, and a first run of a large module emits what it may call, not all of it. A function's type
/// and method are defined (not emitted) when code emitted elsewhere first calls it, since that call
/// needs the method's metadata token.
/// </summary>
internal sealed class LazyModuleCode
{
    /// <summary>
    /// Every function defined, by its type's name (unique process-wide), for <see cref="OnTypeResolve"/>.
    /// Entries stay after the type is created: a thread whose type load failed just before another
    /// thread created the type (the speculative JIT emits on a thread of its own) raises TypeResolve
    /// after that, and must still be answered.
    /// </summary>
    private static readonly ConcurrentDictionary<string, DefinedFunction> s_defined = new(StringComparer.Ordinal);

    /// <summary>A class, not a tuple: framework generics over reference types are precompiled (ReadyToRun), over our structs they are JIT-compiled at every run.</summary>
    private sealed record DefinedFunction(LazyModuleCode Code, int Defined);

    static LazyModuleCode() => AppDomain.CurrentDomain.TypeResolve += OnTypeResolve;

    private readonly DynamicCode _code;
    private readonly string _name;
    /// <summary>What every function's compilation shares; <see cref="_compilations"/> adds each dynamic module's tokens.</summary>
    private readonly ModuleCompilation _compilation;
    private readonly Dictionary<ModuleBuilder, ModuleCompilation> _compilations = new(ReferenceEqualityComparer.Instance);
    private readonly TypeBuilder?[] _types;
    private readonly MethodBuilder?[] _methods;
    /// <summary>Set once a function's type is created (read without the lock).</summary>
    private readonly bool[] _created;

    public LazyModuleCode(Engine engine, WasmModule module, string name, int[] canonicalIds)
    {
        _code = engine.Code;
        _name = name;
        int count = module.Functions.Count;
        _types = new TypeBuilder?[count];
        _methods = new MethodBuilder?[count];
        _created = new bool[count];
        _compilation = ModuleCompilation.Create(engine, module, MethodOf, canonicalIds, tokenModule: null);
    }

    /// <summary>The module this code belongs to, for mapping the functions' stack frames back to wasm functions.</summary>
    public CompiledModule? Owner { get; set; }

    /// <summary>Whether defined function <paramref name="defined"/>'s type is created, so its code pointer can be taken without emitting anything.</summary>
    public bool IsCreated(int defined) => Volatile.Read(ref _created[defined]);

    /// <summary>The method handle of defined function <paramref name="defined"/>, after emitting it if needed.</summary>
    public RuntimeMethodHandle EmittedMethod(int defined)
    {
        if (!Volatile.Read(ref _created[defined])) Emit(defined);
        var method = _methods[defined]!;
        return method.Module.ModuleHandle.ResolveMethodHandle(method.MetadataToken);
    }

    /// <summary>The method of a defined function, defining its type and method on first use (under the code lock, while emitting).</summary>
    private MethodBuilder MethodOf(int defined) => _methods[defined] ?? Define(defined);

    private MethodBuilder Define(int defined)
    {
        var module = _compilation.Module;
        int index = module.ImportedFunctionCount + defined;
        var type = _code.DefineType($"{_name}.{index}");
        var funcType = module.GetFuncType(module.Functions[defined]);
        var method = type.DefineMethod(ModuleCompiler.MethodName(index), MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig,
            ClrTypes.ReturnType(funcType), ClrTypes.ParameterTypes(funcType));
        for (int r = 1; r < funcType.Results.Length; r++)
            method.DefineParameter(funcType.Parameters.Length + 1 + r, ParameterAttributes.Out, $"result{r}");
        _types[defined] = type;
        _methods[defined] = method;
        s_defined[type.FullName!] = new DefinedFunction(this, defined);
        return method;
    }

    /// <summary>Emits a function's IL and creates its type, unless another caller did first.</summary>
    private void Emit(int defined)
    {
        lock (_code.Lock)
        {
            if (_created[defined]) return;
            var method = MethodOf(defined);
            var module = (ModuleBuilder)method.Module;
            if (!_compilations.TryGetValue(module, out var compilation))
                _compilations[module] = compilation = _compilation.WithTokensOf(module);
            FunctionCompiler.Compile(compilation, defined, method);
            TieringPolicy.Apply(method);
            var type = _types[defined]!;
            Owner!.Register(type.CreateType());
            Volatile.Write(ref _created[defined], true);
            _types[defined] = null;
        }
    }

    /// <summary>
    /// The runtime asks for a type of the dynamic assembly that is not created: the JIT met a call to a
    /// function not emitted yet (or emitted by another thread since). Emitting it, if needed, answers;
    /// other names are not ours.
    /// </summary>
    private static Assembly? OnTypeResolve(object? sender, ResolveEventArgs args)
    {
        if (args.Name is not { } name || !s_defined.TryGetValue(name, out var function)) return null;
        function.Code.Emit(function.Defined);
        return function.Code._methods[function.Defined]!.Module.Assembly;
    }
}
