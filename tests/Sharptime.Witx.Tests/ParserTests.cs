using Sharptime.Witx;

namespace Sharptime.Witx.Tests;

public class ParserTests
{
    private static WitxException ParseError(string text)
    {
        var e = Assert.Throws<WitxException>(() => WitxResolver.ParseAndResolve(text, "bad.witx"));
        Assert.Equal("bad.witx", e.FileName);
        return e;
    }

    [Fact]
    public void ParsesTypesModulesAndDocComments()
    {
        var doc = WitxResolver.ParseAndResolve("""
            ;; plain comment
            ;;; The size.
            (typename $size u32)
            (typename $e (enum (@witx tag u8) ;;; first
                $a
                ;;; second
                $b))
            (; block (; nested ;) comment ;)
            (typename $f (flags (@witx repr u16) $x $y $z))
            (typename $r (record (field $p (@witx const_pointer u8)) (field $n $size) (field $e $e)))
            (typename $h (handle))
            (typename $l (list $r))
            (typename $v (variant (@witx tag u8) (case $none) (case $some $size)))
            (module $m
              (import "memory" (memory))
              ;;; Does things.
              (@interface func (export "f")
                (param $s string)
                (param $x $l)
                (result $error (expected (tuple $size $h) (error $e))))
              (@interface func (export "g") (param $code u32) (@witx noreturn)))
            """, "ok.witx");

        Assert.Equal(7, doc.TypeDefs.Count);
        Assert.Equal("The size.", doc.TypeDefs[0].Doc);
        var e = Assert.IsType<WitxEnumType>(doc.FindType("e")!.Type);
        Assert.Equal(WitxIntRepr.U8, e.Repr);
        Assert.Equal(new[] { "a", "b" }, e.Cases.Select(c => c.Name));
        Assert.Equal("first", e.Cases[0].Doc);
        Assert.Equal("second", e.Cases[1].Doc);
        var f = Assert.IsType<WitxFlagsType>(doc.FindType("f")!.Type);
        Assert.Equal(0x7UL, f.Mask);
        var r = Assert.IsType<WitxRecordType>(doc.FindType("r")!.Type);
        Assert.Equal(new uint[] { 0, 4, 8 }, WitxLayout.FieldOffsets(r));
        Assert.Equal(12u, WitxLayout.Of(r).Size);
        var v = Assert.IsType<WitxVariantType>(doc.FindType("v")!.Type);
        Assert.Equal(8u, WitxLayout.Of(v).Size);
        Assert.Equal(4u, WitxLayout.PayloadOffset(v));

        var m = doc.Modules.Single();
        Assert.Equal("m", m.Name);
        Assert.Equal(new[] { "memory" }, m.MemoryImports);
        var fn = m.FindFunction("f")!;
        Assert.Equal("Does things.", fn.Doc);
        var lowered = WitxAbi.Lower(fn);
        Assert.Equal(new[] { "s", "s_len", "x", "x_len", "retptr0", "retptr1" }, lowered.Params.Select(p => p.Name));
        Assert.Equal("(param i32 i32 i32 i32 i32 i32) (result i32)", lowered.Signature);
        Assert.Equal(WitxReturnKind.Expected, lowered.ReturnKind);
        var g = WitxAbi.Lower(m.FindFunction("g")!);
        Assert.Equal(WitxReturnKind.NoReturn, g.ReturnKind);
        Assert.Equal("(param i32) (result)", g.Signature);
    }

    [Fact]
    public void LegacyResultsBecomeNamedOutputs()
    {
        var doc = WitxResolver.ParseAndResolve("""
            (typename $errno (enum (@witx tag u16) $success $badf))
            (module $m (@interface func (export "fd_write")
              (param $fd u32) (result $error $errno) (result $nwritten u32)))
            """);
        var l = WitxAbi.Lower(doc.Modules[0].Functions[0]);
        Assert.Equal(WitxReturnKind.Scalar, l.ReturnKind);
        Assert.Equal(new[] { "fd", "nwritten" }, l.Params.Select(p => p.Name));
        Assert.Equal("nwritten", l.Outputs.Single().Name);
    }

    [Theory]
    [InlineData("(typename $a u32", 1, 1, "unclosed")]
    [InlineData("(typename $a u32))", 1, 18, "unexpected ')'")]
    [InlineData("\n\n  (typename $a (enum (@witx tag u8) $x $x))", 3, 40, "duplicate enum case $x")]
    [InlineData("(typename $a\n  (record (field $x u32)\n           (field $x u8)))", 3, 12, "duplicate field $x")]
    [InlineData("(typename $a (frobnicate u32))", 1, 15, "unknown type constructor 'frobnicate'")]
    [InlineData("(typename $a u33)", 1, 14, "unknown type 'u33'")]
    [InlineData("(typename $a)", 1, 1, "has no type")]
    [InlineData("(typename $a (enum (@witx tag s8) $x))", 1, 31, "integer representation")]
    [InlineData("(typename $a (flags (@witx repr u8) $a $b $c $d $e $f $g $h $i))", 1, 14, "do not fit")]
    [InlineData("(module $m (@interface func (export \"f\")\n   (result $r u32)\n   (param $p u32)))", 3, 4, "comes after a result")]
    [InlineData("(module $m (@interface func (export \"f\") (param $p u32)) (@interface func (export \"f\")))", 1, 58, "duplicate function \"f\"")]
    [InlineData("(typename $s \"unterminated)", 1, 14, "unterminated string")]
    [InlineData("(frob)", 1, 1, "expected (use ...), (typename ...) or (module ...)")]
    [InlineData("; single", 1, 1, "comments start with ';;'")]
    [InlineData("(; open comment", 1, 1, "unterminated block comment")]
    public void SyntaxErrorsHaveLineAndColumn(string text, int line, int column, string message)
    {
        var e = ParseError(text);
        Assert.Contains(message, e.Message);
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.StartsWith($"bad.witx({line},{column}): ", e.Message);
    }

    [Theory]
    [InlineData("(typename $a $nope)", 1, 14, "unknown type $nope")]
    [InlineData("(typename $a u32)\n(typename $a u8)", 2, 1, "duplicate type name $a")]
    [InlineData("(typename $t (enum $x $y))\n(typename $u (union (@witx tag $t) u32))", 2, 1, "union has 1 cases but its tag $t has 2")]
    [InlineData("(typename $t (enum $x))\n(typename $v (variant (@witx tag $t) (case $y)))", 2, 38, "does not match tag case $x")]
    [InlineData("(typename $a $b)\n(typename $b $a)", 1, 1, "alias of itself")]
    [InlineData("(typename $r (record (field $me $r)))", 1, 1, "contains itself")]
    [InlineData("(typename $r (record (field $x u8)))\n(module $m (@interface func (export \"f\")\n  (param $p (expected u8))))", 3, 3, "cannot be a expected")]
    [InlineData("(module $m (@interface func (export \"f\")\n  (result $r (expected u32))))", 2, 3, "needs an (error TYPE)")]
    public void SemanticErrorsHaveLineAndColumn(string text, int line, int column, string message)
    {
        var e = ParseError(text);
        Assert.Contains(message, e.Message);
        Assert.Equal((line, column), (e.Line, e.Column));
    }

    [Fact]
    public void UnresolvedUseIsReported()
    {
        var doc = WitxParser.Parse("(use \"missing.witx\")\n(typename $a u32)", "main.witx");
        var e = Assert.Throws<WitxException>(() => WitxResolver.Resolve(new[] { doc }, (_, _) => null));
        Assert.Contains("cannot find \"missing.witx\"", e.Message);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void UseMakesTypesOfAnotherDocumentVisible()
    {
        var types = WitxParser.Parse("(typename $size u32)", "types.witx");
        var main = WitxParser.Parse("(use \"types.witx\")\n(typename $pair (record (field $a $size) (field $b $size)))", "main.witx");
        WitxResolver.Resolve(new[] { types, main }, (_, u) => u.FileName == "types.witx" ? types : null);
        Assert.Same(types, main.UsedDocuments.Single());
        Assert.Equal(8u, WitxLayout.Of(main.FindType("pair")!.Type).Size);
        Assert.Same(types, main.FindType("size")!.Document);
    }

    [Fact]
    public void NamingRules()
    {
        Assert.Equal("SubscriptionU", WitxNaming.Pascal("subscription_u"));
        Assert.Equal("_2big", WitxNaming.Pascal("2big"));
        Assert.Equal("fsRightsBase", WitxNaming.Camel("fs_rights_base"));
        Assert.Equal("@in", WitxNaming.Camel("in"));
        Assert.Equal("@out", WitxNaming.Identifier("out"));
    }
}
