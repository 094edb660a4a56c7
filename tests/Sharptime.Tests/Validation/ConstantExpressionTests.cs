using Sharptime.Model;
using Sharptime.Validation;
using static Sharptime.Tests.Validation.ModuleBuilder;

namespace Sharptime.Tests.Validation;

public class ConstantExpressionTests
{
    [Fact]
    public void Constants_and_ref_null_are_constant()
    {
        var b = new ModuleBuilder();
        b.Global(ValType.I32, false, I32(1));
        b.Global(ValType.FuncRef, false, RefNull(HeapType.Func));
        ValidationAssert.Valid(b.Module);
    }

    [Fact]
    public void Other_instructions_are_not_constant()
    {
        var b = new ModuleBuilder();
        b.Global(ValType.I32, false, I32(1), Op(Opcode.I32Eqz));
        ValidationAssert.Invalid(b.Module, "constant expression required");
    }

    [Fact]
    public void Initializer_must_have_the_global_type()
    {
        var b = new ModuleBuilder();
        b.Global(ValType.I32, false, I64(1));
        ValidationAssert.Invalid(b.Module, "type mismatch");
        var empty = new ModuleBuilder();
        empty.Global(ValType.I32, false);
        ValidationAssert.Invalid(empty.Module, "type mismatch");
        var two = new ModuleBuilder();
        two.Global(ValType.I32, false, I32(1), I32(2));
        ValidationAssert.Invalid(two.Module, "type mismatch");
    }

    [Fact]
    public void Extended_constants_need_the_feature()
    {
        var b = new ModuleBuilder();
        b.Global(ValType.I32, false, I32(1), I32(2), Op(Opcode.I32Add));
        ValidationAssert.Valid(b.Module);
        ValidationAssert.Invalid(b.Module, "constant expression required", WasmFeatures.Wasm2);
    }

    [Fact]
    public void Global_get_reads_earlier_immutable_globals()
    {
        var b = new ModuleBuilder();
        b.ImportGlobal(ValType.I32, mutable: false);
        b.Global(ValType.I32, false, Op(Opcode.GlobalGet, 0));
        b.Global(ValType.I32, false, Op(Opcode.GlobalGet, 1));
        ValidationAssert.Valid(b.Module);
        // 2.0 sees only imported globals.
        Assert.Equal("unknown global 1", ValidationAssert.Invalid(b.Module, "unknown global", WasmFeatures.Wasm2).Reason);

        var forward = new ModuleBuilder();
        forward.Global(ValType.I32, false, Op(Opcode.GlobalGet, 1));
        forward.Global(ValType.I32, false, I32(0));
        ValidationAssert.Invalid(forward.Module, "unknown global");

        var mutable = new ModuleBuilder();
        mutable.ImportGlobal(ValType.I32, mutable: true);
        mutable.Global(ValType.I32, false, Op(Opcode.GlobalGet, 0));
        ValidationAssert.Invalid(mutable.Module, "constant expression required");
    }

    [Fact]
    public void Ref_func_in_a_global_declares_the_function()
    {
        var b = new ModuleBuilder();
        b.Function();
        b.Global(ValType.FuncRef, false, Op(Opcode.RefFunc, 0));
        b.Function([], [], [], Op(Opcode.RefFunc, 0), Op(Opcode.Drop));
        ValidationAssert.Valid(b.Module);
    }

    [Fact]
    public void Gc_allocation_is_constant()
    {
        var b = new ModuleBuilder();
        int s = b.Type(new StructType([new FieldType(new StorageType(ValType.I32), false)]));
        b.Global(ValType.Ref(HeapType.FromTypeIndex(s), nullable: false), false, I32(5), Op(Opcode.StructNew, (uint)s));
        ValidationAssert.Valid(b.Module);
    }
}
