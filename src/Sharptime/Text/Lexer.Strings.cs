namespace Sharptime.Text;

public sealed partial class Lexer
{
    /// <summary>Why a string literal is not well-formed, and where.</summary>
    private readonly record struct StringFailure(string Reason, int Offset);

    /// <summary>
    /// Scans the string literal whose opening quote is at <paramref name="quote"/>: plain characters
    /// (no controls, well-formed UTF-8) and the escapes \n \r \t \\ \' \" \hh \u{hex}.
    /// </summary>
    private bool TryScanString(int quote, out int end, out bool escapes, out StringFailure failure)
    {
        escapes = false;
        end = 0;
        int p = quote + 1;
        var span = _s.AsSpan(0, _end);
        while (true)
        {
            if (p >= _end)
            {
                failure = new("unclosed string literal", quote);
                return false;
            }
            byte c = _s[p];
            if (c == '"')
            {
                end = p + 1;
                failure = default;
                return true;
            }
            if (c == '\\')
            {
                escapes = true;
                int n = EscapeLength(span, p);
                if (n == 0)
                {
                    failure = new("illegal escape", p);
                    return false;
                }
                p += n;
            }
            else if (c == '\n' || c == '\r')
            {
                failure = new("unclosed string literal", quote);
                return false;
            }
            else if (c < 0x20 || c == 0x7F)
            {
                failure = new("illegal control character in string literal", p);
                return false;
            }
            else if (c < 0x80)
            {
                p++;
            }
            else
            {
                int n = CharClass.Utf8SequenceLength(span, p);
                if (n == 0)
                {
                    failure = new("malformed UTF-8 encoding", p);
                    return false;
                }
                p += n;
            }
        }
    }

    /// <summary>The length of the escape sequence at <paramref name="p"/> (a backslash), or 0 if it is not one.</summary>
    private static int EscapeLength(ReadOnlySpan<byte> s, int p)
    {
        if (p + 1 >= s.Length) return 0;
        byte e = s[p + 1];
        switch (e)
        {
            case (byte)'n' or (byte)'r' or (byte)'t' or (byte)'\\' or (byte)'\'' or (byte)'"':
                return 2;
            case (byte)'u':
                return UnicodeEscapeLength(s, p);
        }
        if (CharClass.IsHexDigit(e) && p + 2 < s.Length && CharClass.IsHexDigit(s[p + 2])) return 3;
        return 0;
    }

    /// <summary>\u{hexnum}: the value must be a Unicode scalar value (not a surrogate, at most 10FFFF).</summary>
    private static int UnicodeEscapeLength(ReadOnlySpan<byte> s, int p)
    {
        int q = p + 2;
        if (q >= s.Length || s[q] != '{') return 0;
        q++;
        long value = 0;
        int digits = 0;
        bool lastWasDigit = false;
        while (q < s.Length && s[q] != '}')
        {
            byte c = s[q];
            if (CharClass.IsHexDigit(c))
            {
                value = Math.Min(value * 16 + CharClass.HexValue(c), 0x110000);
                digits++;
                lastWasDigit = true;
            }
            else if (c == '_' && lastWasDigit)
            {
                lastWasDigit = false;
            }
            else
            {
                return 0;
            }
            q++;
        }
        if (q >= s.Length || digits == 0 || !lastWasDigit) return 0;
        if (value >= 0x110000 || (value >= 0xD800 && value < 0xE000)) return 0;
        return q + 1 - p;
    }
}
