using System.Collections.Generic;

namespace Sharptime.Witx;

/// <summary>Integer representations usable for enum tags and flags.</summary>
public enum WitxIntRepr
{
    U8,
    U16,
    U32,
    U64,
}

/// <summary>Builtin scalar types of witx.</summary>
public enum WitxBuiltinKind
{
    U8,
    U16,
    U32,
    U64,
    S8,
    S16,
    S32,
    S64,
    F32,
    F64,
    /// <summary>A byte of UTF-8 text (<c>(@witx char8)</c>).</summary>
    Char8,
    /// <summary>A Unicode scalar value (<c>char</c>), 32 bits.</summary>
    Char,
    /// <summary>A pointer-sized unsigned integer (<c>(@witx usize)</c>), 32 bits on wasm32.</summary>
    USize,
}

/// <summary>Where something was declared.</summary>
public readonly struct WitxLocation
{
    public WitxLocation(string? fileName, int line, int column)
    {
        FileName = fileName;
        Line = line;
        Column = column;
    }

    public string? FileName { get; }
    public int Line { get; }
    public int Column { get; }

    internal static WitxLocation Of(SExpr e) => new WitxLocation(e.FileName, e.Line, e.Column);

    public override string ToString() => $"{FileName ?? "<witx>"}({Line},{Column})";
}

/// <summary>Base of all witx types.</summary>
public abstract class WitxType
{
    /// <summary>Follows named references to the underlying structural type.</summary>
    public WitxType Resolve()
    {
        WitxType t = this;
        int guard = 0;
        while (t is WitxNamedType n)
        {
            if (n.Definition is null)
            {
                throw new System.InvalidOperationException($"type ${n.Name} is not resolved");
            }
            t = n.Definition.Type;
            if (++guard > 1000)
            {
                throw new System.InvalidOperationException($"type ${n.Name} is defined in terms of itself");
            }
        }
        return t;
    }
}

public sealed class WitxBuiltinType : WitxType
{
    public WitxBuiltinType(WitxBuiltinKind kind) => Kind = kind;

    public WitxBuiltinKind Kind { get; }

    public override string ToString() => Kind switch
    {
        WitxBuiltinKind.Char8 => "char8",
        WitxBuiltinKind.USize => "usize",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>A reference to a <c>typename</c> by name; <see cref="Definition"/> is set by the resolver.</summary>
public sealed class WitxNamedType : WitxType
{
    public WitxNamedType(string name, WitxLocation location)
    {
        Name = name;
        Location = location;
    }

    public string Name { get; }
    public WitxLocation Location { get; }
    public WitxTypeDef? Definition { get; internal set; }

    public override string ToString() => "$" + Name;
}

public sealed class WitxCase
{
    public WitxCase(string name, string? doc, WitxLocation location)
    {
        Name = name;
        Doc = doc;
        Location = location;
    }

    public string Name { get; }
    public string? Doc { get; }
    public WitxLocation Location { get; }
}

/// <summary><c>(enum (@witx tag u8) $a $b ...)</c>: case i has value i.</summary>
public sealed class WitxEnumType : WitxType
{
    public WitxEnumType(WitxIntRepr repr, List<WitxCase> cases)
    {
        Repr = repr;
        Cases = cases;
    }

    public WitxIntRepr Repr { get; }
    public IReadOnlyList<WitxCase> Cases { get; }

    public int IndexOf(string name)
    {
        for (int i = 0; i < Cases.Count; i++)
        {
            if (Cases[i].Name == name)
            {
                return i;
            }
        }
        return -1;
    }

    public override string ToString() => "enum";
}

/// <summary><c>(flags (@witx repr u16) $a $b ...)</c>: flag i is bit i.</summary>
public sealed class WitxFlagsType : WitxType
{
    public WitxFlagsType(WitxIntRepr repr, List<WitxCase> flags)
    {
        Repr = repr;
        Flags = flags;
    }

    public WitxIntRepr Repr { get; }
    public IReadOnlyList<WitxCase> Flags { get; }

    /// <summary>All defined bits.</summary>
    public ulong Mask => Flags.Count >= 64 ? ulong.MaxValue : (1UL << Flags.Count) - 1;

    public override string ToString() => "flags";
}

public sealed class WitxField
{
    public WitxField(string name, WitxType type, string? doc, WitxLocation location)
    {
        Name = name;
        Type = type;
        Doc = doc;
        Location = location;
    }

    public string Name { get; }
    public WitxType Type { get; }
    public string? Doc { get; }
    public WitxLocation Location { get; }
}

/// <summary><c>(record (field $name TYPE) ...)</c>, laid out like a C struct.</summary>
public sealed class WitxRecordType : WitxType
{
    public WitxRecordType(List<WitxField> fields) => Fields = fields;

    public IReadOnlyList<WitxField> Fields { get; }

    public override string ToString() => "record";
}

public sealed class WitxVariantCase
{
    public WitxVariantCase(string name, WitxType? payload, string? doc, WitxLocation location)
    {
        Name = name;
        Payload = payload;
        Doc = doc;
        Location = location;
    }

    /// <summary>The case name; for a <c>union</c> it is the tag enum's case name (set by the resolver).</summary>
    public string Name { get; internal set; }

    /// <summary>The case's payload type, or null for a case without payload.</summary>
    public WitxType? Payload { get; }
    public string? Doc { get; }
    public WitxLocation Location { get; }
}

/// <summary>
/// A tagged union: <c>(variant (@witx tag u8) (case $a TYPE) ...)</c>, or the older
/// <c>(union (@witx tag $enum) TYPE ...)</c> whose cases are named by the tag enum's cases.
/// In memory: the tag, then the payload at the maximum payload alignment.
/// </summary>
public sealed class WitxVariantType : WitxType
{
    public WitxVariantType(WitxType tag, List<WitxVariantCase> cases, bool isUnion)
    {
        Tag = tag;
        Cases = cases;
        IsUnion = isUnion;
    }

    /// <summary>The tag type: a builtin unsigned integer or a named enum.</summary>
    public WitxType Tag { get; }
    public IReadOnlyList<WitxVariantCase> Cases { get; }

    /// <summary>Written with the <c>union</c> syntax.</summary>
    public bool IsUnion { get; }

    public override string ToString() => IsUnion ? "union" : "variant";
}

/// <summary><c>(handle)</c>: an opaque 32-bit resource index.</summary>
public sealed class WitxHandleType : WitxType
{
    public override string ToString() => "handle";
}

/// <summary><c>(list TYPE)</c>: a pointer and an element count.</summary>
public sealed class WitxListType : WitxType
{
    public WitxListType(WitxType element) => Element = element;

    public WitxType Element { get; }

    public override string ToString() => "list";
}

/// <summary><c>string</c>: a pointer and a byte length of UTF-8 text.</summary>
public sealed class WitxStringType : WitxType
{
    public override string ToString() => "string";
}

/// <summary><c>(@witx pointer TYPE)</c> or <c>(@witx const_pointer TYPE)</c>: a 32-bit guest address.</summary>
public sealed class WitxPointerType : WitxType
{
    public WitxPointerType(WitxType pointee, bool isConst)
    {
        Pointee = pointee;
        IsConst = isConst;
    }

    public WitxType Pointee { get; }
    public bool IsConst { get; }

    public override string ToString() => IsConst ? "const_pointer" : "pointer";
}

/// <summary><c>(expected OK? (error ERR)?)</c>: success with an optional value, or an error.</summary>
public sealed class WitxExpectedType : WitxType
{
    public WitxExpectedType(WitxType? ok, WitxType? error)
    {
        Ok = ok;
        Error = error;
    }

    public WitxType? Ok { get; }
    public WitxType? Error { get; }

    public override string ToString() => "expected";
}

/// <summary><c>(tuple A B ...)</c>: laid out like a record with fields 0, 1, ...</summary>
public sealed class WitxTupleType : WitxType
{
    public WitxTupleType(List<WitxType> elements) => Elements = elements;

    public IReadOnlyList<WitxType> Elements { get; }

    public override string ToString() => "tuple";
}

/// <summary><c>(typename $name TYPE)</c>.</summary>
public sealed class WitxTypeDef
{
    public WitxTypeDef(string name, WitxType type, string? doc, WitxLocation location)
    {
        Name = name;
        Type = type;
        Doc = doc;
        Location = location;
    }

    public string Name { get; }
    public WitxType Type { get; }
    public string? Doc { get; }
    public WitxLocation Location { get; }

    /// <summary>The document that declares this type (set when the document is built).</summary>
    public WitxDocument? Document { get; internal set; }

    public override string ToString() => "$" + Name;
}

public sealed class WitxParam
{
    public WitxParam(string name, WitxType type, string? doc, WitxLocation location)
    {
        Name = name;
        Type = type;
        Doc = doc;
        Location = location;
    }

    public string Name { get; }
    public WitxType Type { get; }
    public string? Doc { get; }
    public WitxLocation Location { get; }
}

/// <summary><c>(@interface func (export "name") (param ...)* (result ...)* (@witx noreturn)?)</c>.</summary>
public sealed class WitxFunction
{
    public WitxFunction(string name, List<WitxParam> parameters, List<WitxParam> results, bool noReturn, string? doc, WitxLocation location)
    {
        Name = name;
        Params = parameters;
        Results = results;
        NoReturn = noReturn;
        Doc = doc;
        Location = location;
    }

    public string Name { get; }
    public IReadOnlyList<WitxParam> Params { get; }
    public IReadOnlyList<WitxParam> Results { get; }
    public bool NoReturn { get; }
    public string? Doc { get; }
    public WitxLocation Location { get; }

    public override string ToString() => Name;
}

/// <summary><c>(module $name (import "memory" (memory)) (@interface func ...)*)</c>.</summary>
public sealed class WitxModule
{
    public WitxModule(string name, List<WitxFunction> functions, List<string> memoryImports, string? doc, WitxLocation location)
    {
        Name = name;
        Functions = functions;
        MemoryImports = memoryImports;
        Doc = doc;
        Location = location;
    }

    public string Name { get; }
    public IReadOnlyList<WitxFunction> Functions { get; }

    /// <summary>Names of imported memories (<c>"memory"</c> for WASI).</summary>
    public IReadOnlyList<string> MemoryImports { get; }
    public string? Doc { get; }
    public WitxLocation Location { get; }

    public WitxFunction? FindFunction(string name)
    {
        foreach (var f in Functions)
        {
            if (f.Name == name)
            {
                return f;
            }
        }
        return null;
    }
}

/// <summary>A <c>(use "file.witx")</c> declaration.</summary>
public sealed class WitxUse
{
    public WitxUse(string fileName, WitxLocation location)
    {
        FileName = fileName;
        Location = location;
    }

    public string FileName { get; }
    public WitxLocation Location { get; }
}

/// <summary>One parsed witx file: its own type definitions and modules, and the files it uses.</summary>
public sealed class WitxDocument
{
    private readonly List<WitxDocument> _usedDocuments = new List<WitxDocument>();

    public WitxDocument(string? fileName, List<WitxUse> uses, List<WitxTypeDef> typeDefs, List<WitxModule> modules)
    {
        FileName = fileName;
        Uses = uses;
        TypeDefs = typeDefs;
        Modules = modules;
        foreach (var t in typeDefs)
        {
            t.Document = this;
        }
    }

    public string? FileName { get; }
    public IReadOnlyList<WitxUse> Uses { get; }

    /// <summary>The type definitions written in this file (not the ones it uses).</summary>
    public IReadOnlyList<WitxTypeDef> TypeDefs { get; }
    public IReadOnlyList<WitxModule> Modules { get; }

    /// <summary>Documents named by <see cref="Uses"/>, filled by <see cref="WitxResolver"/>.</summary>
    public IReadOnlyList<WitxDocument> UsedDocuments => _usedDocuments;

    /// <summary>True once <see cref="WitxResolver.Resolve"/> has run.</summary>
    public bool IsResolved { get; internal set; }

    internal List<WitxDocument> UsedDocumentsMutable => _usedDocuments;

    /// <summary>All type definitions visible here: own ones and those of used documents (transitively).</summary>
    public IEnumerable<WitxTypeDef> AllTypeDefs()
    {
        var seen = new HashSet<WitxDocument>();
        var result = new List<WitxTypeDef>();
        Collect(this, seen, result);
        return result;
    }

    private static void Collect(WitxDocument d, HashSet<WitxDocument> seen, List<WitxTypeDef> result)
    {
        if (!seen.Add(d))
        {
            return;
        }
        foreach (var u in d._usedDocuments)
        {
            Collect(u, seen, result);
        }
        result.AddRange(d.TypeDefs);
    }

    public WitxTypeDef? FindType(string name)
    {
        foreach (var t in AllTypeDefs())
        {
            if (t.Name == name)
            {
                return t;
            }
        }
        return null;
    }

    public WitxModule? FindModule(string name)
    {
        foreach (var m in Modules)
        {
            if (m.Name == name)
            {
                return m;
            }
        }
        return null;
    }
}
