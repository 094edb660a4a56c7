namespace Sharptime.Text;

/// <summary>Character classes of the text format's lexical grammar, for ASCII bytes.</summary>
internal static class CharClass
{
    private const byte IdCharBit = 1;
    private const byte KeywordBit = 2;
    private const byte DigitBit = 4;
    private const byte HexDigitBit = 8;

    private static readonly byte[] s_table = Build();

    private static byte[] Build()
    {
        var t = new byte[256];
        for (int c = 'a'; c <= 'z'; c++) t[c] |= IdCharBit | KeywordBit;
        for (int c = 'A'; c <= 'Z'; c++) t[c] |= IdCharBit | KeywordBit;
        for (int c = '0'; c <= '9'; c++) t[c] |= IdCharBit | KeywordBit | DigitBit | HexDigitBit;
        for (int c = 'a'; c <= 'f'; c++) t[c] |= HexDigitBit;
        for (int c = 'A'; c <= 'F'; c++) t[c] |= HexDigitBit;
        foreach (char c in "_") t[c] |= IdCharBit | KeywordBit;
        foreach (char c in ".:") t[c] |= KeywordBit;
        // The spec's "symbol" characters, all of which may appear in ids.
        foreach (char c in "+-*/\\^~=<>!?@#$%&|:`.'") t[c] |= IdCharBit;
        return t;
    }

    /// <summary>letter | digit | '_' | symbol: the characters of ids, keywords and numbers.</summary>
    public static bool IsIdChar(byte c) => (s_table[c] & IdCharBit) != 0;

    /// <summary>The characters after the first of a keyword: letter | digit | '_' | '.' | ':'.</summary>
    public static bool IsKeywordChar(byte c) => (s_table[c] & KeywordBit) != 0;

    public static bool IsDigit(byte c) => (s_table[c] & DigitBit) != 0;

    public static bool IsHexDigit(byte c) => (s_table[c] & HexDigitBit) != 0;

    public static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    public static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    /// <summary>
    /// The length of the well-formed UTF-8 sequence (2 to 4 bytes) starting at <paramref name="i"/>, or 0
    /// if the bytes there are not one (overlong forms, surrogates and values above U+10FFFF are not).
    /// </summary>
    public static int Utf8SequenceLength(ReadOnlySpan<byte> s, int i)
    {
        byte b = s[i];
        static bool Cont(ReadOnlySpan<byte> s, int j) => j < s.Length && (s[j] & 0xC0) == 0x80;
        if (b >= 0xC2 && b <= 0xDF) return Cont(s, i + 1) ? 2 : 0;
        if (b >= 0xE0 && b <= 0xEF)
        {
            if (i + 1 >= s.Length) return 0;
            byte b1 = s[i + 1];
            bool ok = b == 0xE0 ? b1 is >= 0xA0 and <= 0xBF
                : b == 0xED ? b1 is >= 0x80 and <= 0x9F
                : (b1 & 0xC0) == 0x80;
            return ok && Cont(s, i + 2) ? 3 : 0;
        }
        if (b >= 0xF0 && b <= 0xF4)
        {
            if (i + 1 >= s.Length) return 0;
            byte b1 = s[i + 1];
            bool ok = b == 0xF0 ? b1 is >= 0x90 and <= 0xBF
                : b == 0xF4 ? b1 is >= 0x80 and <= 0x8F
                : (b1 & 0xC0) == 0x80;
            return ok && Cont(s, i + 2) && Cont(s, i + 3) ? 4 : 0;
        }
        return 0;
    }

    /// <summary>Whether a byte string is well-formed UTF-8 (names and ids must be).</summary>
    public static bool IsValidUtf8(ReadOnlySpan<byte> s) => System.Text.Unicode.Utf8.IsValid(s);
}
