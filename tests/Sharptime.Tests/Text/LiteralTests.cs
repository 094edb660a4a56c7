using System.Globalization;
using System.Numerics;
using System.Text;
using Sharptime.Text;

namespace Sharptime.Tests.Text;

public class LiteralTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    [Theory]
    [InlineData("0", 32, 0UL)]
    [InlineData("4294967295", 32, 0xFFFF_FFFFUL)]
    [InlineData("0xffff_ffff", 32, 0xFFFF_FFFFUL)]
    [InlineData("-1", 32, 0xFFFF_FFFFUL)]
    [InlineData("-2147483648", 32, 0x8000_0000UL)]
    [InlineData("+2147483648", 32, 0x8000_0000UL)]
    [InlineData("-0x8000_0000_0000_0000", 64, 0x8000_0000_0000_0000UL)]
    [InlineData("18446744073709551615", 64, ulong.MaxValue)]
    [InlineData("-128", 8, 0x80UL)]
    [InlineData("255", 8, 0xFFUL)]
    public void Integers_in_range(string text, int bits, ulong expected)
    {
        Assert.True(IntegerLiteral.TryParseBits(B(text), bits, out ulong value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("4294967296", 32)]
    [InlineData("-2147483649", 32)]
    [InlineData("18446744073709551616", 64)]
    [InlineData("-0x8000_0000_0000_0001", 64)]
    [InlineData("256", 8)]
    [InlineData("-129", 8)]
    public void Integers_out_of_range(string text, int bits) =>
        Assert.False(IntegerLiteral.TryParseBits(B(text), bits, out _));

    [Theory]
    [InlineData("0", 0x0000_0000u)]
    [InlineData("-0", 0x8000_0000u)]
    [InlineData("1", 0x3F80_0000u)]
    [InlineData("0x1p0", 0x3F80_0000u)]
    [InlineData("0x1.8p1", 0x4040_0000u)]
    [InlineData("-0x1.fffffep127", 0xFF7F_FFFFu)]
    [InlineData("0x1p-149", 0x0000_0001u)]
    [InlineData("0x1p-150", 0x0000_0000u)] // exactly half the smallest subnormal: ties to even (0)
    [InlineData("0x1.8p-149", 0x0000_0002u)] // 1.5 × smallest: ties to even (2)
    [InlineData("0x1.000001p0", 0x3F80_0000u)] // below half an ulp
    [InlineData("0x1.000002p0", 0x3F80_0001u)] // exactly half: ties to even (odd rounds up)
    [InlineData("0x1.000003p0", 0x3F80_0002u)] // exactly half: odd rounds up
    [InlineData("0x1.0000010000000000000000001p0", 0x3F80_0001u)] // half plus a far sticky bit
    [InlineData("0x1.fffffefffffffffffp127", 0x7F7F_FFFFu)] // just below the overflow threshold
    [InlineData("1e-46", 0x0000_0000u)]
    [InlineData("3.4028235e38", 0x7F7F_FFFFu)]
    [InlineData("inf", 0x7F80_0000u)]
    [InlineData("-inf", 0xFF80_0000u)]
    [InlineData("nan", 0x7FC0_0000u)]
    [InlineData("-nan", 0xFFC0_0000u)]
    [InlineData("nan:0x1", 0x7F80_0001u)]
    [InlineData("-nan:0x7f_ffff", 0xFFFF_FFFFu)]
    [InlineData("1_000.5e-1_0", 0x33D6_DB12u)]
    public void F32_literals_round_to_nearest_even(string text, uint bits)
    {
        Assert.True(FloatLiteral.TryParseF32(B(text), out uint actual), text);
        Assert.Equal(bits.ToString("x8"), actual.ToString("x8"));
    }

    [Theory]
    [InlineData("0x1p128")]
    [InlineData("0x1.ffffffp127")] // rounds up to 2^128
    [InlineData("1e39")]
    [InlineData("nan:0x0")]
    [InlineData("nan:0x80_0000")]
    public void F32_literals_out_of_range(string text) => Assert.False(FloatLiteral.TryParseF32(B(text), out _));

    [Theory]
    [InlineData("0x1p-1074", 0x0000_0000_0000_0001UL)]
    [InlineData("0x1.fffffffffffffp1023", 0x7FEF_FFFF_FFFF_FFFFUL)]
    [InlineData("0x1.00000000000008p0", 0x3FF0_0000_0000_0000UL)] // half an ulp, even: stays
    [InlineData("0x1.00000000000018p0", 0x3FF0_0000_0000_0002UL)] // half an ulp, odd: rounds up
    [InlineData("nan:0xf_ffff_ffff_ffff", 0x7FFF_FFFF_FFFF_FFFFUL)]
    [InlineData("0.1", 0x3FB9_9999_9999_999AUL)]
    public void F64_literals(string text, ulong bits)
    {
        Assert.True(FloatLiteral.TryParseF64(B(text), out ulong actual), text);
        Assert.Equal(bits.ToString("x16"), actual.ToString("x16"));
    }

    [Theory]
    [InlineData("0x1p1024")]
    [InlineData("0x1.fffffffffffff8p1023")]
    [InlineData("nan:0x10_0000_0000_0000")]
    public void F64_literals_out_of_range(string text) => Assert.False(FloatLiteral.TryParseF64(B(text), out _));

    /// <summary>
    /// Hex floats against an independent route: a hex float is an exact binary fraction, so its exact
    /// decimal expansion, parsed by .NET's correctly rounding parser, must give the same bits.
    /// </summary>
    [Fact]
    public void Hex_floats_agree_with_exact_decimal_expansion()
    {
        var random = new Random(12345);
        for (int i = 0; i < 3000; i++)
        {
            int digits = random.Next(1, 22);
            var mantissa = new StringBuilder();
            for (int d = 0; d < digits; d++) mantissa.Append("0123456789abcdef"[random.Next(16)]);
            int point = random.Next(0, digits + 1);
            int exponent = random.Next(-1140, 1030);
            string hex = $"0x{mantissa.ToString(0, Math.Max(point, 1))}{(point < digits ? "." + mantissa.ToString(point, digits - point) : "")}p{exponent}";
            if (point == 0) hex = $"0x0.{mantissa}p{exponent}";

            string decimalText = ExactDecimal(hex);
            double expected64 = double.Parse(decimalText, CultureInfo.InvariantCulture);
            bool ok64 = FloatLiteral.TryParseF64(B(hex), out ulong bits64);
            Assert.Equal(double.IsFinite(expected64), ok64);
            if (ok64) Assert.True(BitConverter.DoubleToUInt64Bits(expected64) == bits64, $"{hex}: {bits64:x16} vs {BitConverter.DoubleToUInt64Bits(expected64):x16}");

            float expected32 = float.Parse(decimalText, CultureInfo.InvariantCulture);
            bool ok32 = FloatLiteral.TryParseF32(B(hex), out uint bits32);
            Assert.Equal(float.IsFinite(expected32), ok32);
            if (ok32) Assert.True(BitConverter.SingleToUInt32Bits(expected32) == bits32, $"{hex}: {bits32:x8} vs {BitConverter.SingleToUInt32Bits(expected32):x8}");
        }
    }

    /// <summary>The exact decimal value of a hex float "0xH.Hp±E" (scientific notation).</summary>
    private static string ExactDecimal(string hex)
    {
        int p = hex.IndexOf('p');
        string digits = hex[2..p];
        int exponent = int.Parse(hex[(p + 1)..], CultureInfo.InvariantCulture);
        int dot = digits.IndexOf('.');
        if (dot >= 0)
        {
            exponent -= 4 * (digits.Length - dot - 1);
            digits = digits.Remove(dot, 1);
        }
        var n = BigInteger.Parse("0" + digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (n.IsZero) return "0";
        // n × 2^e = n × 5^-e / 10^-e for negative e.
        if (exponent >= 0) return (n << exponent).ToString(CultureInfo.InvariantCulture);
        var scaled = n * BigInteger.Pow(5, -exponent);
        return $"{scaled}e-{-exponent}";
    }
}
