using System.Text;
using Sharptime.Model;

namespace Sharptime.Text;

/// <summary>Choices that change how text is read.</summary>
public sealed record TextParserOptions
{
    public static readonly TextParserOptions Default = new();

    /// <summary>
    /// Read as the WebAssembly 2.0 text format where 3.0 changed it: table and memory sizes and memarg offsets are u32
    /// ("i32 constant out of range" beyond), and a lane index above 255 is a "malformed lane index".
    /// WebAssembly 3.0 (memory64) reads them as u64 and leaves the range to validation.
    /// </summary>
    public bool Wasm20Compatible { get; init; }

    /// <summary>Record $names in the module's name section (function names appear in backtraces).</summary>
    public bool RecordNames { get; init; } = true;
}

/// <summary>
/// Parses the WebAssembly text format (a .wat module) into the module model. Errors are
/// <see cref="TextFormatException"/>s worded as the spec's tests expect.
/// </summary>
public static class WatParser
{
    /// <summary>Parses a module written as <c>(module ...)</c> or as its fields alone.</summary>
    public static WasmModule ParseModule(string text, TextParserOptions? options = null) =>
        ParseModule(Encoding.UTF8.GetBytes(text.StartsWith('\uFEFF') ? text[1..] : text), options);

    /// <summary>Parses a .wat file (UTF-8; a byte order mark is ignored).</summary>
    public static WasmModule ParseModuleFile(string path, TextParserOptions? options = null)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        return ParseModule(bytes, options);
    }

    /// <summary>Parses UTF-8 text (which may also be the concatenated strings of a <c>module quote</c>).</summary>
    public static WasmModule ParseModule(byte[] utf8, TextParserOptions? options = null)
    {
        var source = new SourceText(utf8);
        var tokens = Lexer.Tokenize(source).ToArray();
        return ParseModule(source, tokens, 0, tokens.Length - 1, options);
    }

    /// <summary>
    /// Parses the module in tokens [start, limit) of already tokenized source: the script parser hands
    /// over a <c>(module ...)</c> form this way without lexing it again. <paramref name="limit"/> is the
    /// index just past the module's closing parenthesis, or of the end-of-input token.
    /// </summary>
    internal static WasmModule ParseModule(SourceText source, Token[] tokens, int start, int limit, TextParserOptions? options = null) =>
        new ModuleParser(source, tokens, start, limit, options ?? TextParserOptions.Default).Parse();
}
