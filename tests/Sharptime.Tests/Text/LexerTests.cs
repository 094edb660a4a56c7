using System.Text;
using Sharptime.Text;

namespace Sharptime.Tests.Text;

public class LexerTests
{
    private static List<(TokenKind Kind, string Text)> Lex(string text)
    {
        var source = new SourceText(Encoding.UTF8.GetBytes(text));
        return Lexer.Tokenize(source)
            .Select(t => (t.Kind, Encoding.UTF8.GetString(source[t])))
            .ToList();
    }

    private static TokenKind[] Kinds(string text) => Lex(text).Select(t => t.Kind).ToArray();

    private static TextFormatException Fails(string text) =>
        Assert.Throws<TextFormatException>(() => Lexer.Tokenize(new SourceText(Encoding.UTF8.GetBytes(text))));

    [Fact]
    public void Splits_parens_keywords_ids_strings_and_numbers()
    {
        var tokens = Lex("(func $f \"s\" 12 -3 1.5 nan:0x1 offset=8 align=4)");
        Assert.Equal(
            [
                (TokenKind.LeftParen, "("), (TokenKind.Keyword, "func"), (TokenKind.Id, "$f"), (TokenKind.String, "\"s\""),
                (TokenKind.Nat, "12"), (TokenKind.Int, "-3"), (TokenKind.Float, "1.5"), (TokenKind.Float, "nan:0x1"),
                (TokenKind.OffsetEq, "offset=8"), (TokenKind.AlignEq, "align=4"), (TokenKind.RightParen, ")"),
                (TokenKind.EndOfInput, ""),
            ],
            tokens);
    }

    [Theory]
    [InlineData("0x1F", TokenKind.Nat)]
    [InlineData("1_000_000", TokenKind.Nat)]
    [InlineData("+0x_1", TokenKind.Reserved)]
    [InlineData("1__0", TokenKind.Reserved)]
    [InlineData("1_", TokenKind.Reserved)]
    [InlineData("+7", TokenKind.Int)]
    [InlineData("inf", TokenKind.Float)]
    [InlineData("-inf", TokenKind.Float)]
    [InlineData("+nan", TokenKind.Float)]
    [InlineData("nan:0x7f_ffff", TokenKind.Float)]
    [InlineData("nan:canonical", TokenKind.Keyword)]
    [InlineData("0x1.8p3", TokenKind.Float)]
    [InlineData("0x1p-2", TokenKind.Float)]
    [InlineData("1.", TokenKind.Float)]
    [InlineData("1.e5", TokenKind.Float)]
    [InlineData("1e+5", TokenKind.Float)]
    [InlineData(".5", TokenKind.Reserved)]
    [InlineData("0x", TokenKind.Reserved)]
    [InlineData("1x", TokenKind.Reserved)]
    [InlineData("0x.1", TokenKind.Reserved)]
    [InlineData("1e", TokenKind.Reserved)]
    [InlineData("0x1p", TokenKind.Reserved)]
    [InlineData("i32.trunc_s:sat/f32", TokenKind.Reserved)]
    [InlineData("a", TokenKind.Reserved)]
    [InlineData("offset=x", TokenKind.Reserved)]
    public void Classifies_atoms_by_the_exact_grammar(string text, TokenKind kind) =>
        Assert.Equal(kind, Lex(text)[0].Kind);

    [Theory]
    [InlineData("0$l")]
    [InlineData("data\"a\"")]
    [InlineData("$\"l\"0")]
    [InlineData("\"a\"\"b\"")]
    public void A_run_of_id_characters_and_strings_is_one_reserved_token(string text)
    {
        var tokens = Lex(text);
        Assert.Equal(2, tokens.Count);
        Assert.Equal(TokenKind.Reserved, tokens[0].Kind);
    }

    [Fact]
    public void Ids_may_be_plain_or_quoted()
    {
        var tokens = Lex("$a$b $\"x y\" $!?@#");
        Assert.Equal([TokenKind.Id, TokenKind.Id, TokenKind.Id, TokenKind.EndOfInput], tokens.Select(t => t.Kind));
        Assert.Equal("$a$b", tokens[0].Text);
    }

    [Theory]
    [InlineData("$")]
    [InlineData("$\"\"")]
    [InlineData("$ \"a\"")]
    public void Empty_identifiers_are_malformed(string text) =>
        Assert.StartsWith("empty identifier", Fails(text).Message);

    [Fact]
    public void Skips_line_and_nested_block_comments()
    {
        Assert.Equal(
            [TokenKind.LeftParen, TokenKind.Keyword, TokenKind.RightParen, TokenKind.EndOfInput],
            Kinds("(;a(;nested;)b;)( ;; line\n module (;x;))"));
        Assert.Equal([TokenKind.Keyword, TokenKind.EndOfInput], Kinds("nop;;comment"));
    }

    [Fact]
    public void Skips_annotations_with_their_contents()
    {
        Assert.Equal(
            [TokenKind.LeftParen, TokenKind.Keyword, TokenKind.RightParen, TokenKind.EndOfInput],
            Kinds("(module (@name \"m\" (nested (@x 1 $y) \")\") @ (@)))"));
    }

    [Theory]
    [InlineData("(@)", "empty annotation id")]
    [InlineData("(@ x)", "empty annotation id")]
    [InlineData("(@\"\")", "empty annotation id")]
    [InlineData("(@x (y", "unclosed annotation")]
    [InlineData("(@a \u0001)", "illegal character")]
    [InlineData("(@a é)", "illegal character")]
    [InlineData("\"abc", "unclosed string literal")]
    [InlineData("\"a\nb\"", "unclosed string literal")]
    [InlineData("\"a\u0001\"", "illegal control character in string literal")]
    [InlineData("\"\\q\"", "illegal escape")]
    [InlineData("\"\\u{d800}\"", "illegal escape")]
    [InlineData("\"\\u{110000}\"", "illegal escape")]
    [InlineData("(; open", "unclosed comment")]
    [InlineData("(;(;;)", "unclosed comment")]
    [InlineData("\u0001", "misplaced control character")]
    [InlineData("é", "misplaced unicode character")]
    public void Lexical_errors_use_the_reference_wording(string text, string reason) =>
        Assert.StartsWith(reason, Fails(text).Message);

    [Fact]
    public void Ill_formed_utf8_is_malformed_in_strings_comments_and_annotations()
    {
        foreach (var prefix in new[] { "\"", ";; ", "(; ", "(@a " })
        {
            var bytes = Encoding.ASCII.GetBytes(prefix).Concat(new byte[] { 0xC0, 0x80 }).ToArray();
            var e = Assert.Throws<TextFormatException>(() => Lexer.Tokenize(new SourceText(bytes)));
            Assert.StartsWith("malformed UTF-8 encoding", e.Message);
        }
    }

    [Fact]
    public void Errors_report_line_and_column()
    {
        var e = Fails("(module\r\n  (func)\n    \"unterminated");
        Assert.Equal(3, e.Line);
        Assert.Equal(5, e.Column);
    }

    [Theory]
    [InlineData("\"\"", "")]
    [InlineData("\"a\\tb\"", "61-09-62")]
    [InlineData("\"\\n\\r\\\\\\'\\\"\"", "0A-0D-5C-27-22")]
    [InlineData("\"\\00\\ff\"", "00-FF")]
    [InlineData("\"\\u{41}\\u{1_F600}\"", "41-F0-9F-98-80")]
    [InlineData("\"ü\"", "C3-BC")]
    public void Decodes_string_escapes(string literal, string hex)
    {
        var bytes = StringLiteral.Decode(Encoding.UTF8.GetBytes(literal));
        Assert.Equal(hex, BitConverter.ToString(bytes));
    }

    [Fact]
    public void Tokenizes_deeply_nested_comments_without_recursion()
    {
        var text = string.Concat(Enumerable.Repeat("(;", 200_000)) + string.Concat(Enumerable.Repeat(";)", 200_000)) + "nop";
        Assert.Equal([TokenKind.Keyword, TokenKind.EndOfInput], Kinds(text));
    }
}
