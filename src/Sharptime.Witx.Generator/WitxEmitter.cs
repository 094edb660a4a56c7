using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace Sharptime.Witx.Generator;

/// <summary>
/// Parses and resolves a set of witx files and writes the C# for each: types, a
/// <c>GuestCodec</c> with checked readers and writers, one interface and one glue class per module.
/// Independent of Roslyn so tests (and tools) can call it directly.
/// </summary>
public static class WitxEmitter
{
    private const string Rt = "global::Sharptime.Witx.Runtime.";
    private const string Mem = Rt + "GuestMemory";
    private const string Logger = "global::Microsoft.Extensions.Logging.ILogger";

    public static GenerationResult Generate(IReadOnlyList<WitxInputFile> inputs, string defaultNamespace, CancellationToken ct = default)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var sources = new List<GeneratedSource>();
        var docs = new Dictionary<WitxInputFile, WitxDocument>();

        foreach (var input in inputs)
        {
            ct.ThrowIfCancellationRequested();
            if (input.Text is null)
            {
                diagnostics.Add(new DiagnosticInfo(Diagnostics.WitxError.Id, $"cannot read {input.Path}", input.Path, 0, 0));
                continue;
            }
            try
            {
                docs[input] = WitxParser.Parse(input.Text, input.Path);
            }
            catch (WitxException e)
            {
                diagnostics.Add(ToDiagnostic(Diagnostics.WitxError.Id, e, input.Path));
            }
        }

        // Resolve (use ...) among the inputs.
        var byDoc = docs.ToDictionary(kv => kv.Value, kv => kv.Key);
        var uses = new Dictionary<(WitxDocument, WitxUse), WitxDocument>();
        var failed = new HashSet<WitxDocument>();
        foreach (var kv in docs)
        {
            foreach (var u in kv.Value.Uses)
            {
                var target = FindUse(kv.Key, u.FileName, docs.Keys, out var problem);
                if (target is null)
                {
                    diagnostics.Add(new DiagnosticInfo(Diagnostics.UseNotFound.Id, problem!, kv.Key.Path, u.Location.Line, u.Location.Column));
                    failed.Add(kv.Value);
                }
                else
                {
                    uses[(kv.Value, u)] = docs[target];
                }
            }
        }

        var resolved = new HashSet<WitxDocument>();
        var visiting = new HashSet<WitxDocument>();
        foreach (var doc in docs.Values)
        {
            ResolveInOrder(doc);
        }

        var hintNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var kv in docs)
        {
            ct.ThrowIfCancellationRequested();
            if (!resolved.Contains(kv.Value))
            {
                continue;
            }
            var ns = kv.Key.Namespace ?? defaultNamespace;
            try
            {
                var emitter = new FileEmitter(kv.Value, d => byDoc.TryGetValue(d, out var i) ? i.Namespace ?? defaultNamespace : defaultNamespace,
                    kv.Key.LogCategory ?? ns);
                var text = emitter.Emit(ns);
                var baseName = ns + "." + FileNameWithoutExtension(kv.Key.Path);
                var hint = baseName + ".g.cs";
                for (int i = 2; !hintNames.Add(hint); i++)
                {
                    hint = baseName + "_" + i.ToString(CultureInfo.InvariantCulture) + ".g.cs";
                }
                sources.Add(new GeneratedSource(hint, text));
            }
            catch (WitxException e)
            {
                diagnostics.Add(ToDiagnostic(Diagnostics.Unsupported.Id, e, kv.Key.Path));
            }
        }
        return new GenerationResult(sources.ToImmutableArray(), diagnostics.ToImmutableArray());

        bool ResolveInOrder(WitxDocument doc)
        {
            if (resolved.Contains(doc))
            {
                return true;
            }
            if (failed.Contains(doc))
            {
                return false;
            }
            if (!visiting.Add(doc))
            {
                // A cycle of uses: the types are all visible to each other anyway.
                return true;
            }
            foreach (var u in doc.Uses)
            {
                if (uses.TryGetValue((doc, u), out var used) && !ResolveInOrder(used))
                {
                    failed.Add(doc);
                    return false;
                }
            }
            try
            {
                WitxResolver.Resolve(new[] { doc }, (d, u) => uses.TryGetValue((d, u), out var t) ? t : null);
                resolved.Add(doc);
                return true;
            }
            catch (WitxException e)
            {
                diagnostics.Add(ToDiagnostic(Diagnostics.WitxError.Id, e, byDoc[doc].Path));
                failed.Add(doc);
                return false;
            }
        }
    }

    private static DiagnosticInfo ToDiagnostic(string id, WitxException e, string path) =>
        new(id, e.Reason, e.FileName ?? path, e.Line, e.Column);

    private static string FileNameWithoutExtension(string path)
    {
        var name = FileName(path);
        int dot = name.LastIndexOf('.');
        return dot > 0 ? name.Substring(0, dot) : name;
    }

    private static string FileName(string path)
    {
        int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return path.Substring(slash + 1);
    }

    /// <summary>Normalizes a path: forward slashes, no <c>.</c> or <c>..</c> segments.</summary>
    private static string Normalize(string path)
    {
        var parts = path.Replace('\\', '/').Split('/');
        var stack = new List<string>();
        for (int i = 0; i < parts.Length; i++)
        {
            var p = parts[i];
            if (p == "." || (p.Length == 0 && i > 0))
            {
                continue;
            }
            if (p == ".." && stack.Count > 0 && stack[stack.Count - 1] != "..")
            {
                stack.RemoveAt(stack.Count - 1);
                continue;
            }
            stack.Add(p);
        }
        return string.Join("/", stack);
    }

    private static WitxInputFile? FindUse(WitxInputFile from, string useName, IEnumerable<WitxInputFile> candidates, out string? problem)
    {
        problem = null;
        var all = candidates.ToList();
        var fromPath = from.Path.Replace('\\', '/');
        int slash = fromPath.LastIndexOf('/');
        var dir = slash >= 0 ? fromPath.Substring(0, slash + 1) : "";
        var wanted = Normalize(dir + useName);
        var exact = all.Where(c => string.Equals(Normalize(c.Path), wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count >= 1)
        {
            return exact[0];
        }
        var name = FileName(useName);
        var byName = all.Where(c => string.Equals(FileName(c.Path), name, StringComparison.OrdinalIgnoreCase) && c != from).ToList();
        if (byName.Count == 1)
        {
            return byName[0];
        }
        if (byName.Count > 1)
        {
            var sameNs = byName.Where(c => c.Namespace == from.Namespace).ToList();
            if (sameNs.Count == 1)
            {
                return sameNs[0];
            }
            problem = $"(use \"{useName}\") is ambiguous: several AdditionalFiles are named {name} ({string.Join(", ", byName.Select(c => c.Path))}); put the used file beside the using one";
            return null;
        }
        problem = $"(use \"{useName}\"): no AdditionalFiles item is named {name}; add it as <AdditionalFiles Include=\"...{name}\" />";
        return null;
    }

    /// <summary>Writes the C# for one witx document.</summary>
    private sealed class FileEmitter
    {
        private readonly WitxDocument _doc;
        private readonly Func<WitxDocument, string> _namespaceOf;
        private readonly string _logCategory;
        private readonly CodeWriter _w = new();

        public FileEmitter(WitxDocument doc, Func<WitxDocument, string> namespaceOf, string logCategory)
        {
            _doc = doc;
            _namespaceOf = namespaceOf;
            _logCategory = logCategory;
        }

        public string Emit(string ns)
        {
            var w = _w;
            w.Line("// <auto-generated/>");
            w.Line($"// Generated by Sharptime.Witx.Generator from {FileName(_doc.FileName ?? "?")}. Do not edit.");
            w.Line("#nullable enable");
            w.Line("#pragma warning disable CS0164 // labels not referenced in some functions");
            w.Line();
            w.Open($"namespace {ns}");
            foreach (var def in _doc.TypeDefs)
            {
                EmitType(def);
            }
            EmitCodec();
            foreach (var m in _doc.Modules)
            {
                EmitInterface(m);
                EmitGlue(m);
            }
            w.Close();
            return w.ToString();
        }

        // ----- names and C# types ---------------------------------------------------------

        /// <summary>The typename holding the structural type of <paramref name="t"/> (following aliases), or null.</summary>
        private static WitxTypeDef? NominalDef(WitxType t)
        {
            while (t is WitxNamedType n)
            {
                if (n.Definition!.Type is not WitxNamedType)
                {
                    return n.Definition;
                }
                t = n.Definition.Type;
            }
            return null;
        }

        /// <summary>True for kinds that get a C# type of their own.</summary>
        private static bool IsNominalKind(WitxType resolved) =>
            resolved is WitxEnumType || resolved is WitxFlagsType || resolved is WitxRecordType
            || resolved is WitxVariantType || resolved is WitxHandleType;

        private string NsOf(WitxTypeDef def) => _namespaceOf(def.Document!);

        private string TypeName(WitxTypeDef def) => "global::" + NsOf(def) + "." + WitxNaming.Pascal(def.Name);

        private string CodecOf(WitxTypeDef def) => "global::" + NsOf(def) + ".GuestCodec";

        /// <summary>The C# type of a witx type; <paramref name="inMemory"/> maps strings to GuestString.</summary>
        private string CsType(WitxType t, bool inMemory, WitxLocation at)
        {
            var r = t.Resolve();
            var def = NominalDef(t);
            if (def != null && IsNominalKind(r))
            {
                return TypeName(def);
            }
            switch (r)
            {
                case WitxBuiltinType b:
                    return Builtin(b.Kind);
                case WitxPointerType p:
                    return Rt + "GuestPtr<" + CsType(p.Pointee, true, at) + ">";
                case WitxListType l:
                    return Rt + "GuestList<" + CsType(l.Element, true, at) + ">";
                case WitxStringType:
                    return inMemory ? Rt + "GuestString" : "string";
                default:
                    throw new WitxException(
                        IsNominalKind(r)
                            ? $"an anonymous {r} has no C# name: declare it with (typename $name ...)"
                            : $"a {r} is not supported here by the C# generator",
                        at.FileName, at.Line, at.Column);
            }
        }

        private static string Builtin(WitxBuiltinKind k) => k switch
        {
            WitxBuiltinKind.U8 or WitxBuiltinKind.Char8 => "byte",
            WitxBuiltinKind.U16 => "ushort",
            WitxBuiltinKind.U32 or WitxBuiltinKind.USize or WitxBuiltinKind.Char => "uint",
            WitxBuiltinKind.U64 => "ulong",
            WitxBuiltinKind.S8 => "sbyte",
            WitxBuiltinKind.S16 => "short",
            WitxBuiltinKind.S32 => "int",
            WitxBuiltinKind.S64 => "long",
            WitxBuiltinKind.F32 => "float",
            _ => "double",
        };

        private static string MemSuffix(WitxBuiltinKind k) => k switch
        {
            WitxBuiltinKind.U8 or WitxBuiltinKind.Char8 => "U8",
            WitxBuiltinKind.U16 => "U16",
            WitxBuiltinKind.U32 or WitxBuiltinKind.USize or WitxBuiltinKind.Char => "U32",
            WitxBuiltinKind.U64 => "U64",
            WitxBuiltinKind.S8 => "S8",
            WitxBuiltinKind.S16 => "S16",
            WitxBuiltinKind.S32 => "S32",
            WitxBuiltinKind.S64 => "S64",
            WitxBuiltinKind.F32 => "F32",
            _ => "F64",
        };

        private static string ReprKeyword(WitxIntRepr r) => r switch
        {
            WitxIntRepr.U8 => "byte",
            WitxIntRepr.U16 => "ushort",
            WitxIntRepr.U32 => "uint",
            _ => "ulong",
        };

        private static string ReprSuffix(WitxIntRepr r) => r switch
        {
            WitxIntRepr.U8 => "U8",
            WitxIntRepr.U16 => "U16",
            WitxIntRepr.U32 => "U32",
            _ => "U64",
        };

        private static string U(uint v) => v.ToString(CultureInfo.InvariantCulture) + "u";

        /// <summary>An expression reading a value of type <paramref name="t"/> at <paramref name="off"/> (bounds checked, not alignment).</summary>
        private string ReadExpr(WitxType t, string mem, string off, WitxLocation at)
        {
            var r = t.Resolve();
            var def = NominalDef(t);
            if (def != null && IsNominalKind(r))
            {
                return $"{CodecOf(def)}.Read{WitxNaming.Pascal(def.Name)}({mem}, {off})";
            }
            switch (r)
            {
                case WitxBuiltinType b:
                    return $"{mem}.Read{MemSuffix(b.Kind)}({off})";
                case WitxPointerType:
                    return $"new {CsType(t, true, at)}({mem}.ReadU32({off}))";
                case WitxListType:
                case WitxStringType:
                    return $"new {CsType(t, true, at)}({mem}.ReadU32({off}), {mem}.ReadU32(({off}) + 4u))";
                default:
                    throw new WitxException($"cannot read a {r} from memory", at.FileName, at.Line, at.Column);
            }
        }

        /// <summary>A statement writing <paramref name="value"/> of type <paramref name="t"/> at <paramref name="off"/>.</summary>
        private string WriteStmt(WitxType t, string mem, string off, string value, WitxLocation at)
        {
            var r = t.Resolve();
            var def = NominalDef(t);
            if (def != null && IsNominalKind(r))
            {
                return $"{CodecOf(def)}.Write{WitxNaming.Pascal(def.Name)}({mem}, {off}, {value});";
            }
            switch (r)
            {
                case WitxBuiltinType b:
                    return $"{mem}.Write{MemSuffix(b.Kind)}({off}, {value});";
                case WitxPointerType:
                    return $"{mem}.WriteU32({off}, {value}.Offset);";
                case WitxListType:
                case WitxStringType:
                    return $"{mem}.WriteU32({off}, {value}.Offset); {mem}.WriteU32(({off}) + 4u, {value}.Length);";
                default:
                    throw new WitxException($"cannot write a {r} to memory", at.FileName, at.Line, at.Column);
            }
        }

        // ----- types ---------------------------------------------------------------------

        private void EmitType(WitxTypeDef def)
        {
            var name = WitxNaming.Pascal(def.Name);
            switch (def.Type)
            {
                case WitxEnumType e:
                    _w.Doc(def.Doc, $"The witx enum <c>${def.Name}</c>.");
                    _w.Open($"public enum {name} : {ReprKeyword(e.Repr)}");
                    for (int i = 0; i < e.Cases.Count; i++)
                    {
                        _w.Doc(e.Cases[i].Doc);
                        _w.Line($"{WitxNaming.Pascal(e.Cases[i].Name)} = {i},");
                    }
                    _w.Close().Line();
                    break;
                case WitxFlagsType f:
                    _w.Doc(def.Doc, $"The witx flags <c>${def.Name}</c>.");
                    _w.Line("[global::System.Flags]");
                    _w.Open($"public enum {name} : {ReprKeyword(f.Repr)}");
                    for (int i = 0; i < f.Flags.Count; i++)
                    {
                        _w.Doc(f.Flags[i].Doc);
                        _w.Line($"{WitxNaming.Pascal(f.Flags[i].Name)} = 0x{(1UL << i).ToString("x", CultureInfo.InvariantCulture)}{(f.Repr == WitxIntRepr.U64 ? "UL" : "")},");
                    }
                    _w.Close().Line();
                    break;
                case WitxHandleType:
                    _w.Doc(def.Doc, $"The witx handle <c>${def.Name}</c>.");
                    _w.Open($"public readonly partial record struct {name}(uint Value)");
                    _w.Line("public override string ToString() => Value.ToString(global::System.Globalization.CultureInfo.InvariantCulture);");
                    _w.Close().Line();
                    break;
                case WitxRecordType r:
                    EmitRecord(def, name, r);
                    break;
                case WitxVariantType v:
                    EmitVariant(def, name, v);
                    break;
                default:
                    // Aliases of builtins, lists, pointers and strings are used structurally.
                    break;
            }
        }

        private static string Unique(string candidate, HashSet<string> used)
        {
            var n = candidate;
            while (!used.Add(n))
            {
                n += "_";
            }
            return n;
        }

        private List<string> RecordPropertyNames(string typeName, WitxRecordType r)
        {
            var used = new HashSet<string> { typeName, "GuestSize", "GuestAlign" };
            var names = new List<string>();
            foreach (var f in r.Fields)
            {
                names.Add(Unique(WitxNaming.Pascal(f.Name), used));
            }
            return names;
        }

        private void EmitRecord(WitxTypeDef def, string name, WitxRecordType r)
        {
            var layout = WitxLayout.Of(r);
            var offsets = WitxLayout.FieldOffsets(r);
            var props = RecordPropertyNames(name, r);
            var used = new HashSet<string>(props) { name, "GuestSize", "GuestAlign" };
            _w.Doc(def.Doc, $"The witx record <c>${def.Name}</c>.");
            _w.Line($"/// <remarks>In guest memory: {layout.Size} bytes, aligned to {layout.Align}.</remarks>");
            _w.Open($"public partial record struct {name}");
            _w.Line($"/// <summary>Size in guest memory.</summary>");
            _w.Line($"public const uint GuestSize = {layout.Size};");
            _w.Line($"/// <summary>Alignment in guest memory.</summary>");
            _w.Line($"public const uint GuestAlign = {layout.Align};");
            for (int i = 0; i < r.Fields.Count; i++)
            {
                var constName = Unique(props[i] + "Offset", used);
                _w.Line($"/// <summary>Offset of <see cref=\"{props[i]}\"/> in guest memory.</summary>");
                _w.Line($"public const uint {constName} = {offsets[i]};");
            }
            for (int i = 0; i < r.Fields.Count; i++)
            {
                var f = r.Fields[i];
                _w.Doc(f.Doc);
                _w.Line($"public {CsType(f.Type, true, f.Location)} {props[i]} {{ get; set; }}");
            }
            _w.Close().Line();
        }

        private sealed class VariantInfo
        {
            public string TagType = "";
            public string TagRaw = "";
            public bool TagIsEnum;
            public List<string> CaseMembers = new();
            public List<string> CaseTags = new();
            public List<string> Fields = new();
        }

        private VariantInfo Describe(WitxTypeDef def, string name, WitxVariantType v)
        {
            var info = new VariantInfo();
            var tag = v.Tag.Resolve();
            var tagDef = NominalDef(v.Tag);
            if (tag is WitxEnumType en && tagDef != null)
            {
                info.TagType = TypeName(tagDef);
                info.TagRaw = ReprSuffix(en.Repr);
                info.TagIsEnum = true;
            }
            else
            {
                var b = (WitxBuiltinType)tag;
                info.TagType = name + "Kind";
                info.TagRaw = MemSuffix(b.Kind);
            }
            var used = new HashSet<string> { name, "Tag", "GuestSize", "GuestAlign", "PayloadOffset", "ToString", "Equals", "GetHashCode" };
            foreach (var c in v.Cases)
            {
                var member = Unique(WitxNaming.Pascal(c.Name), used);
                info.CaseMembers.Add(member);
                used.Add("Is" + member);
                used.Add("As" + member);
                info.CaseTags.Add(info.TagType + "." + WitxNaming.Pascal(c.Name));
                info.Fields.Add("_" + char.ToLowerInvariant(member[0]) + member.Substring(1));
            }
            return info;
        }

        private void EmitVariant(WitxTypeDef def, string name, WitxVariantType v)
        {
            var layout = WitxLayout.Of(v);
            var info = Describe(def, name, v);
            if (!info.TagIsEnum)
            {
                var tagKeyword = Builtin(((WitxBuiltinType)v.Tag.Resolve()).Kind);
                _w.Doc($"Cases of <see cref=\"{name}\"/>.");
                _w.Open($"public enum {info.TagType} : {tagKeyword}");
                for (int i = 0; i < v.Cases.Count; i++)
                {
                    _w.Line($"{WitxNaming.Pascal(v.Cases[i].Name)} = {i},");
                }
                _w.Close().Line();
            }
            var payloadCases = Enumerable.Range(0, v.Cases.Count).Where(i => v.Cases[i].Payload != null).ToList();
            _w.Doc(def.Doc, $"The witx {v} <c>${def.Name}</c>.");
            _w.Line($"/// <remarks>In guest memory: {layout.Size} bytes, aligned to {layout.Align}; the tag, then the payload at offset {WitxLayout.PayloadOffset(v)}.</remarks>");
            _w.Open($"public readonly partial struct {name} : global::System.IEquatable<{name}>");
            _w.Line($"/// <summary>Size in guest memory.</summary>");
            _w.Line($"public const uint GuestSize = {layout.Size};");
            _w.Line($"/// <summary>Alignment in guest memory.</summary>");
            _w.Line($"public const uint GuestAlign = {layout.Align};");
            _w.Line($"/// <summary>Offset of the payload in guest memory.</summary>");
            _w.Line($"public const uint PayloadOffset = {WitxLayout.PayloadOffset(v)};");
            _w.Line();
            foreach (var i in payloadCases)
            {
                var c = v.Cases[i];
                _w.Line($"private readonly {CsType(c.Payload!, true, c.Location)} {info.Fields[i]};");
            }
            var ctorParams = string.Join("", payloadCases.Select(i => $", {CsType(v.Cases[i].Payload!, true, v.Cases[i].Location)} {WitxNaming.Escape(info.Fields[i].Substring(1))}"));
            _w.Line();
            _w.Open($"private {name}({info.TagType} tag{ctorParams})");
            _w.Line("Tag = tag;");
            foreach (var i in payloadCases)
            {
                _w.Line($"{info.Fields[i]} = {WitxNaming.Escape(info.Fields[i].Substring(1))};");
            }
            _w.Close();
            _w.Line();
            _w.Line("/// <summary>Which case this is.</summary>");
            _w.Line($"public {info.TagType} Tag {{ get; }}");
            for (int i = 0; i < v.Cases.Count; i++)
            {
                var c = v.Cases[i];
                var member = info.CaseMembers[i];
                var args = string.Join("", payloadCases.Select(j => j == i ? ", value" : ", default"));
                _w.Line();
                _w.Doc(c.Doc, $"The case <c>{c.Name}</c>.");
                if (c.Payload != null)
                {
                    var pt = CsType(c.Payload, true, c.Location);
                    _w.Line($"public static {name} {member}({pt} value) => new({info.CaseTags[i]}{args});");
                    _w.Line($"/// <summary>True for the case <c>{c.Name}</c>.</summary>");
                    _w.Line($"public bool Is{member} => Tag == {info.CaseTags[i]};");
                    _w.Line($"/// <summary>The payload of the case <c>{c.Name}</c>; throws for another case.</summary>");
                    _w.Line($"public {pt} As{member} => Tag == {info.CaseTags[i]} ? {info.Fields[i]} : throw new global::System.InvalidOperationException(\"{name} is \" + Tag + \", not {c.Name}\");");
                }
                else
                {
                    _w.Line($"public static {name} {member} => new({info.CaseTags[i]}{args});");
                    _w.Line($"/// <summary>True for the case <c>{c.Name}</c>.</summary>");
                    _w.Line($"public bool Is{member} => Tag == {info.CaseTags[i]};");
                }
            }
            _w.Line();
            _w.Open($"public bool Equals({name} other)");
            _w.Line("if (Tag != other.Tag) return false;");
            _w.Open("switch (Tag)");
            foreach (var i in payloadCases)
            {
                _w.Line($"case {info.CaseTags[i]}: return {info.Fields[i]}.Equals(other.{info.Fields[i]});");
            }
            _w.Line("default: return true;");
            _w.Close();
            _w.Close();
            _w.Line($"public override bool Equals(object? obj) => obj is {name} other && Equals(other);");
            _w.Open("public override int GetHashCode()");
            _w.Open("switch (Tag)");
            foreach (var i in payloadCases)
            {
                _w.Line($"case {info.CaseTags[i]}: return global::System.HashCode.Combine(Tag, {info.Fields[i]});");
            }
            _w.Line("default: return Tag.GetHashCode();");
            _w.Close();
            _w.Close();
            _w.Line($"public static bool operator ==({name} left, {name} right) => left.Equals(right);");
            _w.Line($"public static bool operator !=({name} left, {name} right) => !left.Equals(right);");
            _w.Open("public override string ToString()");
            _w.Open("switch (Tag)");
            foreach (var i in payloadCases)
            {
                _w.Line($"case {info.CaseTags[i]}: return \"{v.Cases[i].Name}(\" + {info.Fields[i]}.ToString() + \")\";");
            }
            _w.Line("default: return Tag.ToString();");
            _w.Close();
            _w.Close();
            _w.Close().Line();
        }

        // ----- codec ---------------------------------------------------------------------

        private void EmitCodec()
        {
            var defs = _doc.TypeDefs.Where(d => IsNominalKind(d.Type)).ToList();
            if (defs.Count == 0)
            {
                return;
            }
            _w.Doc("Checked reads and writes of this namespace's witx types in guest memory. " +
                   "ReadX/WriteX check bounds; the pointer and list extension methods also check alignment. " +
                   "Readers throw GuestValueException for invalid enum values or flag bits.");
            _w.Open("public static partial class GuestCodec");
            foreach (var def in defs)
            {
                EmitCodecFor(def);
            }
            _w.Close().Line();
        }

        private void EmitCodecFor(WitxTypeDef def)
        {
            var name = WitxNaming.Pascal(def.Name);
            var t = TypeName(def);
            var layout = WitxLayout.Of(def.Type);
            var size = U(layout.Size);
            var align = U(layout.Align);
            _w.Line($"// ${def.Name}");
            switch (def.Type)
            {
                case WitxEnumType e:
                {
                    var kw = ReprKeyword(e.Repr);
                    var suffix = ReprSuffix(e.Repr);
                    _w.Line($"/// <summary>True when <paramref name=\"value\"/> is one of the cases of <see cref=\"{t}\"/>.</summary>");
                    _w.Line($"public static bool IsValid(this {t} value) => ({kw})value < {e.Cases.Count};");
                    _w.Line($"/// <summary>The witx name of the case (for example <c>{e.Cases[0].Name}</c>).</summary>");
                    _w.Open($"public static string WitxName(this {t} value)");
                    _w.Open("switch (value)");
                    foreach (var c in e.Cases)
                    {
                        _w.Line($"case {t}.{WitxNaming.Pascal(c.Name)}: return \"{c.Name}\";");
                    }
                    _w.Line($"default: return (({kw})value).ToString(global::System.Globalization.CultureInfo.InvariantCulture);");
                    _w.Close().Close();
                    var traceName = def.Name == "errno"
                        ? "\"E\" + WitxName(value).ToUpperInvariant()"
                        : "WitxName(value)";
                    _w.Line($"/// <summary>The name used in trace lines ({(def.Name == "errno" ? "<c>ESUCCESS</c>, <c>EBADF</c>..." : "the witx name")}).</summary>");
                    _w.Line($"public static string TraceName(this {t} value) => IsValid(value) ? {traceName} : (({kw})value).ToString(global::System.Globalization.CultureInfo.InvariantCulture);");
                    _w.Open($"public static {t} Read{name}({Mem} memory, uint offset)");
                    _w.Line($"var raw = memory.Read{suffix}(offset);");
                    _w.Line($"if (raw >= {e.Cases.Count}) throw {Rt}GuestValueException.InvalidEnum(\"{def.Name}\", raw);");
                    _w.Line($"return ({t})raw;");
                    _w.Close();
                    _w.Line($"public static void Write{name}({Mem} memory, uint offset, {t} value) => memory.Write{suffix}(offset, ({kw})value);");
                    break;
                }
                case WitxFlagsType f:
                {
                    var kw = ReprKeyword(f.Repr);
                    var suffix = ReprSuffix(f.Repr);
                    var mask = "0x" + f.Mask.ToString("x", CultureInfo.InvariantCulture) + (f.Repr == WitxIntRepr.U64 ? "UL" : "u");
                    _w.Line($"/// <summary>All bits defined for <see cref=\"{t}\"/>.</summary>");
                    _w.Line($"public const {kw} {name}Mask = unchecked(({kw}){mask});");
                    _w.Line($"/// <summary>True when <paramref name=\"value\"/> has only defined bits.</summary>");
                    _w.Line($"public static bool IsValid(this {t} value) => (({kw})value & ~{name}Mask) == 0;");
                    _w.Open($"public static {t} Read{name}({Mem} memory, uint offset)");
                    _w.Line($"var raw = memory.Read{suffix}(offset);");
                    _w.Line($"if ((raw & ~{name}Mask) != 0) throw {Rt}GuestValueException.InvalidFlags(\"{def.Name}\", raw);");
                    _w.Line($"return ({t})raw;");
                    _w.Close();
                    _w.Line($"public static void Write{name}({Mem} memory, uint offset, {t} value) => memory.Write{suffix}(offset, ({kw})value);");
                    break;
                }
                case WitxHandleType:
                    _w.Line($"public static {t} Read{name}({Mem} memory, uint offset) => new {t}(memory.ReadU32(offset));");
                    _w.Line($"public static void Write{name}({Mem} memory, uint offset, {t} value) => memory.WriteU32(offset, value.Value);");
                    break;
                case WitxRecordType r:
                {
                    var offsets = WitxLayout.FieldOffsets(r);
                    var props = RecordPropertyNames(name, r);
                    _w.Open($"public static {t} Read{name}({Mem} memory, uint offset)");
                    _w.Line($"memory.CheckBounds(offset, {size});");
                    _w.Line($"var value = new {t}();");
                    for (int i = 0; i < r.Fields.Count; i++)
                    {
                        _w.Line($"value.{props[i]} = {ReadExpr(r.Fields[i].Type, "memory", $"offset + {U(offsets[i])}", r.Fields[i].Location)};");
                    }
                    _w.Line("return value;");
                    _w.Close();
                    _w.Open($"public static void Write{name}({Mem} memory, uint offset, {t} value)");
                    _w.Line($"memory.CheckBounds(offset, {size});");
                    for (int i = 0; i < r.Fields.Count; i++)
                    {
                        _w.Line(WriteStmt(r.Fields[i].Type, "memory", $"offset + {U(offsets[i])}", $"value.{props[i]}", r.Fields[i].Location));
                    }
                    _w.Close();
                    break;
                }
                case WitxVariantType v:
                {
                    var info = Describe(def, name, v);
                    var payload = U(WitxLayout.PayloadOffset(v));
                    var tagName = v.Tag is WitxNamedType tn ? tn.Name : def.Name + " tag";
                    _w.Open($"public static {t} Read{name}({Mem} memory, uint offset)");
                    _w.Line($"memory.CheckBounds(offset, {size});");
                    _w.Line($"var tag = memory.Read{info.TagRaw}(offset);");
                    _w.Open("switch (tag)");
                    for (int i = 0; i < v.Cases.Count; i++)
                    {
                        var c = v.Cases[i];
                        var value = c.Payload is null ? "" : ReadExpr(c.Payload, "memory", $"offset + {payload}", c.Location);
                        _w.Line(c.Payload is null
                            ? $"case {i}: return {t}.{info.CaseMembers[i]};"
                            : $"case {i}: return {t}.{info.CaseMembers[i]}({value});");
                    }
                    _w.Line($"default: throw {Rt}GuestValueException.InvalidEnum(\"{tagName}\", tag);");
                    _w.Close();
                    _w.Close();
                    _w.Open($"public static void Write{name}({Mem} memory, uint offset, {t} value)");
                    _w.Line($"memory.CheckBounds(offset, {size});");
                    var rawType = info.TagRaw switch { "U8" => "byte", "U16" => "ushort", "U32" => "uint", _ => "ulong" };
                    _w.Line($"memory.Write{info.TagRaw}(offset, ({rawType})value.Tag);");
                    _w.Open("switch (value.Tag)");
                    for (int i = 0; i < v.Cases.Count; i++)
                    {
                        var c = v.Cases[i];
                        if (c.Payload != null)
                        {
                            _w.Line($"case {info.CaseTags[i]}: {WriteStmt(c.Payload, "memory", $"offset + {payload}", $"value.As{info.CaseMembers[i]}", c.Location)} break;");
                        }
                    }
                    _w.Close();
                    _w.Close();
                    break;
                }
            }
            // Pointer and list access with alignment checks.
            _w.Open($"public static {t} Read(this {Rt}GuestPtr<{t}> ptr, {Mem} memory)");
            _w.Line($"memory.Check(ptr.Offset, {size}, {align});");
            _w.Line($"return Read{name}(memory, ptr.Offset);");
            _w.Close();
            _w.Open($"public static void Write(this {Rt}GuestPtr<{t}> ptr, {Mem} memory, {t} value)");
            _w.Line($"memory.Check(ptr.Offset, {size}, {align});");
            _w.Line($"Write{name}(memory, ptr.Offset, value);");
            _w.Close();
            _w.Line($"public static {Rt}GuestPtr<{t}> ElementAt(this {Rt}GuestPtr<{t}> ptr, uint index) => ptr.AddBytes((ulong)index * {size});");
            _w.Line($"public static {Rt}GuestList<{t}> AsList(this {Rt}GuestPtr<{t}> ptr, uint count) => new {Rt}GuestList<{t}>(ptr.Offset, count);");
            _w.Open($"public static {t} Get(this {Rt}GuestList<{t}> list, {Mem} memory, uint index)");
            _w.Line("list.CheckIndex(index);");
            _w.Line("return list.Pointer.ElementAt(index).Read(memory);");
            _w.Close();
            _w.Open($"public static void Set(this {Rt}GuestList<{t}> list, {Mem} memory, uint index, {t} value)");
            _w.Line("list.CheckIndex(index);");
            _w.Line("list.Pointer.ElementAt(index).Write(memory, value);");
            _w.Close();
            _w.Line();
        }

        // ----- modules -------------------------------------------------------------------

        private sealed class MethodShape
        {
            public WitxLoweredFunction Lowered = null!;
            public string Name = "";
            public string ReturnType = "void";
            public List<(string Type, string Name)> Params = new();
            public List<(string Type, string Name)> Outs = new();
        }

        private MethodShape Shape(WitxFunction f)
        {
            var lowered = WitxAbi.Lower(f);
            var shape = new MethodShape { Lowered = lowered, Name = WitxNaming.Pascal(f.Name) };
            var used = new HashSet<string> { "memory" };
            foreach (var p in f.Params)
            {
                shape.Params.Add((CsType(p.Type, false, p.Location), Unique(WitxNaming.Camel(p.Name), used)));
            }
            foreach (var o in lowered.Outputs)
            {
                if (o.Type.Resolve() is WitxStringType)
                {
                    throw new WitxException($"\"{f.Name}\" returns a string through a pointer; the C# generator does not support that",
                        f.Location.FileName, f.Location.Line, f.Location.Column);
                }
                shape.Outs.Add((CsType(o.Type, true, f.Location), Unique(WitxNaming.Camel(o.Name), used)));
            }
            if (lowered.ReturnType != null)
            {
                shape.ReturnType = CsType(lowered.ReturnType, false, f.Location);
            }
            return shape;
        }

        private static string InterfaceName(WitxModule m) => "I" + WitxNaming.Pascal(m.Name);

        private static string GlueName(WitxModule m) => WitxNaming.Pascal(m.Name) + "Glue";

        private void EmitInterface(WitxModule m)
        {
            _w.Doc(m.Doc, $"The functions of the witx module <c>{m.Name}</c>.");
            _w.Line($"/// <remarks>Implement every method; <see cref=\"{GlueName(m)}\"/> calls them from wasm after checking the arguments.</remarks>");
            _w.Open($"public partial interface {InterfaceName(m)}");
            foreach (var f in m.Functions)
            {
                var s = Shape(f);
                _w.Doc(f.Doc, $"The function <c>{f.Name}</c>.");
                _w.Line("/// <param name=\"memory\">The caller's linear memory.</param>");
                for (int i = 0; i < f.Params.Count; i++)
                {
                    _w.ParamDoc(s.Params[i].Name, f.Params[i].Doc);
                }
                foreach (var o in s.Outs)
                {
                    _w.ParamDoc(o.Name, "Set on success; the glue stores it in guest memory.");
                }
                if (s.Lowered.ReturnKind == WitxReturnKind.Expected)
                {
                    _w.Line("/// <returns>The error, or the value 0 (success) to have the outputs stored.</returns>");
                }
                if (s.Lowered.ReturnKind == WitxReturnKind.NoReturn)
                {
                    _w.Line($"/// <remarks>Must not return: throw (for example {Rt.Substring(8)}GuestExitException). The glue traps if it returns.</remarks>");
                    _w.Line("[global::System.Diagnostics.CodeAnalysis.DoesNotReturn]");
                }
                var ps = new List<string> { $"{Mem} memory" };
                ps.AddRange(s.Params.Select(p => $"{p.Type} {p.Name}"));
                ps.AddRange(s.Outs.Select(o => $"out {o.Type} {o.Name}"));
                _w.Line($"{s.ReturnType} {s.Name}({string.Join(", ", ps)});");
                _w.Line();
            }
            _w.Close().Line();
        }

        private static string CoreCs(WitxValType t) => t switch
        {
            WitxValType.I32 => "int",
            WitxValType.I64 => "long",
            WitxValType.F32 => "float",
            _ => "double",
        };

        private void EmitGlue(WitxModule m)
        {
            var iface = InterfaceName(m);
            var glue = GlueName(m);
            _w.Doc($"Wasm-level entry points of the module <c>{m.Name}</c>: each method takes the implementation, " +
                   "the caller's memory, an optional logger (Trace level) and the wasm arguments, checks and converts them " +
                   "as Wasmtime's wiggle does (out-of-bounds or misaligned pointers trap; bad UTF-8 returns ilseq; " +
                   "bad enum values or flag bits return inval), calls the implementation and stores its outputs.");
            _w.Open($"public static partial class {glue}");
            _w.Line("/// <summary>The wasm import module name.</summary>");
            _w.Line($"public const string ModuleName = \"{m.Name}\";");
            _w.Line("/// <summary>The logger category for this module's trace lines.</summary>");
            _w.Line($"public const string LogCategory = \"{_logCategory}\";");
            _w.Line();
            foreach (var f in m.Functions)
            {
                EmitGlueFunction(iface, f);
            }
            EmitDescriptors(m, iface, glue);
            _w.Close().Line();
        }

        private static readonly HashSet<string> GlueReserved = new() { "impl", "memory", "log" };

        private static List<string> CoreParamNames(WitxLoweredFunction l)
        {
            var used = new HashSet<string>(GlueReserved);
            return l.Params.Select(p => Unique(WitxNaming.Identifier(p.Name), used)).ToList();
        }

        private string TraceArg(WitxCoreParam p, string id, WitxFunction f)
        {
            switch (p.Role)
            {
                case WitxCoreParamRole.Pointer:
                case WitxCoreParamRole.StringPtr:
                case WitxCoreParamRole.ListPtr:
                case WitxCoreParamRole.Indirect:
                case WitxCoreParamRole.ResultPtr:
                    return $"{{({Rt}WitxTrace.Hex({id}))}}";
                case WitxCoreParamRole.StringLen:
                case WitxCoreParamRole.ListLen:
                    return $"{{(uint){id}}}";
            }
            var t = f.Params[p.Source].Type.Resolve();
            switch (t)
            {
                case WitxFlagsType:
                    return $"{{({Rt}WitxTrace.Hex({id}))}}";
                case WitxBuiltinType b when b.Kind is WitxBuiltinKind.S8 or WitxBuiltinKind.S16 or WitxBuiltinKind.S32 or WitxBuiltinKind.S64
                    or WitxBuiltinKind.F32 or WitxBuiltinKind.F64:
                    return $"{{{id}}}";
                default:
                    return p.Type == WitxValType.I64 ? $"{{(ulong){id}}}" : $"{{(uint){id}}}";
            }
        }

        private void EmitGlueFunction(string iface, WitxFunction f)
        {
            var s = Shape(f);
            var l = s.Lowered;
            var ids = CoreParamNames(l);
            var kind = l.ReturnKind;
            var fname = f.Name;

            // The error enum and its inval / ilseq cases, when errors can be returned.
            WitxEnumType? errEnum = null;
            WitxTypeDef? errDef = null;
            if (kind == WitxReturnKind.Expected)
            {
                errDef = NominalDef(l.ReturnType!);
                errEnum = l.ReturnType!.Resolve() as WitxEnumType;
            }
            string? ErrCase(string c) => errEnum != null && errDef != null && errEnum.IndexOf(c) >= 0
                ? $"{TypeName(errDef)}.{WitxNaming.Pascal(c)}" : null;
            var inval = ErrCase("inval");
            var ilseq = ErrCase("ilseq");
            var errType = kind == WitxReturnKind.Expected ? s.ReturnType : null;

            var retCs = l.Results.Count == 0 ? "void" : CoreCs(l.Results[0]);
            var sig = new List<string> { $"{iface} impl", $"{Mem} memory", $"{Logger}? log" };
            for (int i = 0; i < l.Params.Count; i++)
            {
                sig.Add($"{CoreCs(l.Params[i].Type)} {ids[i]}");
            }
            _w.Line($"/// <summary>Glue for <c>{fname}</c>: {CodeWriter.Xml(l.Signature)}.</summary>");
            _w.Open($"public static {retCs} {fname}({string.Join(", ", sig)})");
            _w.Line($"bool __trace = {Rt}WitxTrace.IsEnabled(log);");
            var traceArgs = string.Join(", ", l.Params.Select((p, i) => $"{p.Name}={TraceArg(p, ids[i], f)}"));
            _w.Line($"if (__trace) {Rt}WitxTrace.Write(log!, $\"{fname}({traceArgs})\");");
            if (kind == WitxReturnKind.Expected || kind == WitxReturnKind.Scalar)
            {
                _w.Line($"{s.ReturnType} __ret;");
            }
            for (int i = 0; i < s.Outs.Count; i++)
            {
                _w.Line($"{s.Outs[i].Type} __o{i} = default;");
            }

            string Fail(string? errCase, string exceptionExpr) => errCase != null
                ? $"{{ __ret = {errCase}; goto done; }}"
                : $"throw {Rt}WitxTraps.InvalidValue(\"{fname}\", {exceptionExpr});";

            bool catchesErrors = kind == WitxReturnKind.Expected;
            _w.Open("try");
            var args = new List<string> { "memory" };
            for (int pi = 0; pi < f.Params.Count; pi++)
            {
                var p = f.Params[pi];
                int ci = l.Params.ToList().FindIndex(c => c.Source == pi && c.Role != WitxCoreParamRole.ResultPtr);
                var id = ids[ci];
                var local = "__a" + pi;
                var t = p.Type.Resolve();
                var cs = s.Params[pi].Type;
                switch (l.Params[ci].Role)
                {
                    case WitxCoreParamRole.StringPtr:
                        _w.Line($"if (!memory.TryReadString((uint){id}, (uint){ids[ci + 1]}, out var {local})) {Fail(ilseq, $"{Rt}GuestValueException.InvalidUtf8((uint){id}, (uint){ids[ci + 1]})")}");
                        _w.Line($"if (__trace) {Rt}WitxTrace.Write(log!, $\"     | {p.Name}={{({Rt}WitxTrace.Quote({local}))}}\");");
                        break;
                    case WitxCoreParamRole.ListPtr:
                    {
                        var el = WitxLayout.Of(((WitxListType)t).Element);
                        _w.Line($"memory.CheckArray((uint){id}, (uint){ids[ci + 1]}, {U(el.Size)}, {U(el.Align)});");
                        _w.Line($"var {local} = new {cs}((uint){id}, (uint){ids[ci + 1]});");
                        break;
                    }
                    case WitxCoreParamRole.Pointer:
                    {
                        var pa = WitxLayout.Of(((WitxPointerType)t).Pointee);
                        if (pa.Align > 1)
                        {
                            _w.Line($"{Mem}.CheckAlignment((uint){id}, {U(pa.Align)});");
                        }
                        _w.Line($"var {local} = new {cs}((uint){id});");
                        break;
                    }
                    case WitxCoreParamRole.Indirect:
                    {
                        var sa = WitxLayout.Of(t);
                        _w.Line($"memory.Check((uint){id}, {U(sa.Size)}, {U(sa.Align)});");
                        _w.Line($"var {local} = {ReadExpr(p.Type, "memory", $"(uint){id}", p.Location)};");
                        break;
                    }
                    default:
                        EmitScalarParam(p, t, id, local, cs, l.Params[ci].Type, Fail, inval);
                        break;
                }
                args.Add(local);
            }
            foreach (var o in l.Outputs)
            {
                var sa = WitxLayout.Of(o.Type);
                _w.Line($"memory.Check((uint){ids[o.ParamIndex]}, {U(sa.Size)}, {U(sa.Align)});");
            }
            for (int i = 0; i < s.Outs.Count; i++)
            {
                args.Add($"out __o{i}");
            }
            var call = $"impl.{s.Name}({string.Join(", ", args)})";
            switch (kind)
            {
                case WitxReturnKind.Expected:
                case WitxReturnKind.Scalar:
                    _w.Line($"__ret = {call};");
                    break;
                default:
                    _w.Line($"{call};");
                    break;
            }
            if (kind == WitxReturnKind.NoReturn)
            {
                _w.Line($"throw {Rt}WitxTraps.NoReturnReturned(\"{fname}\");");
            }
            _w.Close();
            _w.Open($"catch ({Rt}GuestValueException __e)");
            if (inval != null && ilseq != null)
            {
                _w.Line($"__ret = __e.Error == {Rt}GuestValueError.InvalidUtf8 ? {ilseq} : {inval};");
                _w.Line("goto done;");
            }
            else if (inval != null)
            {
                _w.Line($"if (__e.Error == {Rt}GuestValueError.InvalidUtf8) throw {Rt}WitxTraps.InvalidValue(\"{fname}\", __e);");
                _w.Line($"__ret = {inval};");
                _w.Line("goto done;");
            }
            else
            {
                _w.Line($"throw {Rt}WitxTraps.InvalidValue(\"{fname}\", __e);");
            }
            _w.Close();
            if (catchesErrors)
            {
                _w.Open($"catch ({Rt}GuestErrorException __e)");
                _w.Line($"__ret = ({errType})__e.Code;");
                _w.Line("goto done;");
                _w.Close();
            }
            if (kind == WitxReturnKind.NoReturn)
            {
                _w.Close();
                _w.Line();
                return;
            }

            // Store the outputs.
            if (l.Outputs.Count > 0)
            {
                bool conditional = kind == WitxReturnKind.Expected
                    || (kind == WitxReturnKind.Scalar && l.ReturnType!.Resolve() is WitxEnumType);
                if (conditional)
                {
                    _w.Open("if (__ret == 0)");
                }
                for (int i = 0; i < l.Outputs.Count; i++)
                {
                    var o = l.Outputs[i];
                    _w.Line(WriteStmt(o.Type, "memory", $"(uint){ids[o.ParamIndex]}", $"__o{i}", f.Location));
                }
                if (conditional)
                {
                    _w.Close();
                }
            }
            _w.Line("done:");
            var outs = string.Join(", ", l.Outputs.Select((o, i) => $"*{o.WasmName}={{__o{i}}}"));
            switch (kind)
            {
                case WitxReturnKind.Expected:
                {
                    var label = errDef?.Name ?? "error";
                    var name = errEnum != null ? "{__ret.TraceName()}" : "{__ret}";
                    if (errEnum != null)
                    {
                        // TraceName is an extension in the error type's namespace.
                        name = $"{{({CodecOf(errDef!)}.TraceName(__ret))}}";
                    }
                    if (outs.Length > 0)
                    {
                        _w.Line($"if (__trace) {Rt}WitxTrace.Write(log!, __ret == 0 ? $\"-> {label}={name} | {outs}\" : $\"-> {label}={name}\");");
                    }
                    else
                    {
                        _w.Line($"if (__trace) {Rt}WitxTrace.Write(log!, $\"-> {label}={name}\");");
                    }
                    _w.Line($"return ({retCs})__ret;");
                    break;
                }
                case WitxReturnKind.Scalar:
                {
                    var label = f.Results[0].Name;
                    var value = "{__ret}";
                    var scalarDef = NominalDef(l.ReturnType!);
                    if (scalarDef != null && scalarDef.Type is WitxEnumType)
                    {
                        // (result $error $errno): traced like an expected's error.
                        label = scalarDef.Name;
                        value = $"{{({CodecOf(scalarDef)}.TraceName(__ret))}}";
                    }
                    _w.Line($"if (__trace) {Rt}WitxTrace.Write(log!, $\"-> {label}={value}{(outs.Length > 0 ? " | " + outs : "")}\");");
                    _w.Line(retCs == "int" || retCs == "long" ? $"return ({retCs})__ret;" : $"return __ret;");
                    break;
                }
                default:
                    _w.Line($"if (__trace) {Rt}WitxTrace.Write(log!, $\"-> (){(outs.Length > 0 ? " | " + outs : "")}\");");
                    break;
            }
            _w.Close();
            _w.Line();
        }

        private void EmitScalarParam(WitxParam p, WitxType t, string id, string local, string cs, WitxValType core,
            Func<string?, string, string> fail, string? inval)
        {
            switch (t)
            {
                case WitxHandleType:
                    _w.Line($"var {local} = new {cs}((uint){id});");
                    break;
                case WitxEnumType e:
                {
                    var raw = core == WitxValType.I64 ? $"(ulong){id}" : $"(uint){id}";
                    _w.Line($"if ({raw} >= {e.Cases.Count}u) {fail(inval, $"{Rt}GuestValueException.InvalidEnum(\"{NominalDef(p.Type)?.Name}\", (ulong)({raw}))")}");
                    _w.Line($"var {local} = ({cs}){id};");
                    break;
                }
                case WitxFlagsType fl:
                {
                    var raw = core == WitxValType.I64 ? $"(ulong){id}" : $"(uint){id}";
                    var mask = "0x" + fl.Mask.ToString("x", CultureInfo.InvariantCulture) + (core == WitxValType.I64 ? "UL" : "u");
                    _w.Line($"if (({raw} & ~{mask}) != 0) {fail(inval, $"{Rt}GuestValueException.InvalidFlags(\"{NominalDef(p.Type)?.Name}\", (ulong)({raw}))")}");
                    _w.Line($"var {local} = ({cs}){id};");
                    break;
                }
                case WitxBuiltinType b:
                {
                    string? range = b.Kind switch
                    {
                        WitxBuiltinKind.U8 or WitxBuiltinKind.Char8 => $"(uint){id} > 0xffu",
                        WitxBuiltinKind.U16 => $"(uint){id} > 0xffffu",
                        WitxBuiltinKind.S8 => $"{id} < sbyte.MinValue || {id} > sbyte.MaxValue",
                        WitxBuiltinKind.S16 => $"{id} < short.MinValue || {id} > short.MaxValue",
                        WitxBuiltinKind.Char => $"(uint){id} > 0x10ffffu || ((uint){id} >= 0xd800u && (uint){id} <= 0xdfffu)",
                        _ => null,
                    };
                    if (range != null)
                    {
                        _w.Line($"if ({range}) {fail(inval, $"{Rt}GuestValueException.IntegerOverflow(\"{b}\", {id})")}");
                    }
                    _w.Line($"var {local} = ({cs}){id};");
                    break;
                }
                case WitxPointerType:
                    _w.Line($"var {local} = new {cs}((uint){id});");
                    break;
                default:
                    throw new WitxException($"parameter ${p.Name}: unsupported type {t}", p.Location.FileName, p.Location.Line, p.Location.Column);
            }
        }

        private void EmitDescriptors(WitxModule m, string iface, string glue)
        {
            _w.Line($"private static global::System.Collections.Generic.IReadOnlyList<{Rt}WitxHostFunction>? s_functions;");
            _w.Line();
            _w.Line("/// <summary>Every function of the module, to register them with an engine in a loop.</summary>");
            _w.Line($"public static global::System.Collections.Generic.IReadOnlyList<{Rt}WitxHostFunction> Functions => s_functions ??= CreateFunctions();");
            _w.Line();
            _w.Open($"private static {Rt}WitxHostFunction[] CreateFunctions()");
            _w.Line($"var type = typeof({glue});");
            _w.Line($"const global::System.Reflection.BindingFlags flags = global::System.Reflection.BindingFlags.Public | global::System.Reflection.BindingFlags.Static;");
            _w.Open($"return new {Rt}WitxHostFunction[]");
            foreach (var f in m.Functions)
            {
                var l = WitxAbi.Lower(f);
                string Core(WitxValType t) => Rt + "WitxCoreType." + t.ToString();
                var ps = l.Params.Count == 0 ? $"global::System.Array.Empty<{Rt}WitxCoreType>()" : $"new[] {{ {string.Join(", ", l.Params.Select(p => Core(p.Type)))} }}";
                var names = l.Params.Count == 0 ? "global::System.Array.Empty<string>()" : $"new[] {{ {string.Join(", ", l.Params.Select(p => "\"" + p.Name + "\""))} }}";
                var rs = l.Results.Count == 0 ? $"global::System.Array.Empty<{Rt}WitxCoreType>()" : $"new[] {{ {string.Join(", ", l.Results.Select(Core))} }}";
                var callArgs = new List<string> { $"({iface})impl", "memory", "log" };
                for (int i = 0; i < l.Params.Count; i++)
                {
                    callArgs.Add(l.Params[i].Type switch
                    {
                        WitxValType.I32 => $"(int)args[{i}]",
                        WitxValType.I64 => $"args[{i}]",
                        WitxValType.F32 => $"global::System.BitConverter.Int32BitsToSingle((int)args[{i}])",
                        _ => $"global::System.BitConverter.Int64BitsToDouble(args[{i}])",
                    });
                }
                var call = $"{f.Name}({string.Join(", ", callArgs)})";
                var body = l.Results.Count == 0 ? call
                    : l.Results[0] switch
                    {
                        WitxValType.F32 => $"results[0] = global::System.BitConverter.SingleToInt32Bits({call})",
                        WitxValType.F64 => $"results[0] = global::System.BitConverter.DoubleToInt64Bits({call})",
                        _ => $"results[0] = {call}",
                    };
                _w.Line($"new {Rt}WitxHostFunction(ModuleName, \"{f.Name}\", {ps}, {names}, {rs}, typeof({iface}),");
                _w.Line($"    type.GetMethod(\"{f.Name}\", flags)!,");
                _w.Line($"    static (impl, memory, log, args, results) => {{ {body}; }}),");
            }
            _w.Close(";");
            _w.Close();
        }
    }
}
