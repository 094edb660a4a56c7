namespace Sharptime.Witx.Runtime;

/// <summary>Why a host call trapped.</summary>
public enum WitxTrapKind
{
    /// <summary>A guest pointer or region lies (partly) outside linear memory.</summary>
    OutOfBounds,
    /// <summary>A guest pointer is not a multiple of its type's alignment.</summary>
    Misaligned,
    /// <summary>A <c>(@witx noreturn)</c> function returned.</summary>
    NoReturnReturned,
    /// <summary>A value the host cannot represent (for example a region over 2 GiB).</summary>
    Unrepresentable,
    /// <summary>A guest value was invalid in a function that has no error result to report it.</summary>
    InvalidValue,
}

/// <summary>
/// Thrown by generated glue and <see cref="GuestMemory"/> when the guest must trap: the engine
/// turns it into a wasm trap (as Wasmtime does for wiggle's out-of-bounds and misaligned pointers).
/// </summary>
public sealed class WitxTrapException : Exception
{
    public WitxTrapException(WitxTrapKind kind, string message) : base(message) => Kind = kind;

    public WitxTrapKind Kind { get; }
}

/// <summary>What is wrong with a value read from the guest.</summary>
public enum GuestValueError
{
    /// <summary>An enum or variant tag outside the defined cases (reported as <c>inval</c>).</summary>
    InvalidEnum,
    /// <summary>Flag bits outside the defined flags (reported as <c>inval</c>).</summary>
    InvalidFlags,
    /// <summary>An integer that does not fit the witx type (reported as <c>inval</c>).</summary>
    IntegerOverflow,
    /// <summary>A string that is not valid UTF-8 (reported as <c>ilseq</c>).</summary>
    InvalidUtf8,
}

/// <summary>
/// Thrown when a value read from guest memory is not valid for its witx type. Generated glue
/// catches it and returns the module's <c>inval</c> or <c>ilseq</c> error (or traps when the
/// function has no error result).
/// </summary>
public sealed class GuestValueException : Exception
{
    public GuestValueException(GuestValueError error, string message) : base(message) => Error = error;

    public GuestValueError Error { get; }

    public static GuestValueException InvalidEnum(string type, ulong value) =>
        new(GuestValueError.InvalidEnum, $"invalid value {value} for enum ${type}");

    public static GuestValueException InvalidFlags(string type, ulong value) =>
        new(GuestValueError.InvalidFlags, $"invalid bits 0x{value:x} for flags ${type}");

    public static GuestValueException IntegerOverflow(string type, long value) =>
        new(GuestValueError.IntegerOverflow, $"value {value} does not fit {type}");

    public static GuestValueException InvalidUtf8(uint offset, uint length) =>
        new(GuestValueError.InvalidUtf8, $"invalid UTF-8 in string at 0x{offset:x} (length {length})");
}

/// <summary>
/// An implementation may throw this instead of returning an error value: generated glue returns
/// <see cref="Code"/> as the function's error (e.g. <c>throw new GuestErrorException((int)Errno.Badf)</c>).
/// </summary>
public sealed class GuestErrorException : Exception
{
    public GuestErrorException(int code) : base($"guest error {code}") => Code = code;

    public GuestErrorException(int code, string message) : base(message) => Code = code;

    public int Code { get; }
}

/// <summary>
/// Thrown by an implementation of a <c>(@witx noreturn)</c> function such as <c>proc_exit</c>
/// to end the guest; the engine unwinds the guest and reports <see cref="ExitCode"/>.
/// </summary>
public sealed class GuestExitException : Exception
{
    public GuestExitException(int exitCode) : base($"guest exited with code {exitCode}") => ExitCode = exitCode;

    public int ExitCode { get; }
}

/// <summary>Builds trap exceptions. Callers write <c>throw WitxTraps.X(...)</c> so the JIT sees the throw.</summary>
public static class WitxTraps
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static WitxTrapException OutOfBounds(uint offset, ulong size, ulong memoryLength) =>
        new(WitxTrapKind.OutOfBounds,
            $"out of bounds memory access: 0x{offset:x} + {size} exceeds the memory size {memoryLength}");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static WitxTrapException Misaligned(uint offset, uint align) =>
        new(WitxTrapKind.Misaligned, $"misaligned pointer: 0x{offset:x} is not a multiple of {align}");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static WitxTrapException NoReturnReturned(string function) =>
        new(WitxTrapKind.NoReturnReturned, $"{function} is declared noreturn but its implementation returned");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static WitxTrapException TooLarge(uint offset, ulong size) =>
        new(WitxTrapKind.Unrepresentable, $"memory region at 0x{offset:x} of {size} bytes is too large for the host");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static WitxTrapException InvalidValue(string function, GuestValueException e) =>
        new(WitxTrapKind.InvalidValue, $"{function}: {e.Message}");
}
