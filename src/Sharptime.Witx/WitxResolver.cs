using System;
using System.Collections.Generic;

namespace Sharptime.Witx;

/// <summary>
/// Links <c>use</c> declarations, binds every <c>$name</c> to its <see cref="WitxTypeDef"/>
/// and checks the rules the parser cannot check alone (unknown or duplicate names, union tags,
/// recursive types, types functions cannot pass).
/// </summary>
public static class WitxResolver
{
    /// <summary>
    /// Resolves a set of documents. <paramref name="findUse"/> returns the document named by a
    /// <c>use</c> of <paramref name="findUse"/>'s first argument, or null when it cannot be found.
    /// </summary>
    /// <exception cref="WitxException">On the first error, with its position.</exception>
    public static void Resolve(IReadOnlyList<WitxDocument> documents, Func<WitxDocument, WitxUse, WitxDocument?> findUse)
    {
        foreach (var d in documents)
        {
            d.UsedDocumentsMutable.Clear();
            foreach (var u in d.Uses)
            {
                var used = findUse(d, u)
                    ?? throw new WitxException($"cannot find \"{u.FileName}\" named by (use ...)", u.Location.FileName, u.Location.Line, u.Location.Column);
                if (!d.UsedDocumentsMutable.Contains(used))
                {
                    d.UsedDocumentsMutable.Add(used);
                }
            }
        }
        foreach (var d in documents)
        {
            ResolveDocument(d);
        }
    }

    /// <summary>Resolves a single document that uses no other files.</summary>
    public static WitxDocument Resolve(WitxDocument document)
    {
        Resolve(new[] { document }, (d, u) => null);
        return document;
    }

    /// <summary>Parses and resolves a self-contained document (no <c>use</c>).</summary>
    public static WitxDocument ParseAndResolve(string text, string? fileName = null) =>
        Resolve(WitxParser.Parse(text, fileName));

    private static void ResolveDocument(WitxDocument doc)
    {
        var scope = new Dictionary<string, WitxTypeDef>();
        foreach (var t in doc.AllTypeDefs())
        {
            if (scope.TryGetValue(t.Name, out var previous) && !ReferenceEquals(previous, t))
            {
                throw new WitxException(
                    $"duplicate type name ${t.Name} (also declared at {previous.Location})",
                    t.Location.FileName, t.Location.Line, t.Location.Column);
            }
            scope[t.Name] = t;
        }
        foreach (var t in doc.TypeDefs)
        {
            Bind(t.Type, scope);
        }
        foreach (var m in doc.Modules)
        {
            foreach (var f in m.Functions)
            {
                foreach (var p in f.Params)
                {
                    Bind(p.Type, scope);
                }
                foreach (var r in f.Results)
                {
                    Bind(r.Type, scope);
                }
            }
        }
        // Semantic checks once everything is bound.
        foreach (var t in doc.TypeDefs)
        {
            CheckAliasCycle(t);
        }
        foreach (var t in doc.TypeDefs)
        {
            Check(t.Type, t.Location);
            // Computing the layout detects types that contain themselves.
            WitxLayout.Of(t.Type);
        }
        foreach (var m in doc.Modules)
        {
            foreach (var f in m.Functions)
            {
                foreach (var p in f.Params)
                {
                    Check(p.Type, p.Location);
                }
                foreach (var r in f.Results)
                {
                    Check(r.Type, r.Location);
                }
                // Lowering validates what a function may take and return.
                WitxAbi.Lower(f);
            }
        }
        doc.IsResolved = true;
    }

    private static void CheckAliasCycle(WitxTypeDef def)
    {
        var seen = new HashSet<WitxTypeDef> { def };
        WitxType t = def.Type;
        while (t is WitxNamedType n)
        {
            if (!seen.Add(n.Definition!))
            {
                throw new WitxException($"type ${def.Name} is an alias of itself", def.Location.FileName, def.Location.Line, def.Location.Column);
            }
            t = n.Definition!.Type;
        }
    }

    private static void Bind(WitxType type, Dictionary<string, WitxTypeDef> scope)
    {
        switch (type)
        {
            case WitxNamedType n:
                if (!scope.TryGetValue(n.Name, out var def))
                {
                    throw new WitxException($"unknown type ${n.Name}", n.Location.FileName, n.Location.Line, n.Location.Column);
                }
                n.Definition = def;
                break;
            case WitxRecordType r:
                foreach (var f in r.Fields)
                {
                    Bind(f.Type, scope);
                }
                break;
            case WitxVariantType v:
                Bind(v.Tag, scope);
                foreach (var c in v.Cases)
                {
                    if (c.Payload != null)
                    {
                        Bind(c.Payload, scope);
                    }
                }
                break;
            case WitxListType l:
                Bind(l.Element, scope);
                break;
            case WitxPointerType p:
                Bind(p.Pointee, scope);
                break;
            case WitxExpectedType e:
                if (e.Ok != null)
                {
                    Bind(e.Ok, scope);
                }
                if (e.Error != null)
                {
                    Bind(e.Error, scope);
                }
                break;
            case WitxTupleType t:
                foreach (var x in t.Elements)
                {
                    Bind(x, scope);
                }
                break;
        }
    }

    private static void Check(WitxType type, WitxLocation at)
    {
        switch (type)
        {
            case WitxVariantType v:
                CheckVariant(v, at);
                foreach (var c in v.Cases)
                {
                    if (c.Payload != null)
                    {
                        Check(c.Payload, c.Location);
                    }
                }
                break;
            case WitxRecordType r:
                foreach (var f in r.Fields)
                {
                    Check(f.Type, f.Location);
                }
                break;
            case WitxListType l:
                Check(l.Element, at);
                break;
            case WitxPointerType p:
                Check(p.Pointee, at);
                break;
            case WitxExpectedType e:
                if (e.Ok != null)
                {
                    Check(e.Ok, at);
                }
                if (e.Error != null)
                {
                    Check(e.Error, at);
                }
                break;
            case WitxTupleType t:
                foreach (var x in t.Elements)
                {
                    Check(x, at);
                }
                break;
        }
    }

    private static void CheckVariant(WitxVariantType v, WitxLocation at)
    {
        var tag = v.Tag.Resolve();
        if (tag is WitxEnumType en)
        {
            if (v.IsUnion)
            {
                if (v.Cases.Count != en.Cases.Count)
                {
                    throw new WitxException(
                        $"union has {v.Cases.Count} cases but its tag {v.Tag} has {en.Cases.Count}",
                        at.FileName, at.Line, at.Column);
                }
                for (int i = 0; i < v.Cases.Count; i++)
                {
                    v.Cases[i].Name = en.Cases[i].Name;
                }
            }
            else
            {
                if (v.Cases.Count != en.Cases.Count)
                {
                    throw new WitxException(
                        $"variant has {v.Cases.Count} cases but its tag {v.Tag} has {en.Cases.Count}",
                        at.FileName, at.Line, at.Column);
                }
                for (int i = 0; i < v.Cases.Count; i++)
                {
                    if (v.Cases[i].Name != en.Cases[i].Name)
                    {
                        var l = v.Cases[i].Location;
                        throw new WitxException(
                            $"case ${v.Cases[i].Name} does not match tag case ${en.Cases[i].Name}",
                            l.FileName, l.Line, l.Column);
                    }
                }
            }
        }
        else if (tag is WitxBuiltinType b && (b.Kind == WitxBuiltinKind.U8 || b.Kind == WitxBuiltinKind.U16 || b.Kind == WitxBuiltinKind.U32))
        {
            ulong max = b.Kind == WitxBuiltinKind.U8 ? 0xff : b.Kind == WitxBuiltinKind.U16 ? 0xffffUL : 0xffff_ffffUL;
            if ((ulong)v.Cases.Count - 1 > max)
            {
                throw new WitxException($"{v.Cases.Count} cases do not fit the tag {b}", at.FileName, at.Line, at.Column);
            }
        }
        else
        {
            throw new WitxException($"a {v} tag must be an enum, u8, u16 or u32, not {v.Tag}", at.FileName, at.Line, at.Column);
        }
    }
}
