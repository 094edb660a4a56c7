using System.Collections.Generic;

namespace Sharptime.Witx;

/// <summary>
/// Turns witx text into a <see cref="WitxDocument"/>. Names are not resolved here:
/// run <see cref="WitxResolver"/> (or <c>WitxFiles.Load</c>) afterwards.
/// </summary>
/// <remarks>
/// Accepted syntax (the subset of witx used by WASI 0.1, plus older spellings):
/// <c>(use "file.witx")</c>, <c>(typename $n TYPE)</c>, <c>(module $n ...)</c>;
/// types: builtins <c>u8 u16 u32 u64 s8 s16 s32 s64 f32 f64 char string</c>, <c>$name</c>,
/// <c>(enum (@witx tag R) $case...)</c>, <c>(flags (@witx repr R) $flag...)</c>,
/// <c>(record (field $n T)...)</c> (or <c>struct</c>), <c>(union (@witx tag $enum) T...)</c>,
/// <c>(variant (@witx tag R) (case $n T?)...)</c>, <c>(handle)</c>, <c>(list T)</c> (or <c>array</c>),
/// <c>(@witx pointer T)</c>, <c>(@witx const_pointer T)</c>, <c>(@witx char8)</c>, <c>(@witx usize)</c>,
/// <c>(expected T? (error E)?)</c>, <c>(tuple T...)</c>;
/// functions: <c>(@interface func (export "name") (param $p T)* (result $r T)* (@witx noreturn)?)</c>.
/// </remarks>
public static class WitxParser
{
    /// <summary>Parses one document.</summary>
    /// <param name="text">The witx source.</param>
    /// <param name="fileName">A name used in error messages and to resolve <c>use</c>.</param>
    /// <exception cref="WitxException">On any syntax error, with line and column.</exception>
    public static WitxDocument Parse(string text, string? fileName = null)
    {
        var forms = SExprReader.ReadAll(text, fileName);
        var uses = new List<WitxUse>();
        var types = new List<WitxTypeDef>();
        var modules = new List<WitxModule>();
        foreach (var form in forms)
        {
            if (form.IsListOf("use"))
            {
                if (form.Items.Count != 2 || form.Items[1].Kind != SExprKind.String)
                {
                    throw WitxException.At(form, "expected (use \"file.witx\")");
                }
                uses.Add(new WitxUse(form.Items[1].Text, WitxLocation.Of(form)));
            }
            else if (form.IsListOf("typename"))
            {
                types.Add(ParseTypeName(form));
            }
            else if (form.IsListOf("module"))
            {
                modules.Add(ParseModule(form));
            }
            else
            {
                throw WitxException.At(form, $"expected (use ...), (typename ...) or (module ...), found {Describe(form)}");
            }
        }
        return new WitxDocument(fileName, uses, types, modules);
    }

    private static string Describe(SExpr e)
    {
        if (e.IsList)
        {
            return e.Items.Count > 0 && !e.Items[0].IsList ? $"'({e.Items[0]} ...)'" : "a list";
        }
        return $"'{e}'";
    }

    private static string ExpectId(SExpr parent, int index, string what)
    {
        if (index >= parent.Items.Count)
        {
            throw WitxException.At(parent, $"missing {what} ($name)");
        }
        var e = parent.Items[index];
        if (e.Kind != SExprKind.Id)
        {
            throw WitxException.At(e, $"expected {what} ($name), found {Describe(e)}");
        }
        return e.Text;
    }

    private static WitxTypeDef ParseTypeName(SExpr form)
    {
        var name = ExpectId(form, 1, "type name");
        if (form.Items.Count != 3)
        {
            throw WitxException.At(form, form.Items.Count < 3
                ? $"typename ${name} has no type"
                : $"typename ${name} has more than one type");
        }
        var type = ParseType(form.Items[2]);
        return new WitxTypeDef(name, type, form.Doc, WitxLocation.Of(form));
    }

    /// <summary>Parses a type expression.</summary>
    public static WitxType ParseType(SExpr e)
    {
        switch (e.Kind)
        {
            case SExprKind.Id:
                return new WitxNamedType(e.Text, WitxLocation.Of(e));
            case SExprKind.Word:
                return ParseBuiltinWord(e) ?? throw WitxException.At(e, $"unknown type '{e.Text}'");
            case SExprKind.String:
                throw WitxException.At(e, $"expected a type, found string {e}");
        }
        if (e.Items.Count == 0)
        {
            throw WitxException.At(e, "expected a type, found ()");
        }
        var head = e.Items[0];
        if (head.Kind != SExprKind.Word)
        {
            throw WitxException.At(e, $"expected a type, found {Describe(e)}");
        }
        switch (head.Text)
        {
            case "enum":
                return ParseEnum(e);
            case "flags":
                return ParseFlags(e);
            case "record":
            case "struct":
                return ParseRecord(e);
            case "union":
                return ParseUnion(e);
            case "variant":
                return ParseVariant(e);
            case "handle":
                if (e.Items.Count > 2 || (e.Items.Count == 2 && e.Items[1].Kind != SExprKind.Id))
                {
                    throw WitxException.At(e, "expected (handle)");
                }
                return new WitxHandleType();
            case "list":
            case "array":
                if (e.Items.Count != 2)
                {
                    throw WitxException.At(e, $"expected ({head.Text} TYPE)");
                }
                return new WitxListType(ParseType(e.Items[1]));
            case "expected":
                return ParseExpected(e);
            case "tuple":
            {
                var elems = new List<WitxType>();
                for (int i = 1; i < e.Items.Count; i++)
                {
                    elems.Add(ParseType(e.Items[i]));
                }
                return new WitxTupleType(elems);
            }
            case "@witx":
                return ParseWitxAnnotationType(e);
            default:
                throw WitxException.At(head, $"unknown type constructor '{head.Text}'");
        }
    }

    private static WitxType? ParseBuiltinWord(SExpr e)
    {
        switch (e.Text)
        {
            case "u8": return new WitxBuiltinType(WitxBuiltinKind.U8);
            case "u16": return new WitxBuiltinType(WitxBuiltinKind.U16);
            case "u32": return new WitxBuiltinType(WitxBuiltinKind.U32);
            case "u64": return new WitxBuiltinType(WitxBuiltinKind.U64);
            case "s8": return new WitxBuiltinType(WitxBuiltinKind.S8);
            case "s16": return new WitxBuiltinType(WitxBuiltinKind.S16);
            case "s32": return new WitxBuiltinType(WitxBuiltinKind.S32);
            case "s64": return new WitxBuiltinType(WitxBuiltinKind.S64);
            case "f32": return new WitxBuiltinType(WitxBuiltinKind.F32);
            case "f64": return new WitxBuiltinType(WitxBuiltinKind.F64);
            case "char": return new WitxBuiltinType(WitxBuiltinKind.Char);
            case "char8": return new WitxBuiltinType(WitxBuiltinKind.Char8);
            case "usize": return new WitxBuiltinType(WitxBuiltinKind.USize);
            case "string": return new WitxStringType();
            default: return null;
        }
    }

    private static WitxType ParseWitxAnnotationType(SExpr e)
    {
        if (e.Items.Count < 2 || e.Items[1].Kind != SExprKind.Word)
        {
            throw WitxException.At(e, "expected (@witx pointer T), (@witx const_pointer T), (@witx char8) or (@witx usize)");
        }
        var what = e.Items[1].Text;
        switch (what)
        {
            case "pointer":
            case "const_pointer":
                if (e.Items.Count != 3)
                {
                    throw WitxException.At(e, $"expected (@witx {what} TYPE)");
                }
                return new WitxPointerType(ParseType(e.Items[2]), what == "const_pointer");
            case "char8":
                return new WitxBuiltinType(WitxBuiltinKind.Char8);
            case "usize":
                return new WitxBuiltinType(WitxBuiltinKind.USize);
            default:
                throw WitxException.At(e.Items[1], $"unknown annotation type '(@witx {what} ...)'");
        }
    }

    private static WitxIntRepr ParseIntRepr(SExpr e)
    {
        if (e.Kind == SExprKind.Word)
        {
            switch (e.Text)
            {
                case "u8": return WitxIntRepr.U8;
                case "u16": return WitxIntRepr.U16;
                case "u32": return WitxIntRepr.U32;
                case "u64": return WitxIntRepr.U64;
            }
        }
        throw WitxException.At(e, $"expected an integer representation (u8, u16, u32 or u64), found {Describe(e)}");
    }

    private static WitxIntRepr InferRepr(int count) =>
        count <= 0xff ? WitxIntRepr.U8 : count <= 0xffff ? WitxIntRepr.U16 : WitxIntRepr.U32;

    /// <summary>Reads an optional <c>(@witx KEY X)</c> at items[1]; returns the X node or null.</summary>
    private static SExpr? OptionalAnnotation(SExpr e, string key, ref int index)
    {
        if (e.Items.Count > index && e.Items[index].IsAnnotation("@witx", key))
        {
            var a = e.Items[index];
            if (a.Items.Count != 3)
            {
                throw WitxException.At(a, $"expected (@witx {key} X)");
            }
            index++;
            return a.Items[2];
        }
        return null;
    }

    private static List<WitxCase> ParseCases(SExpr e, int start, string what)
    {
        var cases = new List<WitxCase>();
        var seen = new HashSet<string>();
        for (int i = start; i < e.Items.Count; i++)
        {
            var c = e.Items[i];
            string name;
            SExpr at = c;
            if (c.Kind == SExprKind.Id)
            {
                name = c.Text;
            }
            else if (c.IsListOf("case") || c.IsListOf("flag"))
            {
                if (c.Items.Count != 2)
                {
                    throw WitxException.At(c, $"an {what} case takes no payload");
                }
                name = ExpectId(c, 1, $"{what} case name");
            }
            else
            {
                throw WitxException.At(c, $"expected an {what} case ($name), found {Describe(c)}");
            }
            if (!seen.Add(name))
            {
                throw WitxException.At(at, $"duplicate {what} case ${name}");
            }
            cases.Add(new WitxCase(name, c.Doc, WitxLocation.Of(c)));
        }
        return cases;
    }

    private static WitxType ParseEnum(SExpr e)
    {
        int index = 1;
        var tag = OptionalAnnotation(e, "tag", ref index);
        var cases = ParseCases(e, index, "enum");
        if (cases.Count == 0)
        {
            throw WitxException.At(e, "an enum needs at least one case");
        }
        var repr = tag is null ? InferRepr(cases.Count) : ParseIntRepr(tag);
        if (repr != WitxIntRepr.U64 && (ulong)cases.Count - 1 > MaxOf(repr))
        {
            throw WitxException.At(e, $"{cases.Count} cases do not fit the tag representation {repr.ToString().ToLowerInvariant()}");
        }
        return new WitxEnumType(repr, cases);
    }

    private static WitxType ParseFlags(SExpr e)
    {
        int index = 1;
        var reprNode = OptionalAnnotation(e, "repr", ref index);
        var flags = ParseCases(e, index, "flags");
        var repr = reprNode is null
            ? (flags.Count <= 8 ? WitxIntRepr.U8 : flags.Count <= 16 ? WitxIntRepr.U16 : flags.Count <= 32 ? WitxIntRepr.U32 : WitxIntRepr.U64)
            : ParseIntRepr(reprNode);
        if (flags.Count > Bits(repr))
        {
            throw WitxException.At(e, $"{flags.Count} flags do not fit the representation {repr.ToString().ToLowerInvariant()}");
        }
        return new WitxFlagsType(repr, flags);
    }

    internal static ulong MaxOf(WitxIntRepr r) => r switch
    {
        WitxIntRepr.U8 => 0xff,
        WitxIntRepr.U16 => 0xffff,
        WitxIntRepr.U32 => 0xffff_ffff,
        _ => ulong.MaxValue,
    };

    internal static int Bits(WitxIntRepr r) => r switch
    {
        WitxIntRepr.U8 => 8,
        WitxIntRepr.U16 => 16,
        WitxIntRepr.U32 => 32,
        _ => 64,
    };

    private static WitxType ParseRecord(SExpr e)
    {
        var fields = new List<WitxField>();
        var seen = new HashSet<string>();
        for (int i = 1; i < e.Items.Count; i++)
        {
            var f = e.Items[i];
            if (!f.IsListOf("field"))
            {
                throw WitxException.At(f, $"expected (field $name TYPE), found {Describe(f)}");
            }
            var name = ExpectId(f, 1, "field name");
            if (f.Items.Count != 3)
            {
                throw WitxException.At(f, $"field ${name} needs exactly one type");
            }
            if (!seen.Add(name))
            {
                throw WitxException.At(f, $"duplicate field ${name}");
            }
            fields.Add(new WitxField(name, ParseType(f.Items[2]), f.Doc, WitxLocation.Of(f)));
        }
        return new WitxRecordType(fields);
    }

    private static WitxType ParseUnion(SExpr e)
    {
        int index = 1;
        var tag = OptionalAnnotation(e, "tag", ref index);
        var cases = new List<WitxVariantCase>();
        for (int i = index; i < e.Items.Count; i++)
        {
            var c = e.Items[i];
            // Case names are filled in from the tag enum by the resolver; keep the index for now.
            cases.Add(new WitxVariantCase("", ParseType(c), c.Doc, WitxLocation.Of(c)));
        }
        if (cases.Count == 0)
        {
            throw WitxException.At(e, "a union needs at least one case");
        }
        WitxType tagType;
        if (tag is null)
        {
            tagType = new WitxBuiltinType(ReprToBuiltin(InferRepr(cases.Count)));
            for (int i = 0; i < cases.Count; i++)
            {
                cases[i] = new WitxVariantCase("case" + i, cases[i].Payload, cases[i].Doc, cases[i].Location);
            }
        }
        else if (tag.Kind == SExprKind.Id)
        {
            tagType = new WitxNamedType(tag.Text, WitxLocation.Of(tag));
        }
        else
        {
            tagType = new WitxBuiltinType(ReprToBuiltin(ParseIntRepr(tag)));
            for (int i = 0; i < cases.Count; i++)
            {
                cases[i] = new WitxVariantCase("case" + i, cases[i].Payload, cases[i].Doc, cases[i].Location);
            }
        }
        return new WitxVariantType(tagType, cases, isUnion: true);
    }

    internal static WitxBuiltinKind ReprToBuiltin(WitxIntRepr r) => r switch
    {
        WitxIntRepr.U8 => WitxBuiltinKind.U8,
        WitxIntRepr.U16 => WitxBuiltinKind.U16,
        WitxIntRepr.U32 => WitxBuiltinKind.U32,
        _ => WitxBuiltinKind.U64,
    };

    private static WitxType ParseVariant(SExpr e)
    {
        int index = 1;
        var tag = OptionalAnnotation(e, "tag", ref index);
        var cases = new List<WitxVariantCase>();
        var seen = new HashSet<string>();
        for (int i = index; i < e.Items.Count; i++)
        {
            var c = e.Items[i];
            if (!c.IsListOf("case"))
            {
                throw WitxException.At(c, $"expected (case $name TYPE?), found {Describe(c)}");
            }
            var name = ExpectId(c, 1, "case name");
            if (c.Items.Count > 3)
            {
                throw WitxException.At(c, $"case ${name} has more than one payload type");
            }
            if (!seen.Add(name))
            {
                throw WitxException.At(c, $"duplicate case ${name}");
            }
            var payload = c.Items.Count == 3 ? ParseType(c.Items[2]) : null;
            cases.Add(new WitxVariantCase(name, payload, c.Doc, WitxLocation.Of(c)));
        }
        if (cases.Count == 0)
        {
            throw WitxException.At(e, "a variant needs at least one case");
        }
        WitxType tagType = tag is null
            ? new WitxBuiltinType(ReprToBuiltin(InferRepr(cases.Count)))
            : tag.Kind == SExprKind.Id ? new WitxNamedType(tag.Text, WitxLocation.Of(tag))
            : new WitxBuiltinType(ReprToBuiltin(ParseIntRepr(tag)));
        return new WitxVariantType(tagType, cases, isUnion: false);
    }

    private static WitxType ParseExpected(SExpr e)
    {
        WitxType? ok = null, err = null;
        for (int i = 1; i < e.Items.Count; i++)
        {
            var item = e.Items[i];
            if (item.IsListOf("error"))
            {
                if (item.Items.Count != 2)
                {
                    throw WitxException.At(item, "expected (error TYPE)");
                }
                if (i != e.Items.Count - 1)
                {
                    throw WitxException.At(item, "(error ...) must be last in (expected ...)");
                }
                err = ParseType(item.Items[1]);
            }
            else if (i == 1)
            {
                ok = ParseType(item);
            }
            else
            {
                throw WitxException.At(item, "expected (expected OK? (error ERR)?)");
            }
        }
        return new WitxExpectedType(ok, err);
    }

    private static WitxModule ParseModule(SExpr form)
    {
        var name = ExpectId(form, 1, "module name");
        var funcs = new List<WitxFunction>();
        var memories = new List<string>();
        var seen = new HashSet<string>();
        for (int i = 2; i < form.Items.Count; i++)
        {
            var item = form.Items[i];
            if (item.IsListOf("import"))
            {
                if (item.Items.Count != 3 || item.Items[1].Kind != SExprKind.String || !item.Items[2].IsListOf("memory"))
                {
                    throw WitxException.At(item, "expected (import \"memory\" (memory))");
                }
                memories.Add(item.Items[1].Text);
            }
            else if (item.IsAnnotation("@interface", "func"))
            {
                var f = ParseFunction(item);
                if (!seen.Add(f.Name))
                {
                    throw WitxException.At(item, $"duplicate function \"{f.Name}\" in module ${name}");
                }
                funcs.Add(f);
            }
            else
            {
                throw WitxException.At(item, $"expected (import ...) or (@interface func ...) in module ${name}, found {Describe(item)}");
            }
        }
        return new WitxModule(name, funcs, memories, form.Doc, WitxLocation.Of(form));
    }

    private static WitxFunction ParseFunction(SExpr e)
    {
        if (e.Items.Count < 3 || !e.Items[2].IsListOf("export") || e.Items[2].Items.Count != 2
            || e.Items[2].Items[1].Kind != SExprKind.String)
        {
            throw WitxException.At(e, "expected (@interface func (export \"name\") ...)");
        }
        var name = e.Items[2].Items[1].Text;
        if (name.Length == 0)
        {
            throw WitxException.At(e.Items[2], "empty function name");
        }
        var ps = new List<WitxParam>();
        var rs = new List<WitxParam>();
        var names = new HashSet<string>();
        bool noReturn = false;
        for (int i = 3; i < e.Items.Count; i++)
        {
            var item = e.Items[i];
            if (item.IsListOf("param") || item.IsListOf("result"))
            {
                bool isParam = item.Items[0].Text == "param";
                var pname = ExpectId(item, 1, isParam ? "parameter name" : "result name");
                if (item.Items.Count != 3)
                {
                    throw WitxException.At(item, $"{item.Items[0].Text} ${pname} needs exactly one type");
                }
                if (isParam && rs.Count > 0)
                {
                    throw WitxException.At(item, $"param ${pname} comes after a result");
                }
                if (!names.Add(pname))
                {
                    throw WitxException.At(item, $"duplicate parameter or result ${pname} in \"{name}\"");
                }
                var p = new WitxParam(pname, ParseType(item.Items[2]), item.Doc, WitxLocation.Of(item));
                (isParam ? ps : rs).Add(p);
            }
            else if (item.IsAnnotation("@witx", "noreturn"))
            {
                noReturn = true;
            }
            else
            {
                throw WitxException.At(item, $"expected (param ...), (result ...) or (@witx noreturn) in \"{name}\", found {Describe(item)}");
            }
        }
        if (noReturn && rs.Count > 0)
        {
            throw WitxException.At(e, $"\"{name}\" is (@witx noreturn) but has results");
        }
        return new WitxFunction(name, ps, rs, noReturn, e.Doc, WitxLocation.Of(e));
    }
}
