using System.Text;

namespace Sharptime.Witx.Generator;

/// <summary>A small indenting text writer for generated C#.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    public CodeWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _sb.Append(' ', _indent * 4);
        }
        _sb.Append(text).Append('\n');
        return this;
    }

    public CodeWriter Open(string text)
    {
        Line(text);
        Line("{");
        _indent++;
        return this;
    }

    public CodeWriter Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
        return this;
    }

    /// <summary>Writes a <c>///</c> summary from a witx doc comment.</summary>
    public CodeWriter Doc(string? doc, string? fallback = null)
    {
        var text = string.IsNullOrWhiteSpace(doc) ? fallback : doc;
        if (text is null)
        {
            return this;
        }
        Line("/// <summary>");
        foreach (var l in text.Split('\n'))
        {
            Line("/// " + Xml(l.TrimEnd('\r')));
        }
        Line("/// </summary>");
        return this;
    }

    public CodeWriter ParamDoc(string name, string? doc)
    {
        if (!string.IsNullOrWhiteSpace(doc))
        {
            Line($"/// <param name=\"{name.TrimStart('@')}\">{Xml(doc!.Replace('\n', ' ').Trim())}</param>");
        }
        return this;
    }

    public static string Xml(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    public override string ToString() => _sb.ToString();
}
