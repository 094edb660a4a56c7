namespace Sharptime.Text;

/// <summary>
/// Text in UTF-8 with its line starts, for turning byte offsets into 1-based line and column numbers.
/// The text format is defined over UTF-8 source (and <c>module quote</c> strings may hold any bytes),
/// so the lexer works on bytes, not on .NET strings.
/// </summary>
public sealed class SourceText
{
    private readonly List<int> _lineStarts = [0];

    public SourceText(byte[] bytes, int firstLine = 1)
    {
        Bytes = bytes;
        FirstLine = firstLine;
    }

    public byte[] Bytes { get; }

    /// <summary>The line number of the first line (text cut out of a larger file keeps its line numbers).</summary>
    public int FirstLine { get; }

    public ReadOnlySpan<byte> Slice(int start, int length) => Bytes.AsSpan(start, length);

    public ReadOnlySpan<byte> this[Token token] => Bytes.AsSpan(token.Start, token.Length);

    /// <summary>Called by the lexer for each line break, with the offset just after it, in increasing order.</summary>
    internal void AddLineStart(int offset)
    {
        if (offset > _lineStarts[^1]) _lineStarts.Add(offset);
    }

    /// <summary>The 1-based line and column (in bytes) of an offset.</summary>
    public (int Line, int Column) GetPosition(int offset)
    {
        int index = _lineStarts.BinarySearch(offset);
        if (index < 0) index = ~index - 1;
        return (FirstLine + index, offset - _lineStarts[index] + 1);
    }

    public TextFormatException Error(string reason, int offset)
    {
        var (line, column) = GetPosition(offset);
        return new TextFormatException(reason, line, column);
    }
}
