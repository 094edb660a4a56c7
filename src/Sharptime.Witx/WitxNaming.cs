using System.Collections.Generic;
using System.Text;

namespace Sharptime.Witx;

/// <summary>How witx names become C# names: <c>fd_write</c> → <c>FdWrite</c> / <c>fdWrite</c>.</summary>
public static class WitxNaming
{
    private static readonly HashSet<string> Keywords = new HashSet<string>
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary><c>subscription_u</c> → <c>SubscriptionU</c>; <c>2big</c> → <c>_2big</c>.</summary>
    public static string Pascal(string witxName)
    {
        var sb = new StringBuilder(witxName.Length);
        bool upper = true;
        foreach (var c in witxName)
        {
            if (c == '_' || c == '-')
            {
                upper = true;
                continue;
            }
            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        if (sb.Length == 0 || char.IsDigit(sb[0]))
        {
            sb.Insert(0, '_');
        }
        return sb.ToString();
    }

    /// <summary><c>fs_rights_base</c> → <c>fsRightsBase</c>; keywords are escaped (<c>in</c> → <c>@in</c>).</summary>
    public static string Camel(string witxName)
    {
        var p = Pascal(witxName);
        var s = p[0] == '_' ? p : char.ToLowerInvariant(p[0]) + p.Substring(1);
        return Escape(s);
    }

    /// <summary>A C# identifier for a witx name kept as is (used for wasm-level parameter names).</summary>
    public static string Identifier(string witxName)
    {
        var sb = new StringBuilder(witxName.Length);
        foreach (var c in witxName)
        {
            sb.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        }
        if (sb.Length == 0 || char.IsDigit(sb[0]))
        {
            sb.Insert(0, '_');
        }
        return Escape(sb.ToString());
    }

    public static string Escape(string identifier) => Keywords.Contains(identifier) ? "@" + identifier : identifier;
}
