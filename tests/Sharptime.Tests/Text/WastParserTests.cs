using Sharptime.Model;
using Sharptime.Text.Wast;

namespace Sharptime.Tests.Text;

public class WastParserTests
{
    private static IReadOnlyList<WastCommand> Commands(string text) => WastScript.Parse(text).Commands;

    private static T Single<T>(string text) where T : WastCommand => Assert.IsType<T>(Assert.Single(Commands(text)));

    [Fact]
    public void Modules_in_text_binary_and_quote_forms()
    {
        var commands = Commands("""
            (module $M (func (export "f")))
            (module binary "\00asm" "\01\00\00\00")
            (module $Q quote "(func" " $f)")
            (module definition $D (memory 1))
            (module instance $I $D)
            """);
        var text = Assert.IsType<WastModuleCommand>(commands[0]).Module;
        Assert.Equal((WastModuleKind.Text, "M", false, 1), (text.Kind, text.Name, text.IsDefinition, text.Line));
        Assert.Equal([new Export("f", ExternalKind.Function, 0)], text.ParseText().Exports);

        var binary = Assert.IsType<WastModuleCommand>(commands[1]).Module;
        Assert.Equal(WastModuleKind.Binary, binary.Kind);
        Assert.Equal("0061736D01000000", Convert.ToHexString(binary.Bytes!));

        var quote = Assert.IsType<WastModuleCommand>(commands[2]).Module;
        Assert.Equal((WastModuleKind.Quote, "Q", "(func $f)"), (quote.Kind, quote.Name, quote.Text));
        Assert.Single(quote.ParseText().Functions);

        var definition = Assert.IsType<WastModuleCommand>(commands[3]).Module;
        Assert.True(definition.IsDefinition);
        Assert.Equal("D", definition.Name);
        Assert.Equal(new WastInstanceCommand(5, "I", "D"), commands[4]);
    }

    [Fact]
    public void Text_modules_are_parsed_only_when_asked_and_report_script_lines()
    {
        var command = Single<WastAssertMalformed>("""
            (assert_malformed
              (module
                (func (i32.add2)))
              "unknown operator")
            """);
        Assert.Equal("unknown operator", command.Message);
        var e = Assert.Throws<TextFormatException>(() => command.Module.ParseText());
        Assert.Equal(3, e.Line);
        Assert.StartsWith("unknown operator i32.add2", e.Message);
    }

    [Fact]
    public void Actions_with_arguments_of_every_kind()
    {
        var command = Single<WastActionCommand>("""
            (invoke $M "f" (i32.const -1) (i64.const 0x8000_0000_0000_0000) (f32.const -nan:0x1) (f64.const 1.5)
              (v128.const i32x4 1 2 3 4) (ref.null extern) (ref.null 3) (ref.extern 7) (ref.host 9))
            """);
        var invoke = Assert.IsType<WastInvoke>(command.Action);
        Assert.Equal(("M", "f"), (invoke.ModuleName, invoke.ExportName));
        Assert.Equal(
            [
                WastValue.I32(-1), WastValue.I64(long.MinValue), WastValue.F32Bits(0xFF80_0001), WastValue.F64Bits(0x3FF8_0000_0000_0000),
                WastValue.FromV128(new V128(0x0000_0002_0000_0001, 0x0000_0004_0000_0003)),
                WastValue.Null(HeapType.Extern), WastValue.Null(HeapType.FromTypeIndex(3)), WastValue.Extern(7), WastValue.Host(9),
            ],
            invoke.Arguments);
        Assert.Equal(new WastGet(null, "g"), Single<WastActionCommand>("(get \"g\")").Action);
    }

    [Fact]
    public void Assert_return_patterns()
    {
        var command = Single<WastAssertReturn>("""
            (assert_return (invoke "f")
              (i32.const 1) (f32.const nan:canonical) (f64.const nan:arithmetic) (f64.const -0)
              (v128.const f32x4 nan:canonical 1.0 nan:arithmetic -inf) (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 -1)
              (ref.null) (ref.null func) (ref.extern) (ref.extern 2) (ref.host 3) (ref.func) (ref.func 0)
              (ref.any) (ref.eq) (ref.i31) (ref.struct) (ref.array) (ref.exn)
              (either (i32.const 1) (either (i32.const 2) (i32.const 3))))
            """);
        var r = command.Results;
        Assert.Equal(new WastExpectedValue(WastValue.I32(1)), r[0]);
        Assert.Equal(new WastExpectedNan(WastValueType.F32, WastNanKind.Canonical), r[1]);
        Assert.Equal(new WastExpectedNan(WastValueType.F64, WastNanKind.Arithmetic), r[2]);
        Assert.Equal(new WastExpectedValue(WastValue.F64Bits(0x8000_0000_0000_0000)), r[3]);
        var floats = Assert.IsType<WastExpectedVector>(r[4]);
        Assert.Equal(WastLaneShape.F32x4, floats.Shape);
        Assert.Equal([new WastLane(0, WastNanKind.Canonical), new WastLane(0x3F80_0000), new WastLane(0, WastNanKind.Arithmetic), new WastLane(0xFF80_0000)], floats.Lanes);
        var bytes = Assert.IsType<WastExpectedVector>(r[5]);
        Assert.Equal(0xFFUL, bytes.Lanes[15].Bits);
        Assert.Equal(new WastExpectedRef(WastRefKind.Null), r[6]);
        Assert.Equal(new WastExpectedRef(WastRefKind.Null, HeapType.Func), r[7]);
        Assert.Equal(new WastExpectedRef(WastRefKind.Extern), r[8]);
        Assert.Equal(new WastExpectedRef(WastRefKind.Extern, Value: 2), r[9]);
        Assert.Equal(new WastExpectedRef(WastRefKind.Host, Value: 3), r[10]);
        Assert.Equal(new WastExpectedRef(WastRefKind.Func), r[11]);
        Assert.Equal(new WastExpectedRef(WastRefKind.Func), r[12]);
        Assert.Equal(
            [WastRefKind.Any, WastRefKind.Eq, WastRefKind.I31, WastRefKind.Struct, WastRefKind.Array, WastRefKind.Exn],
            r.Skip(13).Take(6).Select(x => Assert.IsType<WastExpectedRef>(x).Kind));
        var either = Assert.IsType<WastExpectedEither>(r[19]);
        Assert.Equal(2, either.Alternatives.Count);
        Assert.IsType<WastExpectedEither>(either.Alternatives[1]);
    }

    [Fact]
    public void Every_assertion_form()
    {
        var commands = Commands("""
            (assert_trap (invoke "t") "unreachable")
            (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
            (assert_exhaustion (invoke "r") "call stack exhausted")
            (assert_exception (invoke "x"))
            (assert_invalid (module (func (result i32))) "type mismatch")
            (assert_malformed (module quote "(func") "unexpected end")
            (assert_unlinkable (module (import "m" "f" (func))) "unknown import")
            (assert_uninstantiable (module (func $s unreachable) (start $s)) "unreachable")
            (register "name" $M)
            (register "other")
            """);
        Assert.Equal(
            [typeof(WastAssertTrap), typeof(WastAssertTrap), typeof(WastAssertExhaustion), typeof(WastAssertException),
             typeof(WastAssertInvalid), typeof(WastAssertMalformed), typeof(WastAssertUnlinkable), typeof(WastAssertUninstantiable),
             typeof(WastRegisterCommand), typeof(WastRegisterCommand)],
            commands.Select(c => c.GetType()));
        Assert.Equal(Enumerable.Range(1, 10), commands.Select(c => c.Line));
        var trapAction = (WastAssertTrap)commands[0];
        Assert.Equal((new WastInvoke(null, "t", []).ExportName, (WastModule?)null, "unreachable"), (trapAction.Action!.ExportName, trapAction.Module, trapAction.Message));
        var trapModule = (WastAssertTrap)commands[1];
        Assert.Null(trapModule.Action);
        Assert.NotNull(trapModule.Module!.ParseText().Start);
        Assert.Equal(new WastRegisterCommand(9, "name", "M"), commands[8]);
        Assert.Equal(new WastRegisterCommand(10, "other", null), commands[9]);
        var malformed = (WastAssertMalformed)commands[5];
        Assert.StartsWith("unexpected end", Assert.Throws<TextFormatException>(() => malformed.Module.ParseText()).Message);
    }

    [Fact]
    public void A_script_of_module_fields_is_one_module()
    {
        var module = Single<WastModuleCommand>("(func) (memory 0) (func (export \"f\"))").Module;
        var parsed = module.ParseText();
        Assert.Equal(2, parsed.Functions.Count);
        Assert.Single(parsed.Memories);
    }

    [Theory]
    [InlineData("(assert_return (invoke \"f\") (i32.const 1)", "unexpected end of input")]
    [InlineData("(frobnicate)", "unknown operator")]
    [InlineData("(assert_return (invoke \"f\") (i32.const 0x1_0000_0000))", "constant out of range")]
    [InlineData("(assert_return (invoke \"f\") (v128.const i32x4 1 2 3))", "wrong number of lane literals")]
    [InlineData("(invoke \"f\" (i32.add))", "unexpected token")]
    [InlineData("(module quote \"unclosed)", "unclosed string literal")]
    public void Malformed_scripts_are_text_format_errors(string text, string reason) =>
        Assert.StartsWith(reason, Assert.Throws<TextFormatException>(() => WastScript.Parse(text)).Message);

    [Fact]
    public void Deeply_nested_either_patterns_are_an_error_not_a_crash()
    {
        const int depth = 100_000;
        var text = "(assert_return (invoke \"f\") " + string.Concat(Enumerable.Repeat("(either ", depth)) + "(i32.const 0)" + new string(')', depth + 1);
        Assert.Throws<TextFormatException>(() => WastScript.Parse(text));
    }
}
