using Sharptime.Model;
using static Sharptime.Tests.Validation.ModuleBuilder;

namespace Sharptime.Tests.Validation;

public class FunctionValidationTests
{
    private static readonly ValType I32T = ValType.I32, I64T = ValType.I64, F32T = ValType.F32;

    private static ModuleBuilder One(ValType[] parameters, ValType[] results, params Instruction[] code)
    {
        var b = new ModuleBuilder();
        b.Function(parameters, results, [], code);
        return b;
    }

    [Fact]
    public void Arithmetic_on_matching_operands_is_valid()
    {
        var info = ValidationAssert.Valid(One([I32T, I32T], [I32T], Op(Opcode.LocalGet, 0), Op(Opcode.LocalGet, 1), Op(Opcode.I32Add)).Module);
        Assert.Equal(2, info.Functions[0].MaxStackDepth);
        Assert.True(info.Functions[0].IsLeaf);
    }

    [Fact]
    public void Mismatch_reports_required_and_actual_types_like_the_reference_interpreter()
    {
        var e = ValidationAssert.Invalid(One([], [I32T], I64(1), Op(Opcode.I32Eqz)).Module, "type mismatch");
        Assert.StartsWith("type mismatch: instruction requires [i32] but stack has [i64]", e.Reason);
        Assert.Equal(0, e.FunctionIndex);
    }

    [Fact]
    public void Missing_operand_is_a_type_mismatch()
    {
        var e = ValidationAssert.Invalid(One([], [I32T], I32(1), Op(Opcode.I32Add)).Module, "type mismatch");
        Assert.StartsWith("type mismatch: instruction requires [i32 i32] but stack has [i32]", e.Reason);
    }

    [Fact]
    public void Values_left_over_at_the_end_of_a_block_are_a_type_mismatch()
    {
        var e = ValidationAssert.Invalid(One([], [], I32(1)).Module, "type mismatch");
        Assert.StartsWith("type mismatch: block requires [] but stack has [i32]", e.Reason);
    }

    [Fact]
    public void Unreachable_code_is_stack_polymorphic()
    {
        ValidationAssert.Valid(One([], [I32T], Op(Opcode.Unreachable)).Module);
        ValidationAssert.Valid(One([], [], Op(Opcode.Unreachable), Op(Opcode.I32Add), Op(Opcode.Drop)).Module);
        ValidationAssert.Valid(One([], [I64T], Op(Opcode.Unreachable), Op(Opcode.I32Eqz), Op(Opcode.Drop), I64(0)).Module);
        // Unknown operands still must fit: a known i64 is not an i32.
        ValidationAssert.Invalid(One([], [], Op(Opcode.Unreachable), I64(0), Op(Opcode.I32Add), Op(Opcode.Drop)).Module, "type mismatch");
        // Polymorphism ends with the frame: the block's result is checked normally after it.
        ValidationAssert.Invalid(One([], [], Block(Opcode.Block, I32T), Op(Opcode.Unreachable), End, I64(0), Op(Opcode.I64Add), Op(Opcode.Drop)).Module,
            "type mismatch");
    }

    [Fact]
    public void Br_table_targets_must_share_an_arity()
    {
        ValidationAssert.Invalid(One([], [],
            Block(Opcode.Block),
            Block(Opcode.Block, I32T),
            I32(0), I32(0), BrTable(0, 1),
            End, Op(Opcode.Drop),
            End).Module, "type mismatch");
    }

    [Fact]
    public void Br_table_with_unknown_operand_accepts_targets_of_different_types_and_same_arity()
    {
        ValidationAssert.Valid(One([], [],
            Block(Opcode.Block, F32T),
            Block(Opcode.Block, I32T),
            Op(Opcode.Unreachable), BrTable(0, 1),
            End, Op(Opcode.Drop), F32(0),
            End, Op(Opcode.Drop)).Module);
        // With a known operand, it must fit every target.
        ValidationAssert.Invalid(One([], [],
            Block(Opcode.Block, F32T),
            Block(Opcode.Block, I32T),
            I32(1), I32(0), BrTable(0, 1),
            End, Op(Opcode.Drop), F32(0),
            End, Op(Opcode.Drop)).Module, "type mismatch");
    }

    [Fact]
    public void Br_if_after_unreachable_pushes_the_label_types()
    {
        // (result i64) unreachable br_if 0 leaves [i64], which i64.extend_i32_u cannot take.
        var b = new ModuleBuilder();
        b.Function([], [I64T], [], Op(Opcode.Unreachable), Op(Opcode.BrIf, 0), Op(Opcode.I64ExtendI32U));
        ValidationAssert.Invalid(b.Module, "type mismatch");
    }

    [Fact]
    public void Untyped_select_takes_numbers_of_one_type()
    {
        ValidationAssert.Valid(One([], [I32T], I32(1), I32(2), I32(0), Op(Opcode.Select)).Module);
        ValidationAssert.Invalid(One([], [I32T], I32(1), I64(2), I32(0), Op(Opcode.Select)).Module, "type mismatch");
        ValidationAssert.Invalid(One([], [], RefNull(HeapType.Func), RefNull(HeapType.Func), I32(0), Op(Opcode.Select), Op(Opcode.Drop)).Module,
            "type mismatch");
        // Unknown operands: the result takes the known one's type, or stays unknown.
        ValidationAssert.Valid(One([], [I64T], Op(Opcode.Unreachable), I64(1), I32(0), Op(Opcode.Select)).Module);
        ValidationAssert.Valid(One([], [F32T], Op(Opcode.Unreachable), Op(Opcode.Select)).Module);
        ValidationAssert.Invalid(One([], [F32T], Op(Opcode.Unreachable), I64(1), I32(0), Op(Opcode.Select)).Module, "type mismatch");
    }

    [Fact]
    public void Typed_select_takes_references_and_exactly_one_type()
    {
        ValidationAssert.Valid(One([], [ValType.FuncRef], RefNull(HeapType.Func), RefNull(HeapType.Func), I32(0), SelectTyped(ValType.FuncRef)).Module);
        ValidationAssert.Invalid(One([], [], I32(1), I32(2), I32(0), SelectTyped()).Module, "invalid result arity");
        ValidationAssert.Invalid(One([], [], I32(1), I32(2), I32(0), SelectTyped(I32T, I32T)).Module, "invalid result arity");
    }

    [Fact]
    public void Blocks_take_parameters_from_the_stack()
    {
        var b = new ModuleBuilder();
        int binary = b.Type([I32T, I32T], [I32T]);
        b.Function([], [I32T], [], I32(1), I32(2), Block(Opcode.Block, BlockType.FromTypeIndex(binary)), Op(Opcode.I32Add), End);
        ValidationAssert.Valid(b.Module);

        var missing = new ModuleBuilder();
        binary = missing.Type([I32T, I32T], [I32T]);
        missing.Function([], [I32T], [], I32(1), Block(Opcode.Block, BlockType.FromTypeIndex(binary)), Op(Opcode.I32Add), End);
        ValidationAssert.Invalid(missing.Module, "type mismatch");
    }

    [Fact]
    public void Branch_to_a_loop_carries_its_parameters()
    {
        var b = new ModuleBuilder();
        int loopType = b.Type([I32T], [I64T]);
        b.Function([], [I64T], [], I32(1), Block(Opcode.Loop, BlockType.FromTypeIndex(loopType)), Op(Opcode.Br, 0), End);
        ValidationAssert.Valid(b.Module);
        var info = ValidationAssert.Valid(b.Module);
        Assert.True(info.Functions[0].HasLoops);
    }

    [Fact]
    public void If_without_else_must_return_its_parameters()
    {
        ValidationAssert.Invalid(One([], [I32T], I32(1), Block(Opcode.If, I32T), I32(2), End).Module, "type mismatch");
        var b = new ModuleBuilder();
        int identity = b.Type([I32T], [I32T]);
        b.Function([], [I32T], [], I32(7), I32(1), Block(Opcode.If, BlockType.FromTypeIndex(identity)), End);
        ValidationAssert.Valid(b.Module);
    }

    [Fact]
    public void Unknown_indices_are_named_with_their_index()
    {
        Assert.Equal("unknown local 3", ValidationAssert.Invalid(One([], [I32T], Op(Opcode.LocalGet, 3)).Module, "unknown local").Reason);
        Assert.Equal("unknown global 0", ValidationAssert.Invalid(One([], [I32T], Op(Opcode.GlobalGet, 0)).Module, "unknown global").Reason);
        Assert.Equal("unknown function 9", ValidationAssert.Invalid(One([], [], Op(Opcode.Call, 9)).Module, "unknown function").Reason);
        Assert.Equal("unknown label 1", ValidationAssert.Invalid(One([], [], Op(Opcode.Br, 1)).Module, "unknown label").Reason);
        Assert.Equal("unknown memory 0", ValidationAssert.Invalid(One([], [], I32(0), Load(Opcode.I32Load, 2), Op(Opcode.Drop)).Module, "unknown memory").Reason);
        Assert.Equal("unknown table 0", ValidationAssert.Invalid(One([], [], Op(Opcode.TableSize, 0), Op(Opcode.Drop)).Module, "unknown table").Reason);
        Assert.Equal("unknown data segment 0", ValidationAssert.Invalid(One([], [], Op(Opcode.DataDrop, 0)).Module, "unknown data segment").Reason);
        Assert.Equal("unknown elem segment 2", ValidationAssert.Invalid(One([], [], Op(Opcode.ElemDrop, 2)).Module, "unknown elem segment").Reason);
        Assert.Equal("unknown type 5", ValidationAssert.Invalid(One([], [], Block(Opcode.Block, BlockType.FromTypeIndex(5)), End).Module, "unknown type").Reason);
    }

    [Fact]
    public void Immutable_globals_cannot_be_set()
    {
        var b = new ModuleBuilder();
        b.Global(I32T, mutable: false, I32(0));
        b.Function(I32(1), Op(Opcode.GlobalSet, 0));
        // Each spec version's wording leads when its features are on.
        Assert.Contains("global is immutable", ValidationAssert.Invalid(b.Module, "immutable global").Message);
        Assert.Contains("immutable global", ValidationAssert.Invalid(b.Module, "global is immutable", Sharptime.Validation.WasmFeatures.Wasm2).Message);
    }

    [Fact]
    public void Alignment_must_not_exceed_the_natural_alignment()
    {
        var b = new ModuleBuilder();
        b.Memory();
        b.Function([], [I32T], [], I32(0), Load(Opcode.I32Load8U, 1));
        ValidationAssert.Invalid(b.Module, "alignment must not be larger than natural");
        var ok = new ModuleBuilder();
        ok.Memory();
        ok.Function([], [I32T], [], I32(0), Load(Opcode.I32Load, 2));
        var info = ValidationAssert.Valid(ok.Module).Functions[0];
        Assert.True(info.UsesMemory(0));
        Assert.False(info.UsesMemory(1));
    }

    [Fact]
    public void Memory64_addresses_are_i64_and_offsets_of_32_bit_memories_fit_u32()
    {
        var b = new ModuleBuilder();
        b.Memory(is64: true);
        b.Function([], [I32T], [], I64(0), Load(Opcode.I32Load, 2, offset: 1UL << 40));
        ValidationAssert.Valid(b.Module);
        ValidationAssert.Invalid(b.Module, "memory64", Sharptime.Validation.WasmFeatures.Wasm2);

        var narrow = new ModuleBuilder();
        narrow.Memory();
        narrow.Function([], [I32T], [], I32(0), Load(Opcode.I32Load, 2, offset: 1UL << 32));
        ValidationAssert.Invalid(narrow.Module, "offset out of range");
    }

    [Fact]
    public void Lane_indices_must_exist()
    {
        var v128 = new Instruction { Opcode = Opcode.V128Const };
        ValidationAssert.Valid(One([], [I32T], v128, Op(Opcode.I8x16ExtractLaneU, 15)).Module);
        ValidationAssert.Invalid(One([], [I32T], v128, Op(Opcode.I8x16ExtractLaneU, 16)).Module, "invalid lane index");
        ValidationAssert.Invalid(One([], [I64T], v128, Op(Opcode.I64x2ExtractLane, 2)).Module, "invalid lane index");
        var shuffle = new Instruction { Opcode = Opcode.I8x16Shuffle, V128 = new V128(0x1F1F1F1F1F1F1F1FUL, 0x1F1F1F1F1F1F1F1FUL) };
        ValidationAssert.Valid(One([], [ValType.V128], v128, v128, shuffle).Module);
        shuffle.V128 = new V128(0x20, 0);
        ValidationAssert.Invalid(One([], [ValType.V128], v128, v128, shuffle).Module, "invalid lane index");
    }

    [Fact]
    public void Non_nullable_locals_must_be_set_before_use_within_the_block()
    {
        var nonNullFunc = ValType.Ref(HeapType.Func, nullable: false);
        var b = new ModuleBuilder();
        int f = b.Function(); // a function to refer to
        b.Module.Exports.Add(new Export("f", ExternalKind.Function, f));
        b.Function([], [], [nonNullFunc], Op(Opcode.LocalGet, 0), Op(Opcode.Drop));
        Assert.StartsWith("uninitialized local", ValidationAssert.Invalid(b.Module, "uninitialized local").Reason);

        var set = new ModuleBuilder();
        f = set.Function();
        set.Module.Exports.Add(new Export("f", ExternalKind.Function, f));
        set.Function([], [], [nonNullFunc], Op(Opcode.RefFunc, 0), Op(Opcode.LocalSet, 0), Op(Opcode.LocalGet, 0), Op(Opcode.Drop));
        ValidationAssert.Valid(set.Module);

        // A set inside a block is forgotten at the block's end.
        var scoped = new ModuleBuilder();
        f = scoped.Function();
        scoped.Module.Exports.Add(new Export("f", ExternalKind.Function, f));
        scoped.Function([], [], [nonNullFunc], Block(Opcode.Block), Op(Opcode.RefFunc, 0), Op(Opcode.LocalSet, 0), End,
            Op(Opcode.LocalGet, 0), Op(Opcode.Drop));
        ValidationAssert.Invalid(scoped.Module, "uninitialized local");
    }

    [Fact]
    public void Ref_func_in_a_body_needs_a_declaration_outside_bodies()
    {
        var b = new ModuleBuilder();
        b.Function([], [], [], Op(Opcode.RefFunc, 0), Op(Opcode.Drop));
        ValidationAssert.Invalid(b.Module, "undeclared function reference");

        b.Module.Elements.Add(new ElementSegment
        {
            Mode = SegmentMode.Declarative,
            ElementType = ValType.FuncRef,
            Items = [Constant(Op(Opcode.RefFunc, 0))],
        });
        ValidationAssert.Valid(b.Module);
    }

    [Fact]
    public void Tail_calls_must_return_what_the_caller_returns()
    {
        var b = new ModuleBuilder();
        int callee = b.Function([], [I32T], [], I32(1));
        b.Function([], [I32T], [], Op(Opcode.ReturnCall, (uint)callee));
        var info = ValidationAssert.Valid(b.Module);
        Assert.False(info.Functions[1].IsLeaf);
        b.Function([], [I64T], [], Op(Opcode.ReturnCall, (uint)callee));
        ValidationAssert.Invalid(b.Module, "type mismatch");
        ValidationAssert.Invalid(b.Module, "unknown operator", Sharptime.Validation.WasmFeatures.Wasm2);
    }

    [Fact]
    public void Try_table_catch_labels_must_take_the_payload()
    {
        var b = new ModuleBuilder();
        int tagType = b.Type([I32T], []);
        b.Module.Tags.Add(new TagType(tagType));
        // block (result i32) try_table (catch 0 0) ... end unreachable end
        b.Function([], [I32T], [],
            Block(Opcode.Block, I32T),
            TryTable(BlockType.Empty, new CatchClause(CatchKind.Catch, 0, 0)),
            End,
            Op(Opcode.Unreachable),
            End);
        ValidationAssert.Valid(b.Module);

        var wrong = new ModuleBuilder();
        tagType = wrong.Type([I64T], []);
        wrong.Module.Tags.Add(new TagType(tagType));
        wrong.Function([], [I32T], [],
            Block(Opcode.Block, I32T),
            TryTable(BlockType.Empty, new CatchClause(CatchKind.Catch, 0, 0)),
            End,
            Op(Opcode.Unreachable),
            End);
        ValidationAssert.Invalid(wrong.Module, "type mismatch");
    }

    [Fact]
    public void Rethrow_must_target_a_catch()
    {
        var b = new ModuleBuilder();
        b.Function(Block(Opcode.Block), Op(Opcode.Rethrow, 0), End);
        ValidationAssert.Invalid(b.Module, "invalid rethrow label");

        var ok = new ModuleBuilder();
        ok.Function(Block(Opcode.Try), Op(Opcode.CatchAll), Op(Opcode.Rethrow, 0), End);
        ValidationAssert.Valid(ok.Module);
    }

    [Fact]
    public void Legacy_catch_bodies_must_leave_the_block_results()
    {
        var b = new ModuleBuilder();
        b.Function(Block(Opcode.Try), Op(Opcode.CatchAll), I32(42), End);
        Assert.StartsWith("type mismatch: block requires [] but stack has [i32]", ValidationAssert.Invalid(b.Module, "type mismatch").Reason);
    }

    [Fact]
    public void Struct_fields_are_typed_and_immutable_fields_cannot_be_set()
    {
        var b = new ModuleBuilder();
        int s = b.Type(new StructType([new FieldType(new StorageType(I32T), Mutable: false), new FieldType(new StorageType(I32T, PackedType.I8), Mutable: true)]));
        var reference = ValType.Ref(HeapType.FromTypeIndex(s), nullable: false);
        b.Function([reference], [I32T], [], Op(Opcode.LocalGet, 0), Op(Opcode.StructGetS, (uint)s, 1));
        ValidationAssert.Valid(b.Module);
        b.Function([reference], [], [], Op(Opcode.LocalGet, 0), I32(1), Op(Opcode.StructSet, (uint)s, 0));
        ValidationAssert.Invalid(b.Module, "immutable field");

        var packed = new ModuleBuilder();
        s = packed.Type(new StructType([new FieldType(new StorageType(I32T, PackedType.I8), Mutable: true)]));
        reference = ValType.Ref(HeapType.FromTypeIndex(s), nullable: true);
        packed.Function([reference], [I32T], [], Op(Opcode.LocalGet, 0), Op(Opcode.StructGet, (uint)s, 0));
        ValidationAssert.Invalid(packed.Module, "type mismatch");
    }

    [Fact]
    public void Br_on_cast_sends_the_target_type_and_falls_through_with_the_rest()
    {
        var b = new ModuleBuilder();
        var anyRef = ValType.AnyRef;
        var i31 = ValType.Ref(HeapType.I31, nullable: false);
        // block (result (ref i31)) local.get 0 br_on_cast 0 anyref (ref i31) ; leaves anyref ; drop unreachable end
        b.Function([anyRef], [i31], [],
            Block(Opcode.Block, i31),
            Op(Opcode.LocalGet, 0),
            new Instruction { Opcode = Opcode.BrOnCast, Flags = 1, Index = 0, HeapType = HeapType.Any, HeapType2 = HeapType.I31 },
            Op(Opcode.Drop),
            Op(Opcode.Unreachable),
            End);
        ValidationAssert.Valid(b.Module);

        var wrongTarget = new ModuleBuilder();
        wrongTarget.Function([anyRef], [i31], [],
            Block(Opcode.Block, i31),
            Op(Opcode.LocalGet, 0),
            new Instruction { Opcode = Opcode.BrOnCast, Flags = 1, Index = 0, HeapType = HeapType.Any, HeapType2 = HeapType.Func },
            Op(Opcode.Drop),
            Op(Opcode.Unreachable),
            End);
        ValidationAssert.Invalid(wrongTarget.Module, "type mismatch");
    }

    [Fact]
    public void Array_new_fixed_with_a_huge_count_fails_fast_or_uses_unknown_operands()
    {
        var b = new ModuleBuilder();
        int a = b.Type(new ArrayType(new FieldType(new StorageType(I32T), Mutable: false)));
        var result = ValType.Ref(HeapType.FromTypeIndex(a), nullable: false);
        b.Function([], [result], [], Op(Opcode.Unreachable), I32(1), Op(Opcode.ArrayNewFixed, (uint)a, uint.MaxValue));
        ValidationAssert.Valid(b.Module);

        var reachable = new ModuleBuilder();
        a = reachable.Type(new ArrayType(new FieldType(new StorageType(I32T), Mutable: false)));
        result = ValType.Ref(HeapType.FromTypeIndex(a), nullable: false);
        reachable.Function([], [result], [], I32(1), Op(Opcode.ArrayNewFixed, (uint)a, uint.MaxValue));
        ValidationAssert.Invalid(reachable.Module, "type mismatch");
    }
}
