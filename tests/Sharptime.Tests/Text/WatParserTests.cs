using Sharptime.Binary;
using Sharptime.Model;
using Sharptime.Text;

namespace Sharptime.Tests.Text;

public class WatParserTests
{
    private static WasmModule Parse(string text) => WatParser.ParseModule(text);

    private static TextFormatException Fails(string text) => Assert.Throws<TextFormatException>(() => Parse(text));

    private static List<Instruction> Code(WasmModule module, int body = 0) => Decode(module.Bodies[body].Code);

    private static List<Instruction> Decode(ReadOnlyMemory<byte> code)
    {
        var list = new List<Instruction>();
        var reader = new InstructionReader(code.Span);
        while (!reader.AtEnd) list.Add(reader.Read());
        return list;
    }

    private static Opcode[] Ops(WasmModule module, int body = 0) => Code(module, body).Select(i => i.Opcode).ToArray();

    private static void SameCode(string a, string b) =>
        Assert.Equal(Convert.ToHexString(Parse(a).Bodies[0].Code.Span), Convert.ToHexString(Parse(b).Bodies[0].Code.Span));

    [Fact]
    public void Folded_instructions_emit_operands_first()
    {
        SameCode("(func (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))",
                 "(func (param i32) (result i32) local.get 0 i32.const 1 i32.add)");
    }

    [Fact]
    public void Folded_if_with_label_then_and_else_equals_the_plain_form()
    {
        SameCode(
            "(func (param i32) (result i32) (if $l (result i32) (local.get 0) (then (br $l (i32.const 1))) (else (i32.const 2))))",
            "(func (param i32) (result i32) local.get 0 if $l (result i32) i32.const 1 br $l else $l i32.const 2 end $l)");
    }

    [Fact]
    public void Labels_resolve_to_depths_and_shadow()
    {
        var code = Code(Parse("(func (block $a (block $b (block $a (br $a) (br $b) (br 2)))))"));
        var brs = code.Where(i => i.Opcode == Opcode.Br).Select(i => i.Index).ToArray();
        Assert.Equal([0u, 1u, 2u], brs);
    }

    [Fact]
    public void An_inline_import_after_a_definition_is_malformed() =>
        Assert.StartsWith("import after function", Fails("(module (func $g) (func $f (import \"m\" \"n\")))").Message);

    [Fact]
    public void Inline_imports_come_first_in_their_index_space()
    {
        var m = Parse("(module (func $f (export \"a\") (export \"b\") (import \"m\" \"n\") (param i32)) (func $g (call $f (i32.const 1))) (export \"g\" (func $g)))");
        var import = Assert.Single(m.Imports);
        Assert.Equal(("m", "n", ExternalKind.Function), (import.Module, import.Name, import.Kind));
        Assert.Equal([new Export("a", ExternalKind.Function, 0), new Export("b", ExternalKind.Function, 0), new Export("g", ExternalKind.Function, 1)], m.Exports);
        Assert.Equal(0u, Code(m).Single(i => i.Opcode == Opcode.Call).Index);
    }

    [Fact]
    public void Names_may_be_used_before_their_definition()
    {
        var m = Parse("(module (func (call $later) (global.set $g (i32.const 1))) (func $later) (global $g (mut i32) (i32.const 0)))");
        Assert.Equal(1u, Code(m).Single(i => i.Opcode == Opcode.Call).Index);
        Assert.Equal(0u, Code(m).Single(i => i.Opcode == Opcode.GlobalSet).Index);
    }

    [Fact]
    public void Implicit_function_types_are_appended_after_the_explicit_ones()
    {
        var m = Parse("(module (func (param i32)) (type $t (func)) (func (type $t)) (func (param i32)) (func (result i64)))");
        Assert.Equal(3, m.Types.Count);
        Assert.Equal([1, 0, 1, 2], m.Functions);
        Assert.Equal(FuncType.Empty, m.GetFuncType(0));
        Assert.Equal([ValType.I32], m.GetFuncType(1).Parameters);
    }

    [Fact]
    public void A_type_use_reuses_a_matching_explicit_type_and_checks_a_written_signature()
    {
        var m = Parse("(module (type $t (func (param i32) (result i32))) (func (param i32) (result i32) (local.get 0)) (func (type $t) (param $x i32) (result i32) (local.get $x)))");
        Assert.Single(m.Types);
        Assert.Equal([0, 0], m.Functions);
        Assert.StartsWith("inline function type", Fails("(type $t (func (param i32))) (func (type $t) (param i64))").Message);
    }

    [Fact]
    public void Types_in_rec_groups_are_not_reused_for_type_uses()
    {
        var m = Parse("(module (rec (type (func)) (type (struct))) (func))");
        Assert.Equal(3, m.Types.Count);
        Assert.Equal(2, m.Functions[0]);
        Assert.Equal([new RecGroup(0, 2), new RecGroup(2, 1)], m.RecGroups);
    }

    [Fact]
    public void Block_types_are_empty_a_value_or_a_type_index()
    {
        var m = Parse("(module (func (block) (block (result i32) (i32.const 1) drop) (block (param i32) (result i32)) (loop (type 0))))");
        var blocks = Code(m).Where(i => i.Opcode is Opcode.Block or Opcode.Loop).Select(i => i.BlockType).ToArray();
        Assert.Equal(BlockType.Empty, blocks[0]);
        Assert.Equal(BlockType.Value(ValType.I32), blocks[1]);
        Assert.True(blocks[2].IsTypeIndex);
        Assert.Equal([ValType.I32], m.GetFuncType(blocks[2].TypeIndex).Parameters);
        Assert.Equal(BlockType.Empty, blocks[3]); // (type 0) is [] -> []: the short form
    }

    [Fact]
    public void Locals_and_params_share_one_name_space()
    {
        var m = Parse("(func (param $a i32) (param f32) (local $b i64) (local i64 i64 f64) (local.get $b) drop (local.get $a) drop)");
        Assert.Equal([new LocalDeclaration(3, ValType.I64), new LocalDeclaration(1, ValType.F64)], m.Bodies[0].Locals);
        Assert.Equal([2u, 0u], Code(m).Where(i => i.Opcode == Opcode.LocalGet).Select(i => i.Index));
        Assert.StartsWith("duplicate local", Fails("(func (param $a i32) (local $a i32))").Message);
        Assert.StartsWith("unknown local", Fails("(func (local.get $nope) drop)").Message);
    }

    [Fact]
    public void Memory64_table64_and_inline_data()
    {
        var m = Parse("(module (memory $m i64 2 10) (memory (data \"ab\" \"c\")) (table i64 1 funcref))");
        Assert.Equal(new Limits(2, 10, Is64: true), m.Memories[0].Limits);
        Assert.Equal(new Limits(1, 1), m.Memories[1].Limits);
        Assert.True(m.Tables[0].Type.Limits.Is64);
        var data = Assert.Single(m.Data);
        Assert.Equal("616263", Convert.ToHexString(data.Bytes.Span));
        Assert.Equal(1, data.MemoryIndex);
        Assert.Equal("41000B", Convert.ToHexString(data.Offset!.Code.Span));
    }

    [Fact]
    public void Shared_memories_and_custom_page_sizes_are_kept_for_the_validator()
    {
        var m = Parse("(module (import \"m\" \"n\" (memory 1 1 shared)) (memory 1 2 shared) (memory i64 0 (pagesize 1)))");
        Assert.True(m.Imports[0].Memory!.Limits.Shared);
        Assert.Equal(new MemoryType(new Limits(1, 2, Shared: true)), m.Memories[0]);
        Assert.Equal(new MemoryType(new Limits(0, null, Is64: true), PageSizeLog2: 0), m.Memories[1]);
        Assert.StartsWith("invalid custom page size", Fails("(memory 1 (pagesize 3))").Message);
    }

    [Fact]
    public void Inline_table_elements_size_the_table()
    {
        var m = Parse("(module (func $f) (func $g) (table $t i64 funcref (elem $f $g $f)))");
        Assert.Equal(new Limits(3, 3, Is64: true), m.Tables[0].Type.Limits);
        var segment = Assert.Single(m.Elements);
        Assert.Equal(SegmentMode.Active, segment.Mode);
        Assert.Equal("42000B", Convert.ToHexString(segment.Offset!.Code.Span));
        Assert.Equal(["D2000B", "D2010B", "D2000B"], segment.Items.Select(i => Convert.ToHexString(i.Code.Span)));
    }

    [Fact]
    public void Element_segment_forms()
    {
        var m = Parse("""
            (module
              (table $t 10 funcref) (func $f)
              (elem (i32.const 0) $f)
              (elem $p func $f $f)
              (elem declare func $f)
              (elem (table $t) (offset (i32.const 1) (i32.const 2) i32.add) funcref (item ref.func $f) (ref.null func))
              (elem externref))
            """);
        Assert.Equal([SegmentMode.Active, SegmentMode.Passive, SegmentMode.Declarative, SegmentMode.Active, SegmentMode.Passive],
            m.Elements.Select(e => e.Mode));
        Assert.Equal(ValType.Ref(HeapType.Func, nullable: false), m.Elements[0].ElementType);
        Assert.Equal(ValType.FuncRef, m.Elements[3].ElementType);
        Assert.Equal("D0700B", Convert.ToHexString(m.Elements[3].Items[1].Code.Span));
        Assert.Equal(ValType.ExternRef, m.Elements[4].ElementType);
        Assert.Empty(m.Elements[4].Items);
    }

    [Fact]
    public void Data_segment_forms_and_data_count()
    {
        var m = Parse("(module (memory 1) (memory $m 1) (data \"x\") (data (memory $m) (i32.const 8) \"\\01\\02\") (data $d (offset (i32.const 0)) \"\") (func (data.drop $d)))");
        Assert.Equal([SegmentMode.Passive, SegmentMode.Active, SegmentMode.Active], m.Data.Select(d => d.Mode));
        Assert.Equal(1, m.Data[1].MemoryIndex);
        Assert.Equal(3, m.DataCount);
        Assert.Null(Parse("(module (memory 1) (data (i32.const 0) \"x\"))").DataCount);
    }

    [Fact]
    public void Memargs_default_to_natural_alignment_and_flag_other_memories()
    {
        var m = Parse("(module (memory 1) (memory $m 1) (func (drop (i64.load (i32.const 0))) (drop (i32.load $m offset=8 align=2 (i32.const 0)))))");
        var loads = Code(m).Where(i => i.Opcode is Opcode.I64Load or Opcode.I32Load).ToArray();
        Assert.Equal((3u, 0u, 0UL), (loads[0].AlignLog2, loads[0].Index2, loads[0].Immediate));
        Assert.Equal((1u, 1u, 8UL), (loads[1].AlignLog2, loads[1].Index2, loads[1].Immediate));
        // i32.load with flags 0x41 (align 1, memory index follows), memory 1, offset 8.
        Assert.Contains("28410108", Convert.ToHexString(m.Bodies[0].Code.Span));
        Assert.StartsWith("alignment", Fails("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))").Message);
    }

    [Fact]
    public void Vector_constants_in_every_shape()
    {
        var m = Parse("""
            (func
              (drop (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 -1))
              (drop (v128.const i16x8 1 2 3 4 5 6 7 0xffff))
              (drop (v128.const i32x4 1 2 3 -1))
              (drop (v128.const i64x2 1 -1))
              (drop (v128.const f32x4 1.0 -0 inf nan:0x1))
              (drop (v128.const f64x2 0x1p-1074 -nan)))
            """);
        var vs = Code(m).Where(i => i.Opcode == Opcode.V128Const).Select(i => i.V128).ToArray();
        Assert.Equal(new V128(0x0706050403020100, 0xFF0E0D0C0B0A0908), vs[0]);
        Assert.Equal(new V128(0x0004000300020001, 0xFFFF000700060005), vs[1]);
        Assert.Equal(new V128(0x0000000200000001, 0xFFFFFFFF00000003), vs[2]);
        Assert.Equal(new V128(1, ulong.MaxValue), vs[3]);
        Assert.Equal(new V128(0x80000000_3F800000, 0x7F800001_7F800000), vs[4]);
        Assert.Equal(new V128(1, 0xFFF8000000000000), vs[5]);
        Assert.StartsWith("wrong number of lane literals", Fails("(func (drop (v128.const i32x4 1 2 3)))").Message);
        Assert.StartsWith("constant out of range", Fails("(func (drop (v128.const i8x16 256 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0)))").Message);
    }

    [Fact]
    public void Shuffle_and_lane_immediates()
    {
        var m = Parse("(func (param v128) (result i32) (i8x16.extract_lane_u 15 (i8x16.shuffle 31 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 (local.get 0) (local.get 0))))");
        var code = Code(m);
        Assert.Equal(31, code.Single(i => i.Opcode == Opcode.I8x16Shuffle).V128[0]);
        Assert.Equal(15u, code.Single(i => i.Opcode == Opcode.I8x16ExtractLaneU).Index);
        Assert.StartsWith("invalid lane length", Fails("(func (drop (i8x16.shuffle 0 1 (v128.const i64x2 0 0) (v128.const i64x2 0 0))))").Message);
        Assert.StartsWith("i8 constant out of range", Fails("(func (drop (i8x16.extract_lane_u 256 (v128.const i64x2 0 0))))").Message);
        var legacy = new TextParserOptions { Wasm20Compatible = true };
        Assert.StartsWith("malformed lane index",
            Assert.Throws<TextFormatException>(() => WatParser.ParseModule("(func (drop (i8x16.extract_lane_u 256 (v128.const i64x2 0 0))))", legacy)).Message);
    }

    [Fact]
    public void Lane_loads_take_an_optional_memory_and_memarg_before_the_lane()
    {
        var m = Parse("(module (memory 1) (memory 1) (func (param v128) (drop (v128.load8_lane 1 2 (i32.const 0) (local.get 0))) (drop (v128.load8_lane offset=3 4 (i32.const 0) (local.get 0)))))");
        var loads = Code(m).Where(i => i.Opcode == Opcode.V128Load8Lane).ToArray();
        Assert.Equal((1u, 2u), (loads[0].Index2, loads[0].Index));
        Assert.Equal((0u, 4u, 3UL), (loads[1].Index2, loads[1].Index, loads[1].Immediate));
    }

    [Fact]
    public void Select_with_and_without_types()
    {
        var m = Parse("(func (result i32) (select (i32.const 1) (i32.const 2) (i32.const 0)) (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0)) drop)");
        var selects = Code(m).Where(i => i.Opcode is Opcode.Select or Opcode.SelectTyped).ToArray();
        Assert.Equal(Opcode.Select, selects[0].Opcode);
        Assert.Equal(Opcode.SelectTyped, selects[1].Opcode);
        Assert.Equal([ValType.I32], selects[1].SelectTypes!);
    }

    [Fact]
    public void Reference_types_gc_types_and_field_names()
    {
        var m = Parse("""
            (module
              (rec
                (type $node (sub (struct (field $value i32) (field $next (mut (ref null $node))))))
                (type $leaf (sub final $node (struct (field i32) (field (mut (ref null $node)))))))
              (type $bytes (array (mut i8)))
              (func (param $n (ref $node)) (result i32)
                (drop (ref.null $bytes)) (drop (ref.null extern)) (drop (ref.test (ref null $leaf) (local.get $n)))
                (struct.get $node $value (ref.cast (ref $node) (local.get $n)))))
            """);
        Assert.Equal([new RecGroup(0, 2), new RecGroup(2, 1), new RecGroup(3, 1)], m.RecGroups);
        Assert.False(m.Types[0].Final);
        Assert.True(m.Types[1].Final);
        Assert.Equal([0], m.Types[1].SuperTypes);
        var next = ((StructType)m.Types[0].Composite).Fields[1];
        Assert.Equal(new FieldType(new StorageType(ValType.Ref(HeapType.FromTypeIndex(0), nullable: true)), Mutable: true), next);
        Assert.Equal(PackedType.I8, ((ArrayType)m.Types[2].Composite).Element.Storage.Packed);
        var code = Code(m);
        Assert.Equal([HeapType.FromTypeIndex(2), HeapType.Extern], code.Where(i => i.Opcode == Opcode.RefNull).Select(i => i.HeapType));
        Assert.Equal(HeapType.FromTypeIndex(1), code.Single(i => i.Opcode == Opcode.RefTestNull).HeapType);
        Assert.Equal(Opcode.RefCast, code.Single(i => i.Opcode is Opcode.RefCast or Opcode.RefCastNull).Opcode);
        var get = code.Single(i => i.Opcode == Opcode.StructGet);
        Assert.Equal((0u, 0u), (get.Index, get.Index2));
        Assert.StartsWith("duplicate field", Fails("(type (struct (field $x i32) (field $x i32)))").Message);
        Assert.StartsWith("unknown field", Fails("(type $s (struct)) (func (param (ref $s)) (drop (struct.get $s $x (local.get 0))))").Message);
    }

    [Fact]
    public void Br_on_cast_flags_follow_nullability()
    {
        var m = Parse("(func (param anyref) (result anyref) (block $l (result anyref) (br_on_cast $l anyref (ref i31) (local.get 0))))");
        var cast = Code(m).Single(i => i.Opcode == Opcode.BrOnCast);
        Assert.Equal((1, 0u, HeapType.Any, HeapType.I31), (cast.Flags, cast.Index, cast.HeapType, cast.HeapType2));
    }

    [Fact]
    public void Try_table_catch_labels_resolve_outside_the_block()
    {
        var m = Parse("(module (tag $e (param i32)) (func (result i32) (block $out (result i32) (try_table $t (catch $e $out) (catch_all_ref 0) (unreachable)) (i32.const 0))))");
        var tryTable = Code(m).Single(i => i.Opcode == Opcode.TryTable);
        Assert.Equal([new CatchClause(CatchKind.Catch, 0, 0), new CatchClause(CatchKind.CatchAllRef, 0, 0)], tryTable.Catches!);
        Assert.Equal([new TagType(0)], m.Tags);
    }

    [Fact]
    public void Legacy_try_catch_and_delegate_folded_and_plain()
    {
        SameCode(
            "(module (tag $e) (func (try $t (do (throw $e)) (catch $e (rethrow $t)) (catch_all))))",
            "(module (tag $e) (func try $t throw $e catch $e rethrow $t catch_all end))");
        SameCode(
            "(module (tag $e) (func (block $b (try (do (try (do nop) (delegate $b)))))))",
            "(module (tag $e) (func block $b try try nop delegate $b end end))");
        var delegation = Code(Parse("(module (func (block $b (try (do) (delegate $b)))))")).Single(i => i.Opcode == Opcode.Delegate);
        Assert.Equal(0u, delegation.Index);
    }

    [Fact]
    public void Call_indirect_with_table_and_type_use()
    {
        var m = Parse("(module (table $a 1 funcref) (table $b 1 funcref) (type $t (func (param i32))) (func (call_indirect $b (type $t) (i32.const 1) (i32.const 0)) (call_indirect (param i64) (i64.const 1) (i32.const 0))))");
        var calls = Code(m).Where(i => i.Opcode == Opcode.CallIndirect).ToArray();
        Assert.Equal((0u, 1u), (calls[0].Index, calls[0].Index2));
        Assert.Equal(0u, calls[1].Index2);
        Assert.Equal([ValType.I64], m.GetFuncType((int)calls[1].Index).Parameters);
    }

    [Fact]
    public void Bulk_instructions_read_their_optional_and_reordered_indices()
    {
        var m = Parse("""
            (module (memory 1) (memory $m2 1) (table $t1 1 funcref) (table $t2 1 funcref) (elem $e func) (data $d "")
              (func
                (table.init $t2 $e (i32.const 0) (i32.const 0) (i32.const 0))
                (table.init $e (i32.const 0) (i32.const 0) (i32.const 0))
                (table.copy $t1 $t2 (i32.const 0) (i32.const 0) (i32.const 0))
                (memory.init $m2 $d (i32.const 0) (i32.const 0) (i32.const 0))
                (memory.copy (i32.const 0) (i32.const 0) (i32.const 0))))
            """);
        var code = Code(m);
        var inits = code.Where(i => i.Opcode == Opcode.TableInit).ToArray();
        Assert.Equal((0u, 1u), (inits[0].Index, inits[0].Index2));
        Assert.Equal((0u, 0u), (inits[1].Index, inits[1].Index2));
        var copy = code.Single(i => i.Opcode == Opcode.TableCopy);
        Assert.Equal((0u, 1u), (copy.Index, copy.Index2));
        var memInit = code.Single(i => i.Opcode == Opcode.MemoryInit);
        Assert.Equal((0u, 1u), (memInit.Index, memInit.Index2));
    }

    [Fact]
    public void Constants_and_their_ranges()
    {
        var code = Code(Parse("(func (drop (i32.const 0xffff_ffff)) (drop (i64.const -0x8000_0000_0000_0000)) (drop (f32.const 0x1p-1)) (drop (f64.const -nan:0x4)))"));
        Assert.Equal(-1, code[0].I32);
        Assert.Equal(long.MinValue, code[2].I64);
        Assert.Equal(0.5f, code[4].F32);
        Assert.Equal(0xFFF0_0000_0000_0004UL, code[6].Immediate);
        Assert.StartsWith("constant out of range", Fails("(func (drop (i32.const 0x1_0000_0000)))").Message);
        Assert.StartsWith("constant out of range", Fails("(func (drop (f32.const 1e39)))").Message);
        Assert.StartsWith("unknown operator", Fails("(func (drop (i32.const 0x)))").Message);
        Assert.StartsWith("unexpected token", Fails("(func (drop (i32.const)))").Message);
    }

    [Fact]
    public void Limits_are_u64_in_3_0_and_u32_in_2_0()
    {
        Assert.Equal(0x1_0000_0000UL, Parse("(memory 0x1_0000_0000)").Memories[0].Limits.Min);
        var legacy = new TextParserOptions { Wasm20Compatible = true };
        Assert.StartsWith("i32 constant out of range",
            Assert.Throws<TextFormatException>(() => WatParser.ParseModule("(memory 0x1_0000_0000)", legacy)).Message);
        Assert.StartsWith("i32 constant",
            Assert.Throws<TextFormatException>(() => WatParser.ParseModule("(memory 1) (func (drop (i32.load offset=4294967296 (i32.const 0))))", legacy)).Message);
    }

    [Theory]
    [InlineData("(func $f) (func $f)", "duplicate func")]
    [InlineData("(import \"\" \"\" (global $g i32)) (global $g i32 (i32.const 0))", "duplicate global")]
    [InlineData("(memory $m 1) (memory $m 1)", "duplicate memory")]
    [InlineData("(func (br $nowhere))", "unknown label")]
    [InlineData("(func (call $nowhere))", "unknown function")]
    [InlineData("(func (param (ref $nowhere)))", "unknown type")]
    [InlineData("(func block $a end $b)", "mismatching label")]
    [InlineData("(func block end $b)", "mismatching label")]
    [InlineData("(func i32.const 0 if $a else $b end)", "mismatching label")]
    [InlineData("(func (i32.add2))", "unknown operator")]
    [InlineData("(func get_local 0)", "unknown operator get_local")]
    [InlineData("(func (nop)", "unexpected end of input")]
    [InlineData("(func) (import \"\" \"\" (func))", "import after function")]
    [InlineData("(global i32 (i32.const 0)) (import \"\" \"\" (memory 1))", "import after global")]
    [InlineData("(func $a) (start $a) (start $a)", "multiple start sections")]
    [InlineData("(func (export \"\\ff\"))", "malformed UTF-8 encoding")]
    [InlineData("(func $\"\\ef\")", "malformed UTF-8")]
    [InlineData("(func (block (result i32) (param i32)))", "unexpected token")]
    [InlineData("(func (if (i32.const 0) (else)))", "unexpected token")]
    [InlineData("(func (end))", "unexpected token")]
    [InlineData("(func end)", "unexpected token")]
    [InlineData("(func (block nop)", "unexpected end of input")]
    [InlineData("(func (i32.add (i32.const 0) i32.const 1))", "unexpected token")]
    [InlineData("(module (func) x)", "unknown operator")]
    [InlineData("(module) (func)", "unexpected token")]
    [InlineData("(data\"a\")", "unknown operator")]
    public void Malformed_modules_report_the_spec_reason(string text, string reason) =>
        Assert.StartsWith(reason, Fails(text).Message);

    [Fact]
    public void An_error_earlier_in_the_text_wins_over_a_later_structural_one()
    {
        // The fields are delimited before they are parsed; the unbalanced ")" comes after the bad lane.
        Assert.StartsWith("i8 constant out of range", Fails("(func (drop (i8x16.extract_lane_s 256 (v128.const i64x2 0 0))))) )").Message);
    }

    [Fact]
    public void Errors_carry_the_position_of_the_offending_token()
    {
        var e = Fails("(module\n  (func\n    (call $missing)))");
        Assert.Equal((3, 11), (e.Line, e.Column));
    }

    [Fact]
    public void Deep_folded_nesting_does_not_use_the_call_stack()
    {
        const int depth = 100_000;
        var text = "(func (result i32) " + string.Concat(Enumerable.Repeat("(i32.add (i32.const 1) ", depth)) + "(i32.const 0)" + new string(')', depth) + ")";
        var m = Parse(text);
        Assert.Equal(2 * depth + 2, Code(m).Count); // depth constants and adds, the innermost constant, end
        var blocks = "(func " + string.Concat(Enumerable.Repeat("(block ", depth)) + new string(')', depth) + ")";
        Assert.Equal(2 * depth + 1, Code(Parse(blocks)).Count);
        var broken = "(func " + string.Concat(Enumerable.Repeat("(block ", depth)) + "(br $x)" + new string(')', depth) + ")";
        Assert.StartsWith("unknown label", Fails(broken).Message);
    }

    [Fact]
    public void Ids_become_the_name_section()
    {
        var m = Parse("(module $mod (func $f (param $p i32) (local $l i64)) (global $g i32 (i32.const 0)) (type $t (func)))");
        Assert.NotNull(m.Names);
        Assert.Equal("mod", m.Names.ModuleName);
        Assert.Equal("f", m.Names.FunctionNames[0]);
        Assert.Equal(new Dictionary<int, string> { [0] = "p", [1] = "l" }, m.Names.LocalNames[0]);
        Assert.Equal("g", m.Names.GlobalNames[0]);
        Assert.Equal("t", m.Names.TypeNames[0]);
        Assert.Null(WatParser.ParseModule("(module $mod (func $f))", new TextParserOptions { RecordNames = false }).Names);
    }

    [Fact]
    public void A_byte_order_mark_before_the_text_is_ignored()
    {
        Assert.Single(Parse("\uFEFF(module (func))").Functions);
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes("(func) (func)")]);
            Assert.Equal(2, WatParser.ParseModuleFile(path).Functions.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Quoted_and_plain_ids_are_the_same_name()
    {
        var m = Parse("(module (func $\"a b\") (func $ab) (func (call $\"ab\") (call $\"a\\20b\")))");
        Assert.Equal([1u, 0u], Code(m, 2).Where(i => i.Opcode == Opcode.Call).Select(i => i.Index));
    }
}
