using System.Collections.Generic;
using System.Text;

namespace Sharptime.Witx;

/// <summary>Kinds of s-expression nodes in a witx file.</summary>
public enum SExprKind
{
    /// <summary>A parenthesised list.</summary>
    List,
    /// <summary>An identifier starting with <c>$</c> (the <see cref="SExpr.Text"/> excludes the <c>$</c>).</summary>
    Id,
    /// <summary>A bare word: keywords, builtin type names, annotation names such as <c>@witx</c>.</summary>
    Word,
    /// <summary>A quoted string (the <see cref="SExpr.Text"/> is unescaped).</summary>
    String,
}

/// <summary>One node of the s-expression tree, with its position and the <c>;;;</c> doc comment before it.</summary>
public sealed class SExpr
{
    private static readonly List<SExpr> NoItems = new List<SExpr>();

    internal SExpr(SExprKind kind, string text, List<SExpr>? items, string? fileName, int line, int column, string? doc)
    {
        Kind = kind;
        Text = text;
        Items = items ?? NoItems;
        FileName = fileName;
        Line = line;
        Column = column;
        Doc = doc;
    }

    public SExprKind Kind { get; }
    public string Text { get; }
    public IReadOnlyList<SExpr> Items { get; }
    public string? FileName { get; }
    public int Line { get; }
    public int Column { get; }
    public string? Doc { get; }

    public bool IsList => Kind == SExprKind.List;

    /// <summary>True for a list whose first item is the given bare word, e.g. <c>(typename ...)</c>.</summary>
    public bool IsListOf(string head) =>
        Kind == SExprKind.List && Items.Count > 0 && Items[0].Kind == SExprKind.Word && Items[0].Text == head;

    /// <summary>True for an annotation list <c>(@witx NAME ...)</c>.</summary>
    public bool IsAnnotation(string annotation, string name) =>
        IsListOf(annotation) && Items.Count > 1 && Items[1].Kind == SExprKind.Word && Items[1].Text == name;

    public bool IsWord(string word) => Kind == SExprKind.Word && Text == word;

    public override string ToString() => Kind switch
    {
        SExprKind.List => "(" + string.Join(" ", Items) + ")",
        SExprKind.Id => "$" + Text,
        SExprKind.String => "\"" + Text + "\"",
        _ => Text,
    };
}

/// <summary>Reads witx text into s-expressions.</summary>
public static class SExprReader
{
    /// <summary>Reads all top-level forms of a document.</summary>
    /// <exception cref="WitxException">On unbalanced parentheses, bad strings or unterminated comments.</exception>
    public static List<SExpr> ReadAll(string text, string? fileName = null)
    {
        var lexer = new Lexer(text, fileName);
        var top = new List<SExpr>();
        var stack = new Stack<(List<SExpr> Items, int Line, int Column, string? Doc)>();
        while (true)
        {
            var tok = lexer.Next();
            if (tok.Kind == TokKind.Eof)
            {
                if (stack.Count > 0)
                {
                    var open = stack.Peek();
                    throw new WitxException("unclosed '(' (missing ')')", fileName, open.Line, open.Column);
                }
                return top;
            }
            switch (tok.Kind)
            {
                case TokKind.Open:
                    stack.Push((new List<SExpr>(), tok.Line, tok.Column, tok.Doc));
                    break;
                case TokKind.Close:
                    if (stack.Count == 0)
                    {
                        throw new WitxException("unexpected ')'", fileName, tok.Line, tok.Column);
                    }
                    var done = stack.Pop();
                    Add(new SExpr(SExprKind.List, "", done.Items, fileName, done.Line, done.Column, done.Doc));
                    break;
                default:
                    var kind = tok.Kind == TokKind.String ? SExprKind.String
                        : tok.Text.StartsWith("$", System.StringComparison.Ordinal) ? SExprKind.Id
                        : SExprKind.Word;
                    var atomText = kind == SExprKind.Id ? tok.Text.Substring(1) : tok.Text;
                    if (kind == SExprKind.Id && atomText.Length == 0)
                    {
                        throw new WitxException("empty identifier '$'", fileName, tok.Line, tok.Column);
                    }
                    Add(new SExpr(kind, atomText, null, fileName, tok.Line, tok.Column, tok.Doc));
                    break;
            }
        }

        void Add(SExpr e)
        {
            if (stack.Count == 0)
            {
                top.Add(e);
            }
            else
            {
                stack.Peek().Items.Add(e);
            }
        }
    }

    private enum TokKind { Open, Close, Atom, String, Eof }

    private readonly struct Token
    {
        public Token(TokKind kind, string text, int line, int column, string? doc)
        {
            Kind = kind;
            Text = text;
            Line = line;
            Column = column;
            Doc = doc;
        }

        public TokKind Kind { get; }
        public string Text { get; }
        public int Line { get; }
        public int Column { get; }
        public string? Doc { get; }
    }

    private sealed class Lexer
    {
        private readonly string _s;
        private readonly string? _file;
        private int _pos;
        private int _line = 1;
        private int _lineStart;
        private readonly StringBuilder _doc = new StringBuilder();
        private bool _hasDoc;

        public Lexer(string s, string? file)
        {
            _s = s;
            _file = file;
        }

        private int Column => _pos - _lineStart + 1;

        public Token Next()
        {
            SkipTrivia();
            if (_pos >= _s.Length)
            {
                return new Token(TokKind.Eof, "", _line, Column, null);
            }
            int line = _line, col = Column;
            char c = _s[_pos];
            if (c == '(')
            {
                _pos++;
                return new Token(TokKind.Open, "(", line, col, TakeDoc());
            }
            if (c == ')')
            {
                _pos++;
                // A doc comment right before ')' documents nothing; drop it.
                TakeDoc();
                return new Token(TokKind.Close, ")", line, col, null);
            }
            if (c == '"')
            {
                return new Token(TokKind.String, ReadString(line, col), line, col, TakeDoc());
            }
            int start = _pos;
            while (_pos < _s.Length && !IsDelimiter(_s[_pos]))
            {
                _pos++;
            }
            return new Token(TokKind.Atom, _s.Substring(start, _pos - start), line, col, TakeDoc());
        }

        private static bool IsDelimiter(char c) =>
            c == '(' || c == ')' || c == '"' || c == ';' || char.IsWhiteSpace(c);

        private string? TakeDoc()
        {
            if (!_hasDoc)
            {
                return null;
            }
            var d = _doc.ToString().TrimEnd('\n');
            _doc.Clear();
            _hasDoc = false;
            return d;
        }

        private void NewLine()
        {
            _line++;
            _lineStart = _pos;
        }

        private void SkipTrivia()
        {
            while (_pos < _s.Length)
            {
                char c = _s[_pos];
                if (c == '\n')
                {
                    _pos++;
                    NewLine();
                }
                else if (char.IsWhiteSpace(c))
                {
                    _pos++;
                }
                else if (c == ';' && _pos + 1 < _s.Length && _s[_pos + 1] == ';')
                {
                    bool isDoc = _pos + 2 < _s.Length && _s[_pos + 2] == ';';
                    int start = _pos + (isDoc ? 3 : 2);
                    int end = _s.IndexOf('\n', start);
                    if (end < 0)
                    {
                        end = _s.Length;
                    }
                    if (isDoc)
                    {
                        var lineText = _s.Substring(start, end - start).TrimEnd('\r');
                        if (lineText.StartsWith(" ", System.StringComparison.Ordinal))
                        {
                            lineText = lineText.Substring(1);
                        }
                        _doc.Append(lineText).Append('\n');
                        _hasDoc = true;
                    }
                    _pos = end;
                }
                else if (c == '(' && _pos + 1 < _s.Length && _s[_pos + 1] == ';')
                {
                    SkipBlockComment();
                }
                else if (c == ';')
                {
                    throw new WitxException("unexpected ';' (comments start with ';;')", _file, _line, Column);
                }
                else
                {
                    return;
                }
            }
        }

        private void SkipBlockComment()
        {
            int line = _line, col = Column;
            int depth = 0;
            while (_pos < _s.Length)
            {
                if (_s[_pos] == '(' && _pos + 1 < _s.Length && _s[_pos + 1] == ';')
                {
                    depth++;
                    _pos += 2;
                }
                else if (_s[_pos] == ';' && _pos + 1 < _s.Length && _s[_pos + 1] == ')')
                {
                    depth--;
                    _pos += 2;
                    if (depth == 0)
                    {
                        return;
                    }
                }
                else
                {
                    if (_s[_pos] == '\n')
                    {
                        _pos++;
                        NewLine();
                    }
                    else
                    {
                        _pos++;
                    }
                }
            }
            throw new WitxException("unterminated block comment '(;'", _file, line, col);
        }

        private string ReadString(int line, int col)
        {
            var sb = new StringBuilder();
            _pos++; // opening quote
            while (true)
            {
                if (_pos >= _s.Length || _s[_pos] == '\n')
                {
                    throw new WitxException("unterminated string literal", _file, line, col);
                }
                char c = _s[_pos++];
                if (c == '"')
                {
                    return sb.ToString();
                }
                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }
                if (_pos >= _s.Length)
                {
                    throw new WitxException("unterminated string literal", _file, line, col);
                }
                char e = _s[_pos++];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case '"': sb.Append('"'); break;
                    case '\'': sb.Append('\''); break;
                    case '\\': sb.Append('\\'); break;
                    default:
                        throw new WitxException($"unknown escape '\\{e}' in string", _file, _line, Column - 2);
                }
            }
        }
    }
}
