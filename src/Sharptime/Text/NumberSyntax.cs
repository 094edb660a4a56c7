namespace Sharptime.Text;

/// <summary>
/// Recognizes the number tokens of the text format (nat, int, float) by their exact grammar, so that
/// anything merely number-like ("0x", "1x", ".5", "1e") is a reserved token.
/// </summary>
internal static class NumberSyntax
{
    /// <summary>Nat, Int or Float when the whole text is such a literal, else Reserved.</summary>
    public static TokenKind Classify(ReadOnlySpan<byte> s)
    {
        int i = 0;
        bool signed = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            signed = true;
            i = 1;
        }
        var rest = s[i..];
        if (rest.SequenceEqual("inf"u8) || rest.SequenceEqual("nan"u8)) return TokenKind.Float;
        if (rest.StartsWith("nan:0x"u8))
            return Digits(rest, 6, hex: true) == rest.Length ? TokenKind.Float : TokenKind.Reserved;

        bool hex = rest.StartsWith("0x"u8);
        int p = hex ? 2 : 0;
        int end = Digits(rest, p, hex);
        if (end < 0) return TokenKind.Reserved;
        if (end == rest.Length) return signed ? TokenKind.Int : TokenKind.Nat;

        p = end;
        if (rest[p] == '.')
        {
            p++;
            if (p == rest.Length) return TokenKind.Float;
            if (IsDigit(rest[p], hex))
            {
                p = Digits(rest, p, hex);
                if (p < 0) return TokenKind.Reserved;
                if (p == rest.Length) return TokenKind.Float;
            }
        }
        byte e = rest[p];
        if (hex ? (e != 'p' && e != 'P') : (e != 'e' && e != 'E')) return TokenKind.Reserved;
        p++;
        if (p < rest.Length && (rest[p] == '+' || rest[p] == '-')) p++;
        // The exponent is always decimal.
        return Digits(rest, p, hex: false) == rest.Length ? TokenKind.Float : TokenKind.Reserved;
    }

    private static bool IsDigit(byte c, bool hex) => hex ? CharClass.IsHexDigit(c) : CharClass.IsDigit(c);

    /// <summary>
    /// Scans digit ('_'? digit)* from <paramref name="start"/>: returns the end offset, or -1 when there is no
    /// digit at all or an underscore is not between two digits.
    /// </summary>
    private static int Digits(ReadOnlySpan<byte> s, int start, bool hex)
    {
        int p = start;
        if (p >= s.Length || !IsDigit(s[p], hex)) return -1;
        p++;
        while (p < s.Length)
        {
            if (s[p] == '_')
            {
                if (p + 1 >= s.Length || !IsDigit(s[p + 1], hex)) return -1;
                p += 2;
            }
            else if (IsDigit(s[p], hex)) p++;
            else break;
        }
        return p;
    }
}
