using System.Text;
using Sharptime.Model;

namespace Sharptime.Text;

/// <summary>
/// A cursor over a token array with the small vocabulary both the module parser and the script parser
/// are written in: peek, take, expect, and errors in the spec's wording.
/// </summary>
internal abstract class TokenParser
{
    protected readonly SourceText Source;
    protected readonly Token[] Tokens;
    protected int Pos;
    /// <summary>Index of the token that ends this parser's range (an end-of-input or a closing paren).</summary>
    protected readonly int Limit;

    protected TokenParser(SourceText source, Token[] tokens, int start, int limit)
    {
        Source = source;
        Tokens = tokens;
        Pos = start;
        Limit = limit;
        _end = new Token(limit < tokens.Length ? tokens[limit].Start : source.Bytes.Length, 0, TokenKind.EndOfInput);
    }

    // What the cursor sees past its range: the end of input, positioned where the range ends.
    private readonly Token _end;

    protected Token Peek() => Pos < Limit ? Tokens[Pos] : _end;

    protected Token PeekAt(int ahead) => Pos + ahead < Limit ? Tokens[Pos + ahead] : _end;

    protected TokenKind PeekKind() => Pos < Limit ? Tokens[Pos].Kind : TokenKind.EndOfInput;

    protected Token Next()
    {
        if (Pos >= Limit) throw Unexpected(_end);
        return Tokens[Pos++];
    }

    protected ReadOnlySpan<byte> Text(Token token) => Source.Bytes.AsSpan(token.Start, token.Length);

    protected string TextString(Token token) => Encoding.UTF8.GetString(Text(token));

    protected bool AtEnd => Pos >= Limit;

    protected bool IsKeyword(Token token, ReadOnlySpan<byte> keyword) =>
        token.Kind == TokenKind.Keyword && Text(token).SequenceEqual(keyword);

    protected bool PeekKeyword(ReadOnlySpan<byte> keyword) => Pos < Limit && IsKeyword(Tokens[Pos], keyword);

    /// <summary>Whether the next tokens are <c>(</c> and the keyword.</summary>
    protected bool PeekParenKeyword(ReadOnlySpan<byte> keyword) =>
        Pos + 1 < Limit && Tokens[Pos].Kind == TokenKind.LeftParen && IsKeyword(Tokens[Pos + 1], keyword);

    protected bool PeekLeftParen() => PeekKind() == TokenKind.LeftParen;

    protected bool PeekRightParen() => PeekKind() == TokenKind.RightParen;

    /// <summary>The keyword after a <c>(</c> at the cursor, or an empty span.</summary>
    protected ReadOnlySpan<byte> PeekParenKeywordText() =>
        Pos + 1 < Limit && Tokens[Pos].Kind == TokenKind.LeftParen && Tokens[Pos + 1].Kind == TokenKind.Keyword
            ? Text(Tokens[Pos + 1])
            : default;

    protected void ExpectLeftParen()
    {
        var t = Peek();
        if (t.Kind != TokenKind.LeftParen) throw Unexpected(t);
        Pos++;
    }

    protected void ExpectRightParen()
    {
        var t = Peek();
        if (t.Kind != TokenKind.RightParen) throw Unexpected(t);
        Pos++;
    }

    protected void ExpectKeyword(ReadOnlySpan<byte> keyword)
    {
        var t = Peek();
        if (!IsKeyword(t, keyword)) throw Unexpected(t);
        Pos++;
    }

    /// <summary>Takes the keyword if it is next.</summary>
    protected bool TakeKeyword(ReadOnlySpan<byte> keyword)
    {
        if (!PeekKeyword(keyword)) return false;
        Pos++;
        return true;
    }

    /// <summary>Takes <c>(</c> and the keyword if they are next.</summary>
    protected bool TakeParenKeyword(ReadOnlySpan<byte> keyword)
    {
        if (!PeekParenKeyword(keyword)) return false;
        Pos += 2;
        return true;
    }

    /// <summary>
    /// The error for a token the grammar does not allow here: "unknown operator" for reserved tokens and
    /// unknown keywords (the reference interpreter rejects those in its lexer), "unexpected end of input"
    /// at the end, and "unexpected token" otherwise.
    /// </summary>
    protected TextFormatException Unexpected(Token token)
    {
        if (token.Kind == TokenKind.EndOfInput) return Error("unexpected end of input", token);
        if (token.Kind == TokenKind.Reserved ||
            (token.Kind == TokenKind.Keyword && !Keywords.IsKnown(Text(token))))
            return Error($"unknown operator {TextString(token)}", token);
        return Error($"unexpected token {TextString(token)}", token);
    }

    /// <summary>
    /// After a variable-length list: a reserved token or unknown keyword next is reported as such, as the
    /// reference interpreter's lexer does when its parser looks at the token after the list.
    /// </summary>
    protected void RejectInvalidToken(Token token)
    {
        if (token.Kind == TokenKind.Reserved || (token.Kind == TokenKind.Keyword && !Keywords.IsKnown(Text(token))))
            throw Unexpected(token);
    }

    protected TextFormatException Error(string reason, Token at) => Source.Error(reason, at.Start);

    /// <summary>A string token's bytes, escapes decoded.</summary>
    protected byte[] ReadStringBytes()
    {
        var t = Peek();
        if (t.Kind != TokenKind.String) throw Unexpected(t);
        Pos++;
        return StringLiteral.Decode(Text(t));
    }

    /// <summary>A string token that must be well-formed UTF-8 (a name).</summary>
    protected string ReadName()
    {
        var t = Peek();
        var bytes = ReadStringBytes();
        if (!CharClass.IsValidUtf8(bytes)) throw Error("malformed UTF-8 encoding", t);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The name an id token denotes (without the <c>$</c>; a quoted id decoded), checked as UTF-8.</summary>
    protected string IdName(Token token)
    {
        if ((token.Flags & TokenFlags.QuotedId) == 0)
            return Encoding.ASCII.GetString(Text(token)[1..]);
        var bytes = StringLiteral.Decode(Text(token)[1..]);
        if (!CharClass.IsValidUtf8(bytes)) throw Error("malformed UTF-8 encoding", token);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Takes an id if one is next.</summary>
    protected string? TakeId()
    {
        if (PeekKind() != TokenKind.Id) return null;
        return IdName(Tokens[Pos++]);
    }

    /// <summary>Skips a balanced parenthesized form starting at the cursor's <c>(</c>.</summary>
    protected void SkipForm()
    {
        ExpectLeftParen();
        int depth = 1;
        while (depth > 0)
        {
            var t = Next();
            if (t.Kind == TokenKind.LeftParen) depth++;
            else if (t.Kind == TokenKind.RightParen) depth--;
        }
    }

    /// <summary>A u32 from a nat token (indices, counts): "i32 constant out of range" beyond 2^32-1.</summary>
    protected uint ReadU32()
    {
        var t = Peek();
        if (t.Kind != TokenKind.Nat) throw Unexpected(t);
        Pos++;
        if (!IntegerLiteral.TryParseUnsigned(Text(t), uint.MaxValue, out ulong v))
            throw Error("i32 constant out of range", t);
        return (uint)v;
    }

    /// <summary>A u64 from a nat token (limits, offsets).</summary>
    protected ulong ReadU64()
    {
        var t = Peek();
        if (t.Kind != TokenKind.Nat) throw Unexpected(t);
        Pos++;
        if (!IntegerLiteral.TryParseUnsigned(Text(t), ulong.MaxValue, out ulong v))
            throw Error("i64 constant out of range", t);
        return v;
    }

    protected static bool IsNumber(TokenKind kind) => kind is TokenKind.Nat or TokenKind.Int or TokenKind.Float;

    /// <summary>A number token (nat, int or float); the literal's own rules decide whether it fits.</summary>
    protected Token ReadNumberToken()
    {
        var t = Peek();
        if (!IsNumber(t.Kind)) throw Unexpected(t);
        Pos++;
        return t;
    }

    /// <summary>An integer literal of <paramref name="bits"/> bits, as two's complement.</summary>
    protected ulong ReadInteger(int bits)
    {
        var t = ReadNumberToken();
        if (t.Kind == TokenKind.Float || !IntegerLiteral.TryParseBits(Text(t), bits, out ulong value))
            throw Error("constant out of range", t);
        return value;
    }

    protected uint ReadF32()
    {
        var t = ReadNumberToken();
        if (!FloatLiteral.TryParseF32(Text(t), out uint bits)) throw Error("constant out of range", t);
        return bits;
    }

    protected ulong ReadF64()
    {
        var t = ReadNumberToken();
        if (!FloatLiteral.TryParseF64(Text(t), out ulong bits)) throw Error("constant out of range", t);
        return bits;
    }

    /// <summary>The lane shapes of v128.const, with their lane counts.</summary>
    protected enum Shape : byte { I8x16, I16x8, I32x4, I64x2, F32x4, F64x2 }

    protected Shape ReadShape()
    {
        var t = Next();
        if (t.Kind == TokenKind.Keyword)
        {
            var k = Text(t);
            if (k.SequenceEqual("i8x16"u8)) return Shape.I8x16;
            if (k.SequenceEqual("i16x8"u8)) return Shape.I16x8;
            if (k.SequenceEqual("i32x4"u8)) return Shape.I32x4;
            if (k.SequenceEqual("i64x2"u8)) return Shape.I64x2;
            if (k.SequenceEqual("f32x4"u8)) return Shape.F32x4;
            if (k.SequenceEqual("f64x2"u8)) return Shape.F64x2;
        }
        throw Unexpected(t);
    }

    protected static int LaneCount(Shape shape) => shape switch
    {
        Shape.I8x16 => 16,
        Shape.I16x8 => 8,
        Shape.I32x4 or Shape.F32x4 => 4,
        _ => 2,
    };

    /// <summary><c>v128.const shape lane*</c>: the count is checked before the values, as the reference does.</summary>
    protected V128 ReadV128Const()
    {
        var shapeToken = Peek();
        var shape = ReadShape();
        int count = LaneCount(shape);
        int first = Pos;
        while (IsNumber(PeekKind())) Pos++;
        RejectInvalidToken(Peek());
        if (Pos - first != count) throw Error("wrong number of lane literals", shapeToken);
        Span<byte> bytes = stackalloc byte[16];
        int laneBytes = 16 / count;
        for (int i = 0; i < count; i++)
        {
            var t = Tokens[first + i];
            var text = Text(t);
            ulong value = 0;
            bool ok;
            switch (shape)
            {
                case Shape.F32x4:
                    ok = FloatLiteral.TryParseF32(text, out uint f);
                    value = f;
                    break;
                case Shape.F64x2:
                    ok = FloatLiteral.TryParseF64(text, out value);
                    break;
                default:
                    ok = t.Kind != TokenKind.Float && IntegerLiteral.TryParseBits(text, laneBytes * 8, out value);
                    break;
            }
            if (!ok) throw Error("constant out of range", t);
            for (int b = 0; b < laneBytes; b++) bytes[i * laneBytes + b] = (byte)(value >> (8 * b));
        }
        return V128.FromBytes(bytes);
    }
}
