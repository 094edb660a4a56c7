using System.Globalization;
using System.Numerics;

namespace Sharptime.Text;

/// <summary>
/// Values of float literals, rounded to nearest-even as the spec requires. A finite literal whose
/// rounded value is infinite, or a NaN payload that is zero or too wide, is out of range (false).
/// </summary>
internal static class FloatLiteral
{
    /// <summary>The IEEE bits of an f32 literal (any nat, int or float token).</summary>
    public static bool TryParseF32(ReadOnlySpan<byte> s, out uint bits)
    {
        bool ok = TryParse(s, Format.Single, out ulong b);
        bits = (uint)b;
        return ok;
    }

    /// <summary>The IEEE bits of an f64 literal (any nat, int or float token).</summary>
    public static bool TryParseF64(ReadOnlySpan<byte> s, out ulong bits) => TryParse(s, Format.Double, out bits);

    private readonly record struct Format(int MantissaBits, int ExponentBits)
    {
        public static readonly Format Single = new(23, 8);
        public static readonly Format Double = new(52, 11);

        public int Bias => (1 << (ExponentBits - 1)) - 1;
        public ulong SignBit => 1UL << (MantissaBits + ExponentBits);
        public ulong ExponentMask => ((1UL << ExponentBits) - 1) << MantissaBits;
    }

    private static bool TryParse(ReadOnlySpan<byte> s, Format format, out ulong bits)
    {
        bits = 0;
        bool negative = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        ulong sign = negative ? format.SignBit : 0;

        if (s.SequenceEqual("inf"u8))
        {
            bits = sign | format.ExponentMask;
            return true;
        }
        if (s.SequenceEqual("nan"u8))
        {
            // The canonical NaN: only the most significant mantissa bit set.
            bits = sign | format.ExponentMask | (1UL << (format.MantissaBits - 1));
            return true;
        }
        if (s.StartsWith("nan:"u8))
        {
            if (!IntegerLiteral.TryParse(s[4..], out _, out ulong payload)) return false;
            if (payload == 0 || payload >= 1UL << format.MantissaBits) return false;
            bits = sign | format.ExponentMask | payload;
            return true;
        }

        ulong magnitude;
        if (s.StartsWith("0x"u8))
        {
            if (!TryParseHex(s[2..], format, out magnitude)) return false;
        }
        else if (!TryParseDecimal(s, format, out magnitude))
        {
            return false;
        }
        bits = sign | magnitude;
        return true;
    }

    /// <summary>Decimal literals: .NET's parsers round correctly (IEEE round-to-nearest-even) since .NET Core 3.0.</summary>
    private static bool TryParseDecimal(ReadOnlySpan<byte> s, Format format, out ulong bits)
    {
        Span<char> chars = s.Length <= 256 ? stackalloc char[s.Length] : new char[s.Length];
        int n = 0;
        foreach (byte c in s)
            if (c != '_') chars[n++] = (char)c;
        var text = chars[..n];
        if (format.MantissaBits == 23)
        {
            float f = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            bits = BitConverter.SingleToUInt32Bits(f);
            return float.IsFinite(f);
        }
        double d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        bits = BitConverter.DoubleToUInt64Bits(d);
        return double.IsFinite(d);
    }

    /// <summary>
    /// Hexadecimal literals (hexnum, optional fraction, optional binary exponent p±N), rounded exactly:
    /// the significand is gathered in 64 bits plus a sticky bit for any nonzero digit beyond them.
    /// </summary>
    private static bool TryParseHex(ReadOnlySpan<byte> s, Format format, out ulong bits)
    {
        bits = 0;
        ulong significand = 0;
        long exponent = 0; // binary exponent of the significand's last bit
        bool sticky = false;
        int i = 0;
        bool fraction = false;
        for (; i < s.Length; i++)
        {
            byte c = s[i];
            if (c == '_') continue;
            if (c == '.')
            {
                fraction = true;
                continue;
            }
            if (c == 'p' || c == 'P') break;
            int digit = CharClass.HexValue(c);
            if (significand >> 60 == 0)
            {
                significand = significand * 16 + (ulong)digit;
                if (fraction) exponent -= 4;
            }
            else
            {
                // No room: the digit only matters for rounding.
                sticky |= digit != 0;
                if (!fraction) exponent += 4;
            }
        }
        if (i < s.Length)
        {
            // The exponent, saturated: anything this large is zero or out of range anyway.
            var e = s[(i + 1)..];
            bool negativeExponent = e.Length > 0 && e[0] == '-';
            if (e.Length > 0 && (e[0] == '+' || e[0] == '-')) e = e[1..];
            long value = 0;
            foreach (byte c in e)
                if (c != '_') value = Math.Min(value * 10 + (c - '0'), 1_000_000_000);
            exponent += negativeExponent ? -value : value;
        }
        if (significand == 0)
        {
            bits = 0;
            return true;
        }
        return TryRound(significand, exponent, sticky, format, out bits);
    }

    /// <summary>
    /// Rounds significand × 2^exponent (plus a little more if sticky) to the nearest value of the format,
    /// ties to even, and encodes it; false when that is infinite.
    /// </summary>
    private static bool TryRound(ulong significand, long exponent, bool sticky, Format format, out ulong bits)
    {
        bits = 0;
        int p = format.MantissaBits; // fraction bits; precision is p + 1
        long minExponent = 1 - format.Bias;
        int msb = 63 - BitOperations.LeadingZeroCount(significand);
        long valueExponent = msb + exponent; // the value is in [2^valueExponent, 2^(valueExponent+1))
        if (valueExponent > format.Bias + 1) return false;

        // The weight of the last bit kept: subnormals share the minimum exponent's quantum.
        long quantum = Math.Max(valueExponent, minExponent) - p;
        long shift = quantum - exponent;
        ulong kept;
        if (shift <= 0)
        {
            kept = significand << (int)-shift;
        }
        else
        {
            // Far below half of the smallest subnormal: rounds to zero.
            if (shift >= 128) return true;
            UInt128 wide = significand;
            kept = (ulong)(wide >> (int)shift);
            UInt128 dropped = wide & ((UInt128.One << (int)shift) - 1);
            UInt128 half = UInt128.One << (int)(shift - 1);
            bool roundUp = dropped > half || (dropped == half && (sticky || (kept & 1) != 0));
            if (roundUp) kept++;
        }

        if (kept >> (p + 1) != 0)
        {
            // Rounding carried into a new bit.
            kept >>= 1;
            quantum++;
        }
        if (kept >> p == 0)
        {
            // Subnormal (or zero): biased exponent 0.
            bits = kept;
            return true;
        }
        long biased = quantum + p + format.Bias;
        if (biased >= (1L << format.ExponentBits) - 1) return false;
        bits = ((ulong)biased << p) | (kept & ((1UL << p) - 1));
        return true;
    }
}
