using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Tests.Validation;

/// <summary>
/// Builds modules for validator tests directly in the model, with bodies written instruction by
/// instruction, so the tests depend on neither the text parser nor the decoder.
/// </summary>
internal sealed class ModuleBuilder
{
    public WasmModule Module { get; } = new();

    public int Type(ValType[] parameters, ValType[] results)
    {
        Module.Types.Add(new SubType(new FuncType(parameters, results)));
        return Module.Types.Count - 1;
    }

    public int Type(CompositeType composite, bool final = true, params int[] superTypes)
    {
        Module.Types.Add(new SubType(composite, final, superTypes));
        return Module.Types.Count - 1;
    }

    /// <summary>Adds a function of a new type [params] -> [results] with the given locals and code (the final end is added).</summary>
    public int Function(ValType[] parameters, ValType[] results, ValType[] locals, params Instruction[] code) =>
        Function(Type(parameters, results), locals, code);

    public int Function(int typeIndex, ValType[] locals, params Instruction[] code)
    {
        Module.Functions.Add(typeIndex);
        Module.Bodies.Add(new FunctionBody
        {
            Locals = locals.Select(t => new LocalDeclaration(1, t)).ToArray(),
            Code = Encode(code),
        });
        return Module.ImportedFunctionCount + Module.Functions.Count - 1;
    }

    public int Function(params Instruction[] code) => Function([], [], [], code);

    public void Memory(ulong min = 1, ulong? max = null, bool is64 = false) =>
        Module.Memories.Add(new MemoryType(new Limits(min, max, is64)));

    public void Table(ValType elementType, ulong min = 1, ulong? max = null) =>
        Module.Tables.Add(new TableDefinition(new TableType(elementType, new Limits(min, max))));

    public void Global(ValType type, bool mutable, params Instruction[] init) =>
        Module.Globals.Add(new GlobalDefinition(new GlobalType(type, mutable), Constant(init)));

    public void ImportGlobal(ValType type, bool mutable) =>
        Module.Imports.Add(new Import("env", "g" + Module.Imports.Count, ExternalKind.Global) { Global = new GlobalType(type, mutable) });

    public static ConstantExpression Constant(params Instruction[] code) => new(Encode(code));

    /// <summary>The binary form of the instructions followed by the final <c>end</c>.</summary>
    public static byte[] Encode(Instruction[] code)
    {
        var output = new WasmWriter();
        var writer = new InstructionWriter(output);
        foreach (var instruction in code) writer.Write(instruction);
        writer.Write(Op(Opcode.End));
        return output.ToArray();
    }

    // Instruction shorthands.
    public static Instruction Op(Opcode opcode) => new() { Opcode = opcode };
    public static Instruction Op(Opcode opcode, uint index, uint index2 = 0) => new() { Opcode = opcode, Index = index, Index2 = index2 };
    public static Instruction I32(int value) => new() { Opcode = Opcode.I32Const, Immediate = (ulong)(long)value };
    public static Instruction I64(long value) => new() { Opcode = Opcode.I64Const, Immediate = (ulong)value };
    public static Instruction F32(float value) => new() { Opcode = Opcode.F32Const, Immediate = (uint)BitConverter.SingleToInt32Bits(value) };
    public static Instruction Block(Opcode opcode, BlockType type) => new() { Opcode = opcode, BlockType = type };
    public static Instruction Block(Opcode opcode) => Block(opcode, BlockType.Empty);
    public static Instruction Block(Opcode opcode, ValType result) => Block(opcode, BlockType.Value(result));
    public static Instruction BrTable(params uint[] targets) => new() { Opcode = Opcode.BrTable, Targets = targets };
    public static Instruction SelectTyped(params ValType[] types) => new() { Opcode = Opcode.SelectTyped, SelectTypes = types };
    public static Instruction RefNull(HeapType heap) => new() { Opcode = Opcode.RefNull, HeapType = heap };
    public static Instruction Load(Opcode opcode, uint alignLog2, ulong offset = 0, uint memory = 0) =>
        new() { Opcode = opcode, AlignLog2 = alignLog2, Immediate = offset, Index2 = memory };
    public static Instruction TryTable(BlockType type, params CatchClause[] catches) =>
        new() { Opcode = Opcode.TryTable, BlockType = type, Catches = catches };
    public static Instruction End => Op(Opcode.End);
}
