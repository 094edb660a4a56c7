using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Tests.Binary;

/// <summary>
/// A module using the WebAssembly 3.0 additions that the installed tools cannot write yet (GC types
/// and instructions, try_table, typed function references, table initializers, typed element
/// segments, every element and data segment form, names): built as a model, encoded by the encoder.
/// A seed for the fuzz test and a round-trip case in its own right.
/// </summary>
public static class GcFixture
{
    // Type indices.
    private const int Node = 0;       // (rec (struct (field (mut i32)) (field (ref null $node))) ...
    private const int Bytes = 1;      //       (array (mut i8)))
    private const int Base = 2;       // (sub (struct (field i32)))
    private const int Derived = 3;    // (sub final $base (struct (field i32) (field i64)))
    private const int VoidToVoid = 4;
    private const int I32ToVoid = 5;
    private const int NodeToI32 = 6;

    public static WasmModule Build()
    {
        var m = new WasmModule();
        m.Types.Add(new SubType(new StructType(
        [
            new FieldType(new StorageType(ValType.I32), Mutable: true),
            new FieldType(new StorageType(ValType.Ref(HeapType.FromTypeIndex(Node), nullable: true)), Mutable: false),
        ])));
        m.Types.Add(new SubType(new ArrayType(new FieldType(new StorageType(ValType.I32, PackedType.I8), Mutable: true))));
        m.RecGroups.Add(new RecGroup(0, 2));
        m.Types.Add(new SubType(new StructType([new FieldType(new StorageType(ValType.I32), false)]), final: false));
        m.RecGroups.Add(new RecGroup(Base, 1));
        m.Types.Add(new SubType(new StructType(
            [new FieldType(new StorageType(ValType.I32), false), new FieldType(new StorageType(ValType.I64), false)]),
            final: true, superTypes: [Base]));
        m.RecGroups.Add(new RecGroup(Derived, 1));
        m.Types.Add(new SubType(FuncType.Empty));
        m.RecGroups.Add(new RecGroup(VoidToVoid, 1));
        m.Types.Add(new SubType(new FuncType([ValType.I32], [])));
        m.RecGroups.Add(new RecGroup(I32ToVoid, 1));
        m.Types.Add(new SubType(new FuncType([ValType.Ref(HeapType.FromTypeIndex(Node), nullable: true)], [ValType.I32])));
        m.RecGroups.Add(new RecGroup(NodeToI32, 1));
        m.RecGroups.Add(new RecGroup(m.Types.Count, 0)); // an empty rec group is legal too

        m.Imports.Add(new Import("env", "tick", ExternalKind.Function) { TypeIndex = VoidToVoid });
        m.Imports.Add(new Import("env", "fail", ExternalKind.Tag) { TypeIndex = I32ToVoid });
        m.Imports.Add(new Import("env", "memory", ExternalKind.Memory) { Memory = new MemoryType(new Limits(1, 10)) });
        m.Functions.AddRange([VoidToVoid, NodeToI32, VoidToVoid, VoidToVoid]);

        var funcRef = ValType.Ref(HeapType.Func, nullable: false);
        m.Tables.Add(new TableDefinition(new TableType(ValType.FuncRef, new Limits(2, null))));
        m.Tables.Add(new TableDefinition(new TableType(ValType.AnyRef, new Limits(1, 1000, Is64: true))));
        m.Tables.Add(new TableDefinition(new TableType(funcRef, new Limits(2, 2)), Expr(I(Opcode.RefFunc, 1))));
        m.Memories.Add(new MemoryType(new Limits(0, 65536)));
        m.Tags.Add(new TagType(VoidToVoid));
        m.Globals.Add(new GlobalDefinition(new GlobalType(ValType.Ref(HeapType.FromTypeIndex(Base), false), false),
            Expr(I(Opcode.I32Const, imm: 7), I(Opcode.StructNew, Base))));
        m.Globals.Add(new GlobalDefinition(new GlobalType(ValType.Ref(HeapType.I31, true), true),
            Expr(I(Opcode.I32Const, imm: 5), I(Opcode.I32Const, imm: 6), I(Opcode.I32Mul), I(Opcode.RefI31))));
        m.Exports.Add(new Export("walk", ExternalKind.Function, 2));
        m.Exports.Add(new Export("fail", ExternalKind.Tag, 0));
        m.Start = 1;

        var nodeRef = ValType.Ref(HeapType.FromTypeIndex(Node), nullable: true);
        var offset0 = Expr(I(Opcode.I32Const, imm: 0));
        m.Elements.Add(new ElementSegment { Mode = SegmentMode.Active, ElementType = funcRef, Items = [Expr(I(Opcode.RefFunc, 1))], Offset = offset0 });
        m.Elements.Add(new ElementSegment { Mode = SegmentMode.Passive, ElementType = funcRef, Items = [Expr(I(Opcode.RefFunc, 3))] });
        m.Elements.Add(new ElementSegment { Mode = SegmentMode.Declarative, ElementType = funcRef, Items = [Expr(I(Opcode.RefFunc, 2))] });
        m.Elements.Add(new ElementSegment { Mode = SegmentMode.Active, ElementType = ValType.FuncRef, Items = [Expr(I(Opcode.RefNull, heap: HeapType.Func))], Offset = offset0 });
        m.Elements.Add(new ElementSegment { Mode = SegmentMode.Passive, ElementType = nodeRef, Items = [Expr(I(Opcode.RefNull, heap: HeapType.FromTypeIndex(Node)))] });
        m.Elements.Add(new ElementSegment
        {
            Mode = SegmentMode.Active, TableIndex = 1, ElementType = ValType.AnyRef, Offset = Expr(I(Opcode.I64Const, imm: 0)),
            Items = [Expr(I(Opcode.I32Const, imm: 1), I(Opcode.RefI31)), Expr(I(Opcode.RefNull, heap: HeapType.None))],
        });
        m.Elements.Add(new ElementSegment { Mode = SegmentMode.Declarative, ElementType = ValType.FuncRef, Items = [Expr(I(Opcode.RefFunc, 0))] });
        m.DataCount = 3;

        m.Bodies.Add(Body([], I(Opcode.Call, 0), I(Opcode.End)));
        m.Bodies.Add(Body([new LocalDeclaration(2, ValType.I32), new LocalDeclaration(1, ValType.AnyRef)],
            I(Opcode.LocalGet, 0),
            I(Opcode.RefAsNonNull),
            I(Opcode.StructGet, Node, 0u),
            I(Opcode.LocalSet, 1),
            I(Opcode.LocalGet, 0),
            I(Opcode.LocalSet, 3),
            I(Opcode.Block, block: BlockType.Value(ValType.Ref(HeapType.FromTypeIndex(Node), false))),
            I(Opcode.LocalGet, 3),
            new Instruction { Opcode = Opcode.BrOnCast, Index = 0, Flags = 1, HeapType = HeapType.Any, HeapType2 = HeapType.FromTypeIndex(Node) },
            I(Opcode.Drop),
            I(Opcode.I32Const, imm: -1),
            I(Opcode.Return),
            I(Opcode.End),
            I(Opcode.StructGet, Node, 1u),
            I(Opcode.RefTestNull, heap: HeapType.FromTypeIndex(Node)),
            I(Opcode.LocalGet, 1),
            I(Opcode.I32Add),
            I(Opcode.End)));
        m.Bodies.Add(Body([new LocalDeclaration(1, ValType.ExnRef)],
            I(Opcode.Block, block: BlockType.Value(ValType.I32)),
            I(Opcode.Block, block: BlockType.Value(ValType.ExnRef)),
            new Instruction
            {
                // Catch labels count from outside the try_table: 0 is the exnref block, 1 the i32 block.
                Opcode = Opcode.TryTable, BlockType = BlockType.Empty,
                Catches = [new CatchClause(CatchKind.Catch, 0, 1), new CatchClause(CatchKind.CatchAllRef, 0, 0)],
            },
            I(Opcode.I32Const, imm: 3),
            I(Opcode.I32Const, imm: 4),
            I(Opcode.ArrayNewFixed, Bytes, 2u),
            I(Opcode.I32Const, imm: 1),
            I(Opcode.ArrayGetU, Bytes),
            I(Opcode.Throw, 0),
            I(Opcode.End),
            I(Opcode.Return),
            I(Opcode.End),
            I(Opcode.ThrowRef),
            I(Opcode.End),
            I(Opcode.Drop),
            I(Opcode.End)));
        m.Bodies.Add(Body([],
            I(Opcode.I32Const, imm: 0),
            I(Opcode.I32Const, imm: 0),
            I(Opcode.I32Const, imm: 4),
            I(Opcode.MemoryInit, 0, 1u),
            I(Opcode.DataDrop, 2),
            I(Opcode.I32Const, imm: 0),
            new Instruction { Opcode = Opcode.I64Load, AlignLog2 = 3, Index2 = 1, Immediate = 8 },
            I(Opcode.Drop),
            I(Opcode.End)));

        m.Data.Add(new DataSegment { Mode = SegmentMode.Passive, Bytes = "abcd"u8.ToArray() });
        m.Data.Add(new DataSegment { Mode = SegmentMode.Active, MemoryIndex = 1, Offset = offset0, Bytes = new byte[] { 1, 2, 3 } });
        m.Data.Add(new DataSegment { Mode = SegmentMode.Active, MemoryIndex = 0, Offset = offset0, Bytes = Array.Empty<byte>() });

        m.CustomSections.Add(new CustomSection("first", Array.Empty<byte>(), 0));
        m.CustomSections.Add(new CustomSection("after-types", "x"u8.ToArray(), (byte)SectionId.Type));
        m.CustomSections.Add(new CustomSection("last", new byte[] { 0, 1, 2 }, (byte)SectionId.Data));
        m.Names = new NameSection { ModuleName = "gc-fixture" };
        m.Names.FunctionNames[2] = "walk";
        m.Names.LocalNames[2] = new Dictionary<int, string> { [0] = "list", [3] = "any" };
        m.Names.TypeNames[Node] = "node";
        m.Names.TagNames[1] = "local-tag";
        return m;
    }

    private static Instruction I(Opcode opcode, uint index = 0, uint index2 = 0, long imm = 0, HeapType heap = default, BlockType block = default) =>
        new() { Opcode = opcode, Index = index, Index2 = index2, Immediate = (ulong)imm, HeapType = heap, BlockType = block };

    private static Instruction I(Opcode opcode, int index, uint index2 = 0) => I(opcode, (uint)index, index2);

    private static byte[] Code(Instruction[] instructions)
    {
        var output = new WasmWriter();
        var writer = new InstructionWriter(output);
        foreach (var instruction in instructions) writer.Write(instruction);
        return output.ToArray();
    }

    private static ConstantExpression Expr(params Instruction[] instructions) =>
        new(Code([.. instructions, new Instruction { Opcode = Opcode.End }]));

    private static FunctionBody Body(LocalDeclaration[] locals, params Instruction[] instructions) =>
        new() { Locals = locals, Code = Code(instructions) };
}
