using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Sharptime.Model;

namespace Sharptime.Compilation;

/// <summary>
/// A module's generated code: one method per defined function, in one type (code loaded from disk) or
/// one type per function (<see cref="LazyModuleCode"/>), whose IL is emitted when first needed.
/// </summary>
internal sealed class CompiledModule
{
    /// <summary>Generated type to module, for mapping .NET stack frames back to wasm functions.</summary>
    private static readonly ConcurrentDictionary<Type, CompiledModule> s_byType = new();

    private readonly Type? _type;
    private readonly int[]? _methodTokens;
    private readonly LazyModuleCode? _lazy;
    /// <summary>The module of <see cref="_type"/> (code loaded from disk), where its tokens resolve.</summary>
    private readonly ModuleHandle _codeModule;
    private readonly nint[] _code;

    /// <summary>Code emitted whole into <paramref name="type"/> (loaded from disk).</summary>
    public CompiledModule(string name, WasmModule module, Type type, int[] methodTokens, int[] canonicalTypeIds)
        : this(name, module, type.Module.ModuleHandle, canonicalTypeIds)
    {
        _type = type;
        _methodTokens = methodTokens;
        Register(type);
    }

    /// <summary>Code emitted lazily, a function at a time.</summary>
    public CompiledModule(string name, WasmModule module, LazyModuleCode code, int[] canonicalTypeIds)
        : this(name, module, default(ModuleHandle), canonicalTypeIds)
    {
        _lazy = code;
        code.Owner = this;
    }

    private CompiledModule(string name, WasmModule module, ModuleHandle codeModule, int[] canonicalTypeIds)
    {
        Name = name;
        Module = module;
        _codeModule = codeModule;
        _code = new nint[module.Functions.Count];
        CanonicalTypeIds = canonicalTypeIds;
    }

    public string Name { get; }
    public WasmModule Module { get; }

    /// <summary>The one type holding every function's method; only code loaded from disk has one.</summary>
    public Type Type => _type ?? throw new InvalidOperationException("lazily emitted code has one type per function");

    /// <summary>The engine-wide id of every type index.</summary>
    public int[] CanonicalTypeIds { get; }

    private Runtime.Gc.GcType[]? _gcTypes;

    /// <summary>The runtime descriptions of the module's types (built once, on first instantiation).</summary>
    public Runtime.Gc.GcType[] GetGcTypes(Runtime.TypeRegistry registry) =>
        _gcTypes ??= Runtime.Gc.GcType.ForModule(Module, CanonicalTypeIds, registry);

    /// <summary>Maps the frames of a created type's methods to this module.</summary>
    public void Register(Type type) => s_byType[type] = this;

    /// <summary>
    /// The code pointer of function <paramref name="functionIndex"/> (a defined function), for its
    /// <see cref="Function"/> object, emitting its IL if needed. Resolved from the method's token to a
    /// handle, without a MethodInfo: Module.ResolveMethod took 170 µs per method of a large generated
    /// type (2.2 s to instantiate Yosys, whose table holds 13,000 functions), the handle about 3 µs.
    /// </summary>
    public nint GetCode(int functionIndex)
    {
        int defined = functionIndex - Module.ImportedFunctionCount;
        nint code = _code[defined];
        if (code == 0) _code[defined] = code = MethodHandle(defined).GetFunctionPointer();
        return code;
    }

    /// <summary>
    /// JIT-compiles function <paramref name="functionIndex"/> (a defined function) now, emitting its IL
    /// if needed, as its first call would (see <see cref="SpeculativeJit"/>).
    /// </summary>
    public void Prepare(int functionIndex) =>
        System.Runtime.CompilerServices.RuntimeHelpers.PrepareMethod(MethodHandle(functionIndex - Module.ImportedFunctionCount));

    /// <summary>
    /// Whether function <paramref name="functionIndex"/>'s IL is emitted (so <see cref="GetCode"/> emits
    /// nothing). Functions placed in tables or exported but not yet emitted get lazily resolved code
    /// instead (<see cref="Runtime.LazyFunctionContext"/>): Yosys puts 13,000 functions in its table.
    /// </summary>
    public bool IsEmitted(int functionIndex) =>
        _lazy is null || _lazy.IsCreated(functionIndex - Module.ImportedFunctionCount);

    /// <summary>The method of defined function <paramref name="defined"/>, emitted first if needed.</summary>
    private RuntimeMethodHandle MethodHandle(int defined) =>
        _lazy is not null ? _lazy.EmittedMethod(defined) : _codeModule.ResolveMethodHandle(_methodTokens![defined]);

    /// <summary>The wasm function a .NET stack frame's method compiles, if it is generated code.</summary>
    public static bool TryMapFrame(MethodBase method, out CompiledModule module, out int functionIndex)
    {
        functionIndex = -1;
        module = null!;
        if (method.DeclaringType is not { } type || !s_byType.TryGetValue(type, out module!)) return false;
        var name = method.Name;
        return name.Length > 1 && name[0] == 'f' && int.TryParse(name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out functionIndex);
    }

    public string? FunctionName(int functionIndex) =>
        Module.Names?.FunctionNames.TryGetValue(functionIndex, out var n) == true ? n : null;
}
