using System.Text;
using Sharptime.Model;

namespace Sharptime.Text.Wast;

/// <summary>How a script writes a module.</summary>
public enum WastModuleKind : byte
{
    /// <summary><c>(module ...)</c> with fields in text.</summary>
    Text,
    /// <summary><c>(module binary "...")</c>: the bytes of a binary module.</summary>
    Binary,
    /// <summary><c>(module quote "...")</c>: text in strings, which may be malformed.</summary>
    Quote,
}

/// <summary>
/// A module as a script writes it. Text is parsed only when asked (<see cref="ParseText"/>), so that a
/// runner decides what a malformed module means; binary bytes are for the binary decoder.
/// </summary>
public sealed class WastModule
{
    private readonly SourceText? _source;
    private readonly Token[]? _tokens;
    private readonly int _firstField;
    private readonly int _end;

    private WastModule(WastModuleKind kind, string? name, bool isDefinition, int line)
    {
        Kind = kind;
        Name = name;
        IsDefinition = isDefinition;
        Line = line;
    }

    /// <summary>A text module: its fields are tokens [firstField, end) of the script.</summary>
    internal WastModule(string? name, bool isDefinition, int line, SourceText source, Token[] tokens, int firstField, int end)
        : this(WastModuleKind.Text, name, isDefinition, line)
    {
        _source = source;
        _tokens = tokens;
        _firstField = firstField;
        _end = end;
    }

    /// <summary>A binary or quoted module: its strings, concatenated.</summary>
    internal WastModule(WastModuleKind kind, string? name, bool isDefinition, int line, byte[] bytes)
        : this(kind, name, isDefinition, line) => Bytes = bytes;

    public WastModuleKind Kind { get; }

    /// <summary>The <c>$name</c> the script gives the module (or its instance), without the <c>$</c>.</summary>
    public string? Name { get; }

    /// <summary><c>(module definition ...)</c>: compiled but not instantiated until a <c>module instance</c> command.</summary>
    public bool IsDefinition { get; }

    public int Line { get; }

    /// <summary>For <see cref="WastModuleKind.Binary"/>: the module's bytes; for <see cref="WastModuleKind.Quote"/>: the text's bytes.</summary>
    public byte[]? Bytes { get; }

    /// <summary>The text of a text or quoted module (for messages and tools).</summary>
    public string Text => Kind switch
    {
        WastModuleKind.Text => Encoding.UTF8.GetString(_source!.Bytes, _tokens![_firstField].Start, _tokens[_end].Start - _tokens[_firstField].Start),
        WastModuleKind.Quote => Encoding.UTF8.GetString(Bytes!),
        _ => throw new InvalidOperationException("a binary module has no text"),
    };

    /// <summary>Parses a text or quoted module; throws <see cref="TextFormatException"/> when it is malformed.</summary>
    public WasmModule ParseText(TextParserOptions? options = null) => Kind switch
    {
        WastModuleKind.Text => WatParser.ParseModule(_source!, _tokens!, _firstField, _end, options),
        WastModuleKind.Quote => WatParser.ParseModule(Bytes!, options),
        _ => throw new InvalidOperationException("a binary module is decoded, not parsed"),
    };

    public override string ToString() => $"(module{(IsDefinition ? " definition" : "")}{(Name is null ? "" : " $" + Name)} {Kind.ToString().ToLowerInvariant()} ...) at line {Line}";
}
