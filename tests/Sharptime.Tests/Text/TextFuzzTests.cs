using System.Text;
using Sharptime.Text;
using Sharptime.Text.Wast;

namespace Sharptime.Tests.Text;

/// <summary>
/// Bad text must end in a <see cref="TextFormatException"/>, never in another .NET exception: the spec
/// scripts' text modules, randomly damaged, are parsed as modules and as scripts.
/// </summary>
public class TextFuzzTests
{
    private static readonly string[] s_snippets =
    [
        "(", ")", "$x", "\"", "0x", "-", "nan:0x", "1.5e", "(;", ";;", "(@a", "block", "end", "else", "(then",
        "(param", "(result", "(type 0)", "i32.const", "v128.const i8x16", "\\", "\\u{", "try", "catch", "delegate",
        "(ref null", "(rec", "(sub", "offset=", "align=", "\u00ff", "\u0000", "$\"", "(module", "(memory i64", "(elem",
        "(data", "(table", "(either", "(invoke", "(assert_return",
    ];

    [Fact]
    public void Damaged_text_is_rejected_only_with_text_format_errors()
    {
        var scripts = SharedFiles.SpecScripts("wasm-3.0");
        var corpus = new List<byte[]>();
        foreach (var file in scripts.Where((_, i) => i % 8 == 0))
            foreach (var command in WastScript.ParseFile(file).Commands)
                if (command is WastModuleCommand { Module.Kind: WastModuleKind.Text } m && m.Module.Text.Length < 3000)
                    corpus.Add(Encoding.UTF8.GetBytes(m.Module.Text));
        if (corpus.Count == 0) corpus.Add(Encoding.UTF8.GetBytes("(module (func $f (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))"));

        var random = new Random(20240611);
        for (int i = 0; i < 5000; i++)
        {
            var bytes = Damage(corpus[random.Next(corpus.Count)], random);
            AssertOnlyTextErrors(() => WatParser.ParseModule(bytes), bytes);
            AssertOnlyTextErrors(() => WastScript.Parse(bytes), bytes);
        }
    }

    private static byte[] Damage(byte[] source, Random random)
    {
        var b = new List<byte>(source);
        for (int k = random.Next(1, 4); k > 0; k--)
        {
            int pos = random.Next(b.Count + 1);
            switch (random.Next(5))
            {
                case 0 when pos < b.Count: b.RemoveAt(pos); break;
                case 1: b.InsertRange(pos, Encoding.UTF8.GetBytes(s_snippets[random.Next(s_snippets.Length)])); break;
                case 2 when pos < b.Count: b[pos] = (byte)random.Next(256); break;
                case 3: b.RemoveRange(pos, Math.Min(random.Next(20), b.Count - pos)); break;
                case 4 when b.Count > 0:
                    int from = random.Next(b.Count);
                    b.InsertRange(pos, b.GetRange(from, Math.Min(random.Next(30), b.Count - from)));
                    break;
            }
        }
        return [.. b];
    }

    private static void AssertOnlyTextErrors(Action parse, byte[] input)
    {
        try
        {
            parse();
        }
        catch (TextFormatException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name} escaped for input:\n{Encoding.UTF8.GetString(input)}\n{e}");
        }
    }
}
