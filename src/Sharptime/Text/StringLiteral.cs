using System.Text;

namespace Sharptime.Text;

/// <summary>Turns a string literal as written (with its quotes and escapes) into the bytes it denotes.</summary>
internal static class StringLiteral
{
    /// <summary>Decodes a well-formed literal (the lexer has checked it), including the quotes.</summary>
    public static byte[] Decode(ReadOnlySpan<byte> literal)
    {
        var body = literal[1..^1];
        if (body.IndexOf((byte)'\\') < 0) return body.ToArray();
        var result = new List<byte>(body.Length);
        AppendDecoded(body, result);
        return [.. result];
    }

    /// <summary>Appends the bytes a literal denotes to <paramref name="output"/> (data segments concatenate many).</summary>
    public static void AppendDecoded(ReadOnlySpan<byte> body, List<byte> output)
    {
        for (int i = 0; i < body.Length; i++)
        {
            byte c = body[i];
            if (c != '\\')
            {
                output.Add(c);
                continue;
            }
            byte e = body[++i];
            switch (e)
            {
                case (byte)'n': output.Add(0x0A); break;
                case (byte)'r': output.Add(0x0D); break;
                case (byte)'t': output.Add(0x09); break;
                case (byte)'\\': output.Add((byte)'\\'); break;
                case (byte)'\'': output.Add((byte)'\''); break;
                case (byte)'"': output.Add((byte)'"'); break;
                case (byte)'u':
                    {
                        i += 2; // past "u{"
                        int value = 0;
                        for (; body[i] != '}'; i++)
                            if (body[i] != '_') value = value * 16 + CharClass.HexValue(body[i]);
                        Span<byte> utf8 = stackalloc byte[4];
                        int n = new Rune(value).EncodeToUtf8(utf8);
                        for (int k = 0; k < n; k++) output.Add(utf8[k]);
                        break;
                    }
                default:
                    output.Add((byte)(CharClass.HexValue(e) * 16 + CharClass.HexValue(body[++i])));
                    break;
            }
        }
    }
}
