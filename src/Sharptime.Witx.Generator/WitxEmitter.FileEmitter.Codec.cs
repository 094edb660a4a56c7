using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace Sharptime.Witx.Generator;

// The GuestCodec: checked readers and writers of each type in guest memory.
public static partial class WitxEmitter
{
    private sealed partial class FileEmitter
    {
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
    }
}
