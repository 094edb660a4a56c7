using System.Reflection;
using Sharptime.Witx;

namespace Sharptime.Witx.Tests;

/// <summary>
/// Our witx files and the C# generated from them against a parse of the reference WASI 0.1 witx
/// in shared/: every type's kind, layout, field offsets, enum values and flag bits, and every
/// function's wasm signature.
/// </summary>
public class ReferenceTests
{
    public static TheoryData<string> Snapshots => new() { "preview1", "preview0" };

    private static (WitxDocument Reference, WitxDocument Ours, Assembly Generated, string Namespace, string Glue) Load(string snapshot)
    {
        var file = snapshot == "preview1" ? "wasi_snapshot_preview1.witx" : "wasi_unstable.witx";
        var reference = WitxFiles.Load(Path.Combine(ReferenceWitx.Folder, snapshot, "witx", file));
        var ours = snapshot == "preview1" ? LayoutTests.OurPreview1 : LayoutTests.OurPreview0;
        var ns = snapshot == "preview1" ? "Sharptime.Wasi.Preview1" : "Sharptime.Wasi.Preview0";
        var glue = snapshot == "preview1" ? "WasiSnapshotPreview1Glue" : "WasiUnstableGlue";
        return (reference, ours, typeof(Sharptime.Wasi.Preview1.Errno).Assembly, ns, glue);
    }

    [ReferenceFact]
    public void ReferenceIsPresentUnderCi()
    {
        // Under CI=true a missing shared/ folder fails here with a clear message.
        Assert.True(Directory.Exists(ReferenceWitx.Folder));
    }

    [ReferenceTheory]
    [MemberData(nameof(Snapshots))]
    public void OurWitxDeclaresTheSameTypesAsTheReference(string snapshot)
    {
        var (reference, ours, _, _, _) = Load(snapshot);
        Assert.Equal(reference.AllTypeDefs().Select(t => t.Name), ours.AllTypeDefs().Select(t => t.Name));
        foreach (var refDef in reference.AllTypeDefs())
        {
            var ourDef = ours.FindType(refDef.Name)!;
            Assert.Equal(Describe(refDef.Type), Describe(ourDef.Type));
            var a = WitxLayout.Of(refDef.Type);
            var b = WitxLayout.Of(ourDef.Type);
            Assert.True((a.Size, a.Align) == (b.Size, b.Align), $"{snapshot} ${refDef.Name}: {a} vs {b}");
        }
    }

    [ReferenceTheory]
    [MemberData(nameof(Snapshots))]
    public void OurWitxDeclaresTheSameFunctionsAsTheReference(string snapshot)
    {
        var (reference, ours, _, _, _) = Load(snapshot);
        var rm = reference.Modules.Single();
        var om = ours.Modules.Single();
        Assert.Equal(rm.Name, om.Name);
        Assert.Equal(rm.Functions.Select(f => f.Name), om.Functions.Select(f => f.Name));
        foreach (var rf in rm.Functions)
        {
            var of = om.FindFunction(rf.Name)!;
            Assert.Equal(rf.Params.Select(p => p.Name + ":" + Describe(p.Type)), of.Params.Select(p => p.Name + ":" + Describe(p.Type)));
            Assert.Equal(rf.Results.Select(p => p.Name + ":" + Describe(p.Type)), of.Results.Select(p => p.Name + ":" + Describe(p.Type)));
            Assert.Equal(rf.NoReturn, of.NoReturn);
            Assert.Equal(WitxAbi.Lower(rf).Signature, WitxAbi.Lower(of).Signature);
        }
    }

    [ReferenceFact]
    public void GeneratedPreview1MatchesTheReference() => CheckGenerated("preview1");

    [ReferenceFact]
    public void GeneratedPreview0MatchesTheReference() => CheckGenerated("preview0");

    private static void CheckGenerated(string snapshot)
    {
        var (reference, _, asm, ns, glueName) = Load(snapshot);
        int checkedTypes = 0;
        foreach (var def in reference.AllTypeDefs())
        {
            var layout = WitxLayout.Of(def.Type);
            var csName = ns + "." + WitxNaming.Pascal(def.Name);
            switch (def.Type)
            {
                case WitxEnumType e:
                {
                    var t = asm.GetType(csName) ?? throw new Xunit.Sdk.XunitException($"missing enum {csName}");
                    Assert.True(t.IsEnum);
                    Assert.Equal((int)layout.Size, System.Runtime.InteropServices.Marshal.SizeOf(Enum.GetUnderlyingType(t)));
                    Assert.Equal(e.Cases.Count, Enum.GetValues(t).Length);
                    for (int i = 0; i < e.Cases.Count; i++)
                    {
                        var value = Convert.ToUInt64(Enum.Parse(t, WitxNaming.Pascal(e.Cases[i].Name)));
                        Assert.True((ulong)i == value, $"{snapshot} {def.Name}.{e.Cases[i].Name} = {value}, expected {i}");
                    }
                    checkedTypes++;
                    break;
                }
                case WitxFlagsType f:
                {
                    var t = asm.GetType(csName) ?? throw new Xunit.Sdk.XunitException($"missing flags {csName}");
                    Assert.NotNull(t.GetCustomAttribute<FlagsAttribute>());
                    Assert.Equal((int)layout.Size, System.Runtime.InteropServices.Marshal.SizeOf(Enum.GetUnderlyingType(t)));
                    Assert.Equal(f.Flags.Count, Enum.GetValues(t).Length);
                    for (int i = 0; i < f.Flags.Count; i++)
                    {
                        Assert.Equal(1UL << i, Convert.ToUInt64(Enum.Parse(t, WitxNaming.Pascal(f.Flags[i].Name))));
                    }
                    checkedTypes++;
                    break;
                }
                case WitxRecordType r:
                {
                    var t = asm.GetType(csName) ?? throw new Xunit.Sdk.XunitException($"missing record {csName}");
                    Assert.Equal(layout.Size, Const(t, "GuestSize"));
                    Assert.Equal(layout.Align, Const(t, "GuestAlign"));
                    var offsets = WitxLayout.FieldOffsets(r);
                    for (int i = 0; i < r.Fields.Count; i++)
                    {
                        var field = WitxNaming.Pascal(r.Fields[i].Name);
                        Assert.True(offsets[i] == Const(t, field + "Offset"), $"{snapshot} {def.Name}.{r.Fields[i].Name}");
                        Assert.NotNull(t.GetProperty(field));
                    }
                    Assert.Equal(r.Fields.Count, t.GetProperties().Length);
                    checkedTypes++;
                    break;
                }
                case WitxVariantType v:
                {
                    var t = asm.GetType(csName) ?? throw new Xunit.Sdk.XunitException($"missing variant {csName}");
                    Assert.Equal(layout.Size, Const(t, "GuestSize"));
                    Assert.Equal(layout.Align, Const(t, "GuestAlign"));
                    Assert.Equal(WitxLayout.PayloadOffset(v), Const(t, "PayloadOffset"));
                    foreach (var c in v.Cases)
                    {
                        Assert.NotNull(t.GetProperty("Is" + WitxNaming.Pascal(c.Name)));
                    }
                    checkedTypes++;
                    break;
                }
                case WitxHandleType:
                {
                    var t = asm.GetType(csName) ?? throw new Xunit.Sdk.XunitException($"missing handle {csName}");
                    Assert.Equal(typeof(uint), t.GetProperty("Value")!.PropertyType);
                    checkedTypes++;
                    break;
                }
            }
        }
        Assert.True(checkedTypes >= 30, $"only {checkedTypes} types checked");

        // Functions: names and wasm signatures of the generated descriptors.
        var glue = asm.GetType(ns + "." + glueName)!;
        var functions = (IReadOnlyList<Sharptime.Witx.Runtime.WitxHostFunction>)glue.GetProperty("Functions")!.GetValue(null)!;
        var module = reference.Modules.Single();
        Assert.Equal(module.Functions.Select(f => f.Name), functions.Select(f => f.Name));
        foreach (var f in module.Functions)
        {
            var lowered = WitxAbi.Lower(f);
            var d = functions.Single(x => x.Name == f.Name);
            Assert.Equal(lowered.Signature, d.Signature);
            Assert.Equal(lowered.Params.Select(p => p.Name), d.ParameterNames);
            Assert.Equal(module.Name, d.Module);
        }
    }

    private static uint Const(Type t, string name) =>
        (uint)(t.GetField(name, BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue()
               ?? throw new Xunit.Sdk.XunitException($"{t.Name}.{name} missing"));

    /// <summary>A structural description of a type, independent of documentation.</summary>
    private static string Describe(WitxType t) => t switch
    {
        WitxNamedType n => "$" + n.Name,
        WitxBuiltinType b => b.ToString(),
        WitxEnumType e => $"enum<{e.Repr}>({string.Join(",", e.Cases.Select(c => c.Name))})",
        WitxFlagsType f => $"flags<{f.Repr}>({string.Join(",", f.Flags.Select(c => c.Name))})",
        WitxRecordType r => $"record({string.Join(",", r.Fields.Select(f => f.Name + ":" + Describe(f.Type)))})",
        WitxVariantType v => $"{v}<{Describe(v.Tag)}>({string.Join(",", v.Cases.Select(c => c.Name + ":" + (c.Payload is null ? "" : Describe(c.Payload))))})",
        WitxHandleType => "handle",
        WitxListType l => $"list({Describe(l.Element)})",
        WitxStringType => "string",
        WitxPointerType p => $"{p}({Describe(p.Pointee)})",
        WitxExpectedType x => $"expected({(x.Ok is null ? "" : Describe(x.Ok))},{(x.Error is null ? "" : Describe(x.Error))})",
        WitxTupleType tu => $"tuple({string.Join(",", tu.Elements.Select(Describe))})",
        _ => t.GetType().Name,
    };
}
