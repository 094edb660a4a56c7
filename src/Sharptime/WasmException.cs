namespace Sharptime;

/// <summary>The base of every error the library reports about WebAssembly input or execution.</summary>
public class WasmException : Exception
{
    public WasmException(string message) : base(message) { }
    public WasmException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>
/// A binary module that does not follow the binary format. The message starts with the specification's
/// wording ("unexpected end", "integer too large", ...) and <see cref="Offset"/> tells where.
/// </summary>
public sealed class MalformedModuleException(string message, long offset)
    : WasmException($"{message} (at offset 0x{offset:x})")
{
    /// <summary>The spec's wording alone, without the position.</summary>
    public string Reason { get; } = message;
    public long Offset { get; } = offset;
}

/// <summary>
/// Text (WAT or WAST) that does not follow the text format. In the spec's terms this is also a
/// malformed module ("unexpected token", "unknown operator", ...). Line and column are 1-based.
/// </summary>
public sealed class TextFormatException(string message, int line, int column)
    : WasmException($"{message} (at line {line}, column {column})")
{
    public string Reason { get; } = message;
    public int Line { get; } = line;
    public int Column { get; } = column;
}

/// <summary>
/// A well-formed module that fails validation. The message starts with the spec's wording
/// ("type mismatch", "unknown local", ...).
/// </summary>
public sealed class InvalidModuleException(string message, int? functionIndex = null, long? offset = null)
    : WasmException(Describe(message, functionIndex, offset))
{
    public string Reason { get; } = message;
    public int? FunctionIndex { get; } = functionIndex;
    public long? Offset { get; } = offset;

    private static string Describe(string message, int? functionIndex, long? offset) =>
        (functionIndex, offset) switch
        {
            (int f, long o) => $"{message} (in function {f}, at offset 0x{o:x})",
            (int f, null) => $"{message} (in function {f})",
            (null, long o) => $"{message} (at offset 0x{o:x})",
            _ => message,
        };
}
