using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Sharptime.Model;

namespace Sharptime.Compilation;

/// <summary>A module's generated code: the type holding one method per defined function.</summary>
internal sealed class CompiledModule
{
    /// <summary>Generated type to module, for mapping .NET stack frames back to wasm functions.</summary>
    private static readonly ConcurrentDictionary<Type, CompiledModule> s_byType = new();

    private readonly int[] _methodTokens;
    private readonly MethodInfo?[] _methods;
    private readonly nint[] _code;

    public CompiledModule(string name, WasmModule module, Type type, int[] methodTokens, int[] canonicalTypeIds)
    {
        Name = name;
        Module = module;
        Type = type;
        _methodTokens = methodTokens;
        _methods = new MethodInfo?[methodTokens.Length];
        _code = new nint[methodTokens.Length];
        CanonicalTypeIds = canonicalTypeIds;
        s_byType[type] = this;
    }

    public string Name { get; }
    public WasmModule Module { get; }
    public Type Type { get; }
    /// <summary>The engine-wide id of every type index.</summary>
    public int[] CanonicalTypeIds { get; }

    private Runtime.Gc.GcType[]? _gcTypes;

    /// <summary>The runtime descriptions of the module's types (built once, on first instantiation).</summary>
    public Runtime.Gc.GcType[] GetGcTypes(Runtime.TypeRegistry registry) =>
        _gcTypes ??= Runtime.Gc.GcType.ForModule(Module, CanonicalTypeIds, registry);

    /// <summary>The method of function <paramref name="functionIndex"/> (a defined function).</summary>
    public MethodInfo GetMethod(int functionIndex)
    {
        int defined = functionIndex - Module.ImportedFunctionCount;
        return _methods[defined] ??= (MethodInfo)Type.Module.ResolveMethod(_methodTokens[defined])!;
    }

    /// <summary>
    /// The code pointer of function <paramref name="functionIndex"/> (a defined function), for its
    /// <see cref="Function"/> object. Resolved from the method's token to a handle, without a
    /// MethodInfo: Module.ResolveMethod took 170 µs per method of a large generated type (2.2 s to
    /// instantiate Yosys, whose table holds 13,000 functions), the handle about 3 µs.
    /// </summary>
    public nint GetCode(int functionIndex)
    {
        int defined = functionIndex - Module.ImportedFunctionCount;
        nint code = _code[defined];
        if (code == 0) _code[defined] = code = Type.Module.ModuleHandle.ResolveMethodHandle(_methodTokens[defined]).GetFunctionPointer();
        return code;
    }

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
