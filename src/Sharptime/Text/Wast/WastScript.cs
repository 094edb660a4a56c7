using System.Text;

namespace Sharptime.Text.Wast;

/// <summary>
/// A WebAssembly script (.wast, the spec tests' format): modules and the assertions made about them.
/// Parsing checks the script's own syntax; the modules in it are parsed or decoded when a runner asks.
/// </summary>
public sealed class WastScript
{
    private WastScript(string? fileName, IReadOnlyList<WastCommand> commands)
    {
        FileName = fileName;
        Commands = commands;
    }

    public string? FileName { get; }

    public IReadOnlyList<WastCommand> Commands { get; }

    public static WastScript Parse(string text, string? fileName = null) => Parse(Encoding.UTF8.GetBytes(text), fileName);

    /// <summary>Parses a script from UTF-8 bytes; throws <see cref="TextFormatException"/> if the script itself is malformed.</summary>
    public static WastScript Parse(byte[] utf8, string? fileName = null) =>
        new(fileName, WastParser.Parse(new SourceText(utf8)));

    public static WastScript ParseFile(string path) => Parse(File.ReadAllBytes(path), path);
}
