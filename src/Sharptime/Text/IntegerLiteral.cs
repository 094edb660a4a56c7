namespace Sharptime.Text;

/// <summary>Values of integer literals (nat and int tokens, which the lexer has checked).</summary>
internal static class IntegerLiteral
{
    /// <summary>The sign and magnitude of a literal; false when the magnitude does not fit 64 bits.</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out bool negative, out ulong magnitude)
    {
        negative = false;
        magnitude = 0;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        bool hex = s.StartsWith("0x"u8);
        if (hex) s = s[2..];
        ulong radix = hex ? 16u : 10u;
        foreach (byte c in s)
        {
            if (c == '_') continue;
            ulong digit = (ulong)CharClass.HexValue(c);
            if (magnitude > (ulong.MaxValue - digit) / radix) return false;
            magnitude = magnitude * radix + digit;
        }
        return true;
    }

    /// <summary>
    /// An N-bit integer (iN in the spec): unsigned up to 2^N-1, or negative down to -2^(N-1), as N-bit
    /// two's complement. False when out of range.
    /// </summary>
    public static bool TryParseBits(ReadOnlySpan<byte> s, int bits, out ulong value)
    {
        value = 0;
        if (!TryParse(s, out bool negative, out ulong magnitude)) return false;
        ulong unsignedMax = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        if (negative)
        {
            if (magnitude > 1UL << (bits - 1)) return false;
            value = (0 - magnitude) & unsignedMax;
            return true;
        }
        if (magnitude > unsignedMax) return false;
        value = magnitude;
        return true;
    }

    /// <summary>An unsigned literal no larger than <paramref name="max"/> (indices, limits, lanes).</summary>
    public static bool TryParseUnsigned(ReadOnlySpan<byte> s, ulong max, out ulong value) =>
        TryParse(s, out bool negative, out value) && !negative && value <= max;
}
