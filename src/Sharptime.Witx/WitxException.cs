using System;

namespace Sharptime.Witx;

/// <summary>A syntax or semantic error in a witx document, with the position where it was found.</summary>
public sealed class WitxException : Exception
{
    public WitxException(string message, string? fileName, int line, int column)
        : base(Format(message, fileName, line, column))
    {
        Reason = message;
        FileName = fileName;
        Line = line;
        Column = column;
    }

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; }

    /// <summary>The file (or name given to the parser) where the error is, if known.</summary>
    public string? FileName { get; }

    /// <summary>1-based line of the error, 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column of the error, 0 when unknown.</summary>
    public int Column { get; }

    internal static WitxException At(SExpr node, string message) =>
        new WitxException(message, node.FileName, node.Line, node.Column);

    private static string Format(string message, string? fileName, int line, int column)
    {
        var where = fileName ?? "<witx>";
        return line > 0 ? $"{where}({line},{column}): {message}" : $"{where}: {message}";
    }
}
