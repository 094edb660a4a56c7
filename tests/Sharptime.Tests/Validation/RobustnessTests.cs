using Sharptime.Model;
using Sharptime.Validation;
using static Sharptime.Tests.Validation.ModuleBuilder;

namespace Sharptime.Tests.Validation;

/// <summary>Bad bodies end in the library's exceptions, never in a .NET one.</summary>
public class RobustnessTests
{
    [Fact]
    public void Body_without_its_final_end_is_malformed()
    {
        var b = new ModuleBuilder();
        b.Function();
        b.Module.Bodies[0] = new FunctionBody { Locals = [], Code = new byte[] { 0x41, 0x01, 0x1A } };
        var e = Assert.Throws<MalformedModuleException>(() => ModuleValidator.Validate(b.Module));
        Assert.StartsWith("unexpected end", e.Message);
    }

    [Fact]
    public void Bytes_after_the_final_end_are_malformed()
    {
        var b = new ModuleBuilder();
        b.Function();
        b.Module.Bodies[0] = new FunctionBody { Locals = [], Code = new byte[] { 0x0B, 0x01 } };
        Assert.Throws<MalformedModuleException>(() => ModuleValidator.Validate(b.Module));
    }

    [Fact]
    public void Else_outside_if_is_malformed()
    {
        var b = new ModuleBuilder();
        b.Function(Op(Opcode.Else));
        Assert.Throws<MalformedModuleException>(() => ModuleValidator.Validate(b.Module));
    }

    [Fact]
    public void Random_bodies_fail_only_with_wasm_exceptions()
    {
        var random = new Random(12345);
        var m = new WasmModule();
        m.Types.Add(new SubType(new FuncType([ValType.I32, ValType.I64], [ValType.I32])));
        m.Types.Add(new SubType(new StructType([new FieldType(new StorageType(ValType.I32), true)])));
        m.Memories.Add(new MemoryType(new Limits(1, null)));
        m.Tables.Add(new TableDefinition(new TableType(ValType.FuncRef, new Limits(1, null))));
        m.Functions.Add(0);
        m.Bodies.Add(new FunctionBody { Locals = [], Code = new byte[] { 0x0B } });
        var buffer = new byte[64];
        for (int i = 0; i < 20000; i++)
        {
            random.NextBytes(buffer);
            int length = random.Next(1, buffer.Length);
            // Bias towards plausible code: mostly known opcodes, sometimes a final end.
            buffer[length - 1] = 0x0B;
            m.Bodies[0] = new FunctionBody { Locals = [new LocalDeclaration(2, ValType.F32)], Code = buffer.AsSpan(0, length).ToArray() };
            try
            {
                ModuleValidator.Validate(m, new ValidationOptions { Parallel = false });
            }
            catch (WasmException e)
            {
                // The validator turns its own crashes into this message so users never see them; here they are bugs.
                Assert.DoesNotContain("validator error", e.Message);
            }
        }
    }

    [Fact]
    public void Binary_bodies_naming_data_segments_need_a_data_count_section()
    {
        var b = new ModuleBuilder();
        b.Memory();
        b.Module.Data.Add(new DataSegment { Mode = SegmentMode.Passive, Bytes = new byte[1] });
        b.Function(Op(Opcode.DataDrop, 0));
        ValidationAssert.Valid(b.Module); // from text: there is no data count section to ask for

        var body = b.Module.Bodies[0];
        b.Module.Bodies[0] = new FunctionBody { Locals = body.Locals, Code = body.Code, CodeOffset = 40 };
        var e = Assert.Throws<MalformedModuleException>(() => ModuleValidator.Validate(b.Module));
        Assert.StartsWith("data count section required", e.Message);
        b.Module.DataCount = 1;
        ValidationAssert.Valid(b.Module);
    }
}
