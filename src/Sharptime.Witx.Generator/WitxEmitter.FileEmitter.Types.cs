using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace Sharptime.Witx.Generator;

// Types: records, enums, flags, handles and variants.
public static partial class WitxEmitter
{
    private sealed partial class FileEmitter
    {
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
    }
}
