using System.Text;

namespace Sharptime.Tests.Binary;

/// <summary>What a script expects of one <c>(module binary ...)</c>.</summary>
public enum BinaryExpectation
{
    /// <summary>A module that must decode (it may still be invalid or fail to link or run).</summary>
    Decodes,
    /// <summary>An <c>assert_malformed</c> module: decoding must fail with the message.</summary>
    Malformed,
}

/// <param name="Line">1-based line of the module in the script.</param>
public sealed record BinaryWastCase(string File, int Line, byte[] Bytes, BinaryExpectation Expectation, string? Message)
{
    public override string ToString() => $"{Path.GetFileName(File)}:{Line} {Expectation} {Message}";
}

/// <summary>
/// Pulls the binary modules out of .wast scripts: just enough of the S-expression syntax (strings,
/// comments, nesting) to find <c>(module [$id] [definition] binary "..."*)</c> and whether it sits in an
/// <c>assert_malformed</c>. The full script parser belongs to the text format; the binary tests
/// should not wait for it.
/// </summary>
public static class BinaryWastCases
{
    private static readonly Dictionary<string, IReadOnlyList<BinaryWastCase>> s_bySuite = [];

    /// <summary>The binary modules of every script of a suite ("wasm-2.0", "wasm-3.0"); empty when the shared folder is absent.</summary>
    public static IReadOnlyList<BinaryWastCase> OfSuite(string suite)
    {
        lock (s_bySuite)
        {
            if (!s_bySuite.TryGetValue(suite, out var cases))
                s_bySuite[suite] = cases = [.. SharedFiles.SpecScripts(suite).SelectMany(Read)];
            return cases;
        }
    }

    public static IEnumerable<BinaryWastCase> Read(string file)
    {
        string text = File.ReadAllText(file);
        if (!text.Contains("binary", StringComparison.Ordinal)) yield break; // most scripts have no binary modules
        var cursor = new Cursor(text);
        while (cursor.SkipTrivia())
        {
            if (cursor.Peek() != '(')
            {
                cursor.SkipAtom();
                continue;
            }
            var form = cursor.ReadList();
            foreach (var c in Cases(file, form)) yield return c;
        }
    }

    private static IEnumerable<BinaryWastCase> Cases(string file, Node form)
    {
        if (form.Head == "assert_malformed" && form.Children.Count >= 3 && form.Children[1] is { Head: "module" } module
            && TryBinary(module, out var bytes))
        {
            yield return new BinaryWastCase(file, module.Line, bytes, BinaryExpectation.Malformed, form.Children[2].Text);
            yield break;
        }
        if (form.Head == "module" && TryBinary(form, out var own))
        {
            yield return new BinaryWastCase(file, form.Line, own, BinaryExpectation.Decodes, null);
            yield break;
        }
        foreach (var child in form.Children)
        {
            if (!child.IsList) continue;
            foreach (var c in Cases(file, child)) yield return c;
        }
    }

    private static bool TryBinary(Node module, out byte[] bytes)
    {
        bytes = [];
        int i = 1;
        while (i < module.Children.Count && module.Children[i] is { IsList: false, IsString: false } atom
               && (atom.Text!.StartsWith('$') || atom.Text == "definition"))
            i++;
        if (i >= module.Children.Count || module.Children[i].Text != "binary" || module.Children[i].IsString) return false;
        var buffer = new List<byte>();
        for (i++; i < module.Children.Count; i++)
        {
            if (!module.Children[i].IsString) return false;
            buffer.AddRange(module.Children[i].Bytes!);
        }
        bytes = [.. buffer];
        return true;
    }

    private sealed class Node
    {
        public int Line;
        public bool IsList;
        public bool IsString;
        public string? Text;
        public byte[]? Bytes;
        public List<Node> Children = [];
        public string? Head => IsList && Children.Count > 0 && !Children[0].IsList ? Children[0].Text : null;
    }

    private sealed class Cursor(string text)
    {
        private int _pos;
        private int _line = 1;

        public char Peek() => text[_pos];

        /// <summary>Skips white space and comments; false at the end of the text.</summary>
        public bool SkipTrivia()
        {
            while (_pos < text.Length)
            {
                char c = text[_pos];
                if (c == '\n') { _line++; _pos++; }
                else if (char.IsWhiteSpace(c)) _pos++;
                else if (c == ';' && At(";;")) { while (_pos < text.Length && text[_pos] != '\n') _pos++; }
                else if (c == '(' && At("(;")) SkipBlockComment();
                else return true;
            }
            return false;
        }

        private bool At(string s) => string.CompareOrdinal(text, _pos, s, 0, s.Length) == 0;

        private void SkipBlockComment()
        {
            int depth = 0;
            while (_pos < text.Length)
            {
                if (At("(;")) { depth++; _pos += 2; }
                else if (At(";)")) { depth--; _pos += 2; if (depth == 0) return; }
                else { if (text[_pos] == '\n') _line++; _pos++; }
            }
        }

        public void SkipAtom()
        {
            if (text[_pos] == ')') { _pos++; return; }
            ReadAtom();
        }

        public Node ReadList()
        {
            var node = new Node { IsList = true, Line = _line };
            _pos++; // (
            while (SkipTrivia())
            {
                char c = text[_pos];
                if (c == ')') { _pos++; return node; }
                node.Children.Add(c == '(' ? ReadList() : ReadAtom());
            }
            return node;
        }

        private Node ReadAtom()
        {
            int line = _line;
            if (text[_pos] == '"') return ReadString(line);
            int start = _pos;
            while (_pos < text.Length && !char.IsWhiteSpace(text[_pos]) && text[_pos] is not '(' and not ')' and not '"') _pos++;
            return new Node { Text = text[start.._pos], Line = line };
        }

        private Node ReadString(int line)
        {
            _pos++; // opening quote
            var bytes = new List<byte>();
            Span<byte> utf8 = stackalloc byte[4];
            while (_pos < text.Length && text[_pos] != '"')
            {
                char c = text[_pos++];
                if (c == '\n') _line++;
                if (c != '\\')
                {
                    if (char.IsHighSurrogate(c) && _pos < text.Length)
                    {
                        var rune = new Rune(c, text[_pos++]);
                        bytes.AddRange(utf8[..rune.EncodeToUtf8(utf8)].ToArray());
                    }
                    else
                    {
                        bytes.AddRange(utf8[..new Rune(c).EncodeToUtf8(utf8)].ToArray());
                    }
                    continue;
                }
                char e = text[_pos++];
                switch (e)
                {
                    case 'n': bytes.Add((byte)'\n'); break;
                    case 't': bytes.Add((byte)'\t'); break;
                    case 'r': bytes.Add((byte)'\r'); break;
                    case '\\': bytes.Add((byte)'\\'); break;
                    case '\'': bytes.Add((byte)'\''); break;
                    case '"': bytes.Add((byte)'"'); break;
                    case 'u':
                    {
                        int close = text.IndexOf('}', _pos);
                        int cp = Convert.ToInt32(text[(_pos + 1)..close], 16);
                        _pos = close + 1;
                        bytes.AddRange(utf8[..new Rune(cp).EncodeToUtf8(utf8)].ToArray());
                        break;
                    }
                    default:
                        bytes.Add(Convert.ToByte(text.Substring(_pos - 1, 2), 16));
                        _pos++;
                        break;
                }
            }
            _pos++; // closing quote
            var all = bytes.ToArray();
            return new Node { IsString = true, Bytes = all, Text = Encoding.UTF8.GetString(all), Line = line };
        }
    }
}
