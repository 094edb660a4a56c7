using Sharptime.Model;
using Sharptime.Validation;
using static Sharptime.Tests.Validation.ModuleBuilder;

namespace Sharptime.Tests.Validation;

public class ModuleValidationTests
{
    [Fact]
    public void Empty_module_is_valid()
    {
        var result = ValidationAssert.Valid(new WasmModule());
        Assert.Empty(result.Functions);
    }

    [Fact]
    public void Export_names_are_unique()
    {
        var b = new ModuleBuilder();
        int f = b.Function();
        b.Module.Exports.Add(new Export("a", ExternalKind.Function, f));
        b.Module.Exports.Add(new Export("a", ExternalKind.Function, f));
        ValidationAssert.Invalid(b.Module, "duplicate export name");
    }

    [Fact]
    public void Exports_name_existing_entities()
    {
        var b = new ModuleBuilder();
        b.Module.Exports.Add(new Export("m", ExternalKind.Memory, 0));
        Assert.Equal("unknown memory 0", ValidationAssert.Invalid(b.Module, "unknown memory").Reason);
    }

    [Fact]
    public void Start_function_takes_and_returns_nothing()
    {
        var b = new ModuleBuilder();
        b.Function([ValType.I32], [], []);
        b.Module.Start = 0;
        ValidationAssert.Invalid(b.Module, "start function");
        b.Module.Start = 1;
        ValidationAssert.Invalid(b.Module, "unknown function");
    }

    [Theory]
    [InlineData(2UL, 1UL, "size minimum must not be greater than maximum")]
    [InlineData(65537UL, null, "memory size must be at most 65536 pages (4GiB)")]
    [InlineData(0UL, 65537UL, "memory size")]
    public void Memory_limits(ulong min, ulong? max, string expected)
    {
        var b = new ModuleBuilder();
        b.Memory(min, max);
        ValidationAssert.Invalid(b.Module, expected);
    }

    [Fact]
    public void Memory_of_65536_pages_is_valid()
    {
        var b = new ModuleBuilder();
        b.Memory(65536, 65536);
        ValidationAssert.Valid(b.Module);
    }

    [Theory]
    [InlineData(false, 1UL << 32, true)]
    [InlineData(false, (1UL << 32) + 1, false)]
    [InlineData(true, ulong.MaxValue, true)]
    public void Memory_of_one_byte_pages_may_span_the_address_space(bool is64, ulong pages, bool valid)
    {
        var b = new ModuleBuilder();
        b.Module.Memories.Add(new MemoryType(new Limits(pages, null, is64), PageSizeLog2: 0));
        if (valid) ValidationAssert.Valid(b.Module);
        else ValidationAssert.Invalid(b.Module, "memory size");
    }

    [Fact]
    public void Multiple_memories_need_the_multi_memory_feature()
    {
        var b = new ModuleBuilder();
        b.Memory();
        b.Memory();
        ValidationAssert.Valid(b.Module);
        ValidationAssert.Invalid(b.Module, "multiple memories", WasmFeatures.Wasm2);
    }

    [Fact]
    public void Table_of_non_nullable_references_needs_an_initializer()
    {
        var b = new ModuleBuilder();
        b.Table(ValType.Ref(HeapType.Func, nullable: false));
        ValidationAssert.Invalid(b.Module, "type mismatch");
    }

    [Fact]
    public void Active_element_segment_must_fit_its_table()
    {
        var b = new ModuleBuilder();
        b.Table(ValType.ExternRef);
        b.Function();
        b.Module.Elements.Add(new ElementSegment
        {
            Mode = SegmentMode.Active,
            ElementType = ValType.FuncRef,
            Items = [Constant(Op(Opcode.RefFunc, 0))],
            TableIndex = 0,
            Offset = Constant(I32(0)),
        });
        ValidationAssert.Invalid(b.Module, "type mismatch");
    }

    [Fact]
    public void Data_segment_offset_has_the_memory_address_type()
    {
        var b = new ModuleBuilder();
        b.Memory(is64: true);
        b.Module.Data.Add(new DataSegment { Mode = SegmentMode.Active, Bytes = new byte[1], MemoryIndex = 0, Offset = Constant(I32(0)) });
        ValidationAssert.Invalid(b.Module, "type mismatch");
        b.Module.Data[0] = new DataSegment { Mode = SegmentMode.Active, Bytes = new byte[1], MemoryIndex = 0, Offset = Constant(I64(0)) };
        ValidationAssert.Valid(b.Module);
    }

    [Fact]
    public void Tags_have_no_results()
    {
        var b = new ModuleBuilder();
        int type = b.Type([], [ValType.I32]);
        b.Module.Tags.Add(new TagType(type));
        ValidationAssert.Invalid(b.Module, "non-empty tag result type");
    }

    [Fact]
    public void Function_and_code_counts_must_agree()
    {
        var b = new ModuleBuilder();
        b.Function();
        b.Module.Bodies.Clear();
        ValidationAssert.Invalid(b.Module, "function and code section have inconsistent lengths");
    }

    [Fact]
    public void Lowest_failing_function_is_reported_when_bodies_are_validated_in_parallel()
    {
        var b = new ModuleBuilder();
        // Enough code to take the parallel path: many valid functions, and two invalid ones.
        var filler = Enumerable.Range(0, 2000).SelectMany(_ => new[] { I32(1), Op(Opcode.Drop) }).ToArray();
        for (int i = 0; i < 200; i++)
        {
            if (i == 150) b.Function(Op(Opcode.LocalGet, 7));
            else if (i == 170) b.Function(I32(1));
            else b.Function(filler);
        }
        var e = ValidationAssert.Invalid(b.Module, "unknown local 7");
        Assert.Equal(150, e.FunctionIndex);
    }

    [Fact]
    public void Deferred_bodies_are_validated_when_first_asked_about()
    {
        var b = new ModuleBuilder();
        b.Function(I32(1), Op(Opcode.Drop));
        b.Function(Op(Opcode.LocalGet, 0)); // invalid, but not looked at yet
        var result = ModuleValidator.Validate(b.Module, new ValidationOptions { DeferFunctionBodies = true });
        Assert.False(result.IsValidated(0));
        Assert.Equal(1, result.GetFunctionInfo(0).MaxStackDepth);
        Assert.True(result.IsValidated(0));
        var e = Assert.Throws<InvalidModuleException>(() => result.GetFunctionInfo(1));
        Assert.StartsWith("unknown local 0", e.Message);
        Assert.Equal(1, e.FunctionIndex);
    }
}
