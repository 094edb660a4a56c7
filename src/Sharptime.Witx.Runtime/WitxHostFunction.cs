using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Sharptime.Witx.Runtime;

/// <summary>Core wasm value types of host function parameters and results.</summary>
public enum WitxCoreType
{
    I32,
    I64,
    F32,
    F64,
}

/// <summary>
/// Calls a generated glue function with untyped arguments: each wasm argument in a 64-bit slot
/// (i32 in the low half, f32/f64 as raw bits), results written the same way.
/// </summary>
/// <param name="implementation">The object implementing the module's generated interface.</param>
public delegate void WitxInvoker(object implementation, GuestMemory memory, ILogger? logger, ReadOnlySpan<long> args, Span<long> results);

/// <summary>
/// Describes one generated host function so an engine can register a whole witx module in a
/// loop: the import name, the wasm signature, the static glue method (for direct calls from
/// compiled code) and an untyped invoker (for interpreters or reflection-free binding).
/// </summary>
public sealed class WitxHostFunction
{
    public WitxHostFunction(string module, string name, WitxCoreType[] parameters, string[] parameterNames,
        WitxCoreType[] results, Type interfaceType, MethodInfo method, WitxInvoker invoke)
    {
        Module = module;
        Name = name;
        Parameters = parameters;
        ParameterNames = parameterNames;
        Results = results;
        InterfaceType = interfaceType;
        Method = method;
        Invoke = invoke;
    }

    /// <summary>The import module name, e.g. <c>wasi_snapshot_preview1</c>.</summary>
    public string Module { get; }

    /// <summary>The import field name, e.g. <c>fd_write</c>.</summary>
    public string Name { get; }

    public IReadOnlyList<WitxCoreType> Parameters { get; }
    public IReadOnlyList<string> ParameterNames { get; }
    public IReadOnlyList<WitxCoreType> Results { get; }

    /// <summary>The generated interface the implementation object must implement.</summary>
    public Type InterfaceType { get; }

    /// <summary>
    /// The static glue method: <c>(TInterface impl, GuestMemory memory, ILogger? log, wasm params...)</c>
    /// returning the wasm result (<c>int</c>/<c>long</c>/<c>float</c>/<c>double</c>) or <c>void</c>.
    /// </summary>
    public MethodInfo Method { get; }

    public WitxInvoker Invoke { get; }

    /// <summary>The signature in wat style, e.g. <c>(param i32 i32 i32 i32) (result i32)</c>.</summary>
    public string Signature =>
        "(param" + string.Concat(Parameters.Select(p => " " + p.ToString().ToLowerInvariant())) + ") (result"
        + string.Concat(Results.Select(r => " " + r.ToString().ToLowerInvariant())) + ")";

    public override string ToString() => $"{Module}.{Name} {Signature}";
}
