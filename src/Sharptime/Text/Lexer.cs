namespace Sharptime.Text;

/// <summary>
/// Splits UTF-8 text-format source into tokens, skipping white space, comments and annotations.
/// Tokens are maximal runs of identifier characters and string literals, classified afterwards
/// (keyword, id, number, or reserved), which is how the spec's longest-match rule behaves:
/// <c>0$l</c> or <c>data"a"</c> is one reserved token, not two tokens.
/// </summary>
/// <remarks>
/// Errors are thrown as <see cref="TextFormatException"/> with the reference interpreter's wording
/// ("unclosed string literal", "malformed UTF-8 encoding", ...). Reserved tokens and unknown keywords
/// are not lexical errors here: the parser reports them as "unknown operator" where it meets them.
/// </remarks>
public sealed partial class Lexer
{
    private readonly SourceText _source;
    private readonly byte[] _s;
    private readonly int _end;
    private int _pos;
    private readonly List<Token> _tokens;

    private Lexer(SourceText source, int start, int end)
    {
        _source = source;
        _s = source.Bytes;
        _pos = start;
        _end = end;
        // A token is on average a handful of bytes; avoid most regrowth on large inputs.
        _tokens = new List<Token>(Math.Max(16, (end - start) / 5));
    }

    /// <summary>Tokenizes all of <paramref name="source"/>; the list ends with an <see cref="TokenKind.EndOfInput"/> token.</summary>
    public static List<Token> Tokenize(SourceText source) => Tokenize(source, 0, source.Bytes.Length);

    /// <summary>Tokenizes bytes [start, end) of the source.</summary>
    public static List<Token> Tokenize(SourceText source, int start, int end)
    {
        var lexer = new Lexer(source, start, end);
        lexer.Run();
        return lexer._tokens;
    }

    private TextFormatException Error(string reason, int offset) => _source.Error(reason, offset);

    private void Run()
    {
        while (true)
        {
            SkipBlanks(inAnnotation: false);
            if (_pos >= _end)
            {
                _tokens.Add(new Token(_end, 0, TokenKind.EndOfInput));
                return;
            }
            byte c = _s[_pos];
            if (c == '(')
            {
                if (_pos + 1 < _end && _s[_pos + 1] == '@')
                {
                    SkipAnnotation();
                    continue;
                }
                _tokens.Add(new Token(_pos++, 1, TokenKind.LeftParen));
            }
            else if (c == ')')
            {
                _tokens.Add(new Token(_pos++, 1, TokenKind.RightParen));
            }
            else
            {
                _tokens.Add(ReadAtom(inAnnotation: false));
            }
        }
    }

    /// <summary>Skips spaces, line comments and block comments; records line starts.</summary>
    private void SkipBlanks(bool inAnnotation)
    {
        while (_pos < _end)
        {
            byte c = _s[_pos];
            if (c == ' ' || c == '\t')
            {
                _pos++;
            }
            else if (c == '\n' || c == '\r')
            {
                NewLine();
            }
            else if (c == ';' && _pos + 1 < _end && _s[_pos + 1] == ';')
            {
                SkipLineComment();
            }
            else if (c == '(' && _pos + 1 < _end && _s[_pos + 1] == ';')
            {
                SkipBlockComment();
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Consumes a line break at the current position (LF, CR or CRLF).</summary>
    private void NewLine()
    {
        if (_s[_pos] == '\r' && _pos + 1 < _end && _s[_pos + 1] == '\n') _pos++;
        _pos++;
        _source.AddLineStart(_pos);
    }

    private void SkipLineComment()
    {
        _pos += 2;
        while (_pos < _end)
        {
            byte c = _s[_pos];
            if (c == '\n' || c == '\r')
            {
                NewLine();
                return;
            }
            SkipCommentChar();
        }
    }

    /// <summary>Skips one character of a comment, which may be anything but ill-formed UTF-8.</summary>
    private void SkipCommentChar()
    {
        if (_s[_pos] < 0x80)
        {
            _pos++;
            return;
        }
        int n = CharClass.Utf8SequenceLength(_s.AsSpan(0, _end), _pos);
        if (n == 0) throw Error("malformed UTF-8 encoding", _pos);
        _pos += n;
    }

    private void SkipBlockComment()
    {
        // Block comments nest; keep the starts for the "unclosed comment" position.
        var starts = new Stack<int>();
        starts.Push(_pos);
        _pos += 2;
        while (starts.Count > 0)
        {
            if (_pos >= _end) throw Error("unclosed comment", starts.Peek());
            byte c = _s[_pos];
            if (c == ';' && _pos + 1 < _end && _s[_pos + 1] == ')')
            {
                starts.Pop();
                _pos += 2;
            }
            else if (c == '(' && _pos + 1 < _end && _s[_pos + 1] == ';')
            {
                starts.Push(_pos);
                _pos += 2;
            }
            else if (c == '\n' || c == '\r')
            {
                NewLine();
            }
            else
            {
                SkipCommentChar();
            }
        }
    }

    /// <summary>
    /// Reads a token that is not a parenthesis: the longest run of identifier characters and complete
    /// string literals, then classifies it. A character that cannot start a token is an error.
    /// </summary>
    private Token ReadAtom(bool inAnnotation)
    {
        int start = _pos;
        var flags = TokenFlags.None;
        int strings = 0;
        while (_pos < _end)
        {
            byte c = _s[_pos];
            if (c < 0x80 && CharClass.IsIdChar(c))
            {
                _pos++;
            }
            else if (c == '"')
            {
                // A string that is not well-formed ends the run; alone, it is an error.
                if (!TryScanString(_pos, out int stringEnd, out bool escapes, out var failure))
                {
                    if (_pos == start) throw Error(failure.Reason, failure.Offset);
                    break;
                }
                if (escapes) flags |= TokenFlags.HasEscapes;
                strings++;
                _pos = stringEnd;
            }
            else
            {
                break;
            }
        }

        if (_pos == start)
        {
            // Not an id character, string, paren or blank.
            byte c = _s[_pos];
            if (c is (byte)',' or (byte)';' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}')
                return new Token(_pos++, 1, TokenKind.Reserved);
            if (c < 0x80)
                throw Error(inAnnotation ? "illegal character" : "misplaced control character", _pos);
            if (CharClass.Utf8SequenceLength(_s.AsSpan(0, _end), _pos) == 0)
                throw Error("malformed UTF-8 encoding", _pos);
            throw Error(inAnnotation ? "illegal character" : "misplaced unicode character", _pos);
        }

        return Classify(start, _pos - start, strings, flags);
    }

    private Token Classify(int start, int length, int strings, TokenFlags flags)
    {
        var text = _s.AsSpan(start, length);
        byte first = text[0];
        if (first == '"')
        {
            // A lone string; two adjacent strings ("a""b") are reserved.
            return strings == 1 && text[^1] == '"' && StringEndsAt(start, start + length)
                ? new Token(start, length, TokenKind.String, flags)
                : new Token(start, length, TokenKind.Reserved);
        }
        if (first == '$')
        {
            if (length == 1) throw Error("empty identifier", start);
            if (strings == 0) return new Token(start, length, TokenKind.Id);
            if (strings == 1 && text[1] == '"' && StringEndsAt(start + 1, start + length))
            {
                if (length == 3) throw Error("empty identifier", start);
                return new Token(start, length, TokenKind.Id, flags | TokenFlags.QuotedId);
            }
            return new Token(start, length, TokenKind.Reserved);
        }
        if (strings > 0) return new Token(start, length, TokenKind.Reserved);

        if (first is (byte)'+' or (byte)'-' || CharClass.IsDigit(first) || first is (byte)'i' or (byte)'n')
        {
            var number = NumberSyntax.Classify(text);
            if (number != TokenKind.Reserved) return new Token(start, length, number);
        }
        if (first >= 'a' && first <= 'z')
        {
            bool keyword = length >= 2;
            for (int i = 1; i < text.Length && keyword; i++) keyword = CharClass.IsKeywordChar(text[i]);
            if (keyword) return new Token(start, length, TokenKind.Keyword);
            if (text.StartsWith("offset="u8) && NumberSyntax.Classify(text[7..]) == TokenKind.Nat)
                return new Token(start, length, TokenKind.OffsetEq);
            if (text.StartsWith("align="u8) && NumberSyntax.Classify(text[6..]) == TokenKind.Nat)
                return new Token(start, length, TokenKind.AlignEq);
        }
        return new Token(start, length, TokenKind.Reserved);
    }

    /// <summary>Whether the string literal starting at <paramref name="quote"/> ends exactly at <paramref name="end"/>.</summary>
    private bool StringEndsAt(int quote, int end) =>
        TryScanString(quote, out int stringEnd, out _, out _) && stringEnd == end;
}
