using System.Diagnostics;
using System.Text;

namespace Sharptime;

/// <summary>Why execution trapped. Each code has the specification's message (see <see cref="TrapMessages"/>).</summary>
public enum TrapCode
{
    Unreachable,
    IntegerDivideByZero,
    IntegerOverflow,
    InvalidConversionToInteger,
    MemoryOutOfBounds,
    TableOutOfBounds,
    UndefinedElement,
    UninitializedElement,
    IndirectCallTypeMismatch,
    NullFunctionReference,
    NullReference,
    CallStackExhausted,
    OutOfFuel,
    /// <summary>A GC struct or array access through a null reference, or out of an array's bounds, or a failed cast.</summary>
    NullStructureReference,
    NullArrayReference,
    NullI31Reference,
    ArrayOutOfBounds,
    CastFailure,
    /// <summary>An array too large to allocate.</summary>
    AllocationTooLarge,
    /// <summary>A host function failed; the .NET exception is the <see cref="Exception.InnerException"/>.</summary>
    HostError,
}

/// <summary>The spec's message of each trap code: the words the spec scripts' assert_trap expect.</summary>
public static class TrapMessages
{
    public static string Of(TrapCode code) => code switch
    {
        TrapCode.Unreachable => "unreachable",
        TrapCode.IntegerDivideByZero => "integer divide by zero",
        TrapCode.IntegerOverflow => "integer overflow",
        TrapCode.InvalidConversionToInteger => "invalid conversion to integer",
        TrapCode.MemoryOutOfBounds => "out of bounds memory access",
        TrapCode.TableOutOfBounds => "out of bounds table access",
        TrapCode.UndefinedElement => "undefined element",
        TrapCode.UninitializedElement => "uninitialized element",
        TrapCode.IndirectCallTypeMismatch => "indirect call type mismatch",
        TrapCode.NullFunctionReference => "null function reference",
        TrapCode.NullReference => "null reference",
        TrapCode.CallStackExhausted => "call stack exhausted",
        TrapCode.OutOfFuel => "all fuel consumed",
        TrapCode.NullStructureReference => "null structure reference",
        TrapCode.NullArrayReference => "null array reference",
        TrapCode.NullI31Reference => "null i31 reference",
        TrapCode.ArrayOutOfBounds => "out of bounds array access",
        TrapCode.CastFailure => "cast failure",
        TrapCode.AllocationTooLarge => "allocation size too large",
        TrapCode.HostError => "host function failed",
        _ => code.ToString(),
    };
}

/// <summary>One frame of a wasm backtrace: the function's index in its module and its debug name if any.</summary>
public readonly record struct WasmFrame(string? ModuleName, int FunctionIndex, string? FunctionName)
{
    public override string ToString() =>
        $"{(ModuleName is null ? "" : ModuleName + "!")}{FunctionName ?? "<wasm function " + FunctionIndex + ">"}";
}

/// <summary>
/// Execution of WebAssembly code stopped with a trap. <see cref="Code"/> says why; the message starts
/// with the spec's wording; <see cref="WasmBacktrace"/> lists the wasm functions that were active,
/// innermost first.
/// </summary>
public sealed class TrapException : WasmException
{
    private IReadOnlyList<WasmFrame>? _backtrace;

    public TrapException(TrapCode code) : base(TrapMessages.Of(code)) => Code = code;

    public TrapException(TrapCode code, string message, Exception? inner = null) : base(message, inner) => Code = code;

    public TrapCode Code { get; }

    /// <summary>
    /// The wasm frames the trap unwound through, innermost first. Built on first use from the .NET stack
    /// trace, whose generated methods map back to function indices (see Compilation/CompiledModule).
    /// </summary>
    public IReadOnlyList<WasmFrame> WasmBacktrace => _backtrace ??= Runtime.Backtrace.FromException(this);

    /// <summary>The message followed by the wasm backtrace, in the shape of Wasmtime's trap reports.</summary>
    public string Describe()
    {
        var sb = new StringBuilder(Message);
        var frames = WasmBacktrace;
        if (frames.Count > 0)
        {
            sb.Append("\nwasm backtrace:");
            for (int i = 0; i < frames.Count; i++) sb.Append("\n  ").Append(i).Append(": ").Append(frames[i]);
        }
        return sb.ToString();
    }
}
