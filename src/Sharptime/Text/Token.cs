namespace Sharptime.Text;

/// <summary>The lexical classes of the text format (spec 6.3 "Lexical Format").</summary>
public enum TokenKind : byte
{
    EndOfInput,
    LeftParen,
    RightParen,
    /// <summary>A lowercase-initial word: an instruction mnemonic or other keyword, known or not.</summary>
    Keyword,
    /// <summary><c>$name</c> or <c>$"quoted name"</c>.</summary>
    Id,
    String,
    /// <summary>An unsigned integer literal (decimal or 0x hex).</summary>
    Nat,
    /// <summary>A signed integer literal: <c>+</c> or <c>-</c> and a nat.</summary>
    Int,
    /// <summary>A float literal: with a fraction or exponent, or inf, nan, nan:0x...</summary>
    Float,
    /// <summary><c>offset=N</c> in a memarg.</summary>
    OffsetEq,
    /// <summary><c>align=N</c> in a memarg.</summary>
    AlignEq,
    /// <summary>Any other run of identifier characters and strings: never valid, "unknown operator" where it occurs.</summary>
    Reserved,
}

/// <summary>Facts about a token the lexer already knows, so the parser need not rescan it.</summary>
[Flags]
public enum TokenFlags : byte
{
    None = 0,
    /// <summary>A string or quoted id containing backslash escapes (its value differs from its bytes).</summary>
    HasEscapes = 1,
    /// <summary>An id written <c>$"..."</c>.</summary>
    QuotedId = 2,
}

/// <summary>A token: where it is in the source bytes and what kind it is. Its text is read from the source.</summary>
public readonly record struct Token(int Start, int Length, TokenKind Kind, TokenFlags Flags = TokenFlags.None)
{
    public int End => Start + Length;
}
