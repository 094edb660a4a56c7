namespace Sharptime.Model;

/// <summary>What follows an opcode in the binary format. Every opcode has exactly one kind (see OpcodeInfo).</summary>
public enum ImmediateKind : byte
{
    None,
    /// <summary>block, loop, if, try: a block type.</summary>
    Block,
    /// <summary>br, br_if, br_on_null, br_on_non_null, rethrow, delegate: a label index in <see cref="Instruction.Index"/>.</summary>
    Label,
    /// <summary>br_table: <see cref="Instruction.Targets"/> holds the labels, the default last.</summary>
    BrTable,
    /// <summary>call, return_call, ref.func: a function index.</summary>
    Function,
    /// <summary>call_indirect, return_call_indirect: type index in Index, table index in Index2.</summary>
    CallIndirect,
    /// <summary>A type index: call_ref, struct.new, array.new, array.get, ...</summary>
    Type,
    Local,
    Global,
    /// <summary>table.get/set/size/grow/fill: a table index.</summary>
    Table,
    /// <summary>memory.size/grow/fill: a memory index.</summary>
    Memory,
    /// <summary>Loads and stores: alignment (log2), memory index in Index2, offset in Immediate.</summary>
    MemArg,
    /// <summary>v128.loadN_lane / storeN_lane: a memarg and a lane index in Index.</summary>
    MemArgLane,
    I32,
    I64,
    F32,
    F64,
    /// <summary>v128.const: 16 bytes in <see cref="Instruction.V128"/>.</summary>
    V128,
    /// <summary>extract_lane / replace_lane: the lane in Index.</summary>
    Lane,
    /// <summary>i8x16.shuffle: 16 lane indices in <see cref="Instruction.V128"/>.</summary>
    Shuffle,
    /// <summary>ref.null: a heap type.</summary>
    HeapType,
    /// <summary>select with types (0x1C): <see cref="Instruction.SelectTypes"/>.</summary>
    SelectTypes,
    /// <summary>elem.drop: an element segment index.</summary>
    Elem,
    /// <summary>data.drop: a data segment index.</summary>
    Data,
    /// <summary>table.init: element segment in Index, table in Index2.</summary>
    TableInit,
    /// <summary>table.copy: destination table in Index, source table in Index2.</summary>
    TableCopy,
    /// <summary>memory.init: data segment in Index, memory in Index2.</summary>
    MemoryInit,
    /// <summary>memory.copy: destination memory in Index, source memory in Index2.</summary>
    MemoryCopy,
    /// <summary>struct.get/set: type index in Index, field index in Index2.</summary>
    TypeField,
    /// <summary>array.new_data, array.init_data: type in Index, data segment in Index2.</summary>
    TypeData,
    /// <summary>array.new_elem, array.init_elem: type in Index, element segment in Index2.</summary>
    TypeElem,
    /// <summary>array.copy: destination type in Index, source type in Index2.</summary>
    TypeType,
    /// <summary>array.new_fixed: type in Index, length in Index2.</summary>
    TypeLength,
    /// <summary>ref.test, ref.cast (nullable forms are their own opcodes): a heap type.</summary>
    RefType,
    /// <summary>br_on_cast(_fail): flags in Flags (bit 0: source nullable, bit 1: target nullable), label in Index, types in HeapType/HeapType2.</summary>
    BrOnCast,
    /// <summary>throw, catch (legacy): a tag index.</summary>
    Tag,
    /// <summary>try_table: a block type and <see cref="Instruction.Catches"/>.</summary>
    TryTable,
}

/// <summary>The shape of a block: no values, one result, or a type index (multi-value).</summary>
public readonly struct BlockType : IEquatable<BlockType>
{
    // < 0: empty; otherwise a type index when IsTypeIndex, else the single result type in _result.
    private readonly int _typeIndex;
    private readonly ValType _result;
    private readonly byte _form; // 0 empty, 1 value, 2 type index

    private BlockType(byte form, int typeIndex, ValType result)
    {
        _form = form;
        _typeIndex = typeIndex;
        _result = result;
    }

    public static readonly BlockType Empty = default;
    public static BlockType Value(ValType result) => new(1, 0, result);
    public static BlockType FromTypeIndex(int typeIndex) => new(2, typeIndex, default);

    public bool IsEmpty => _form == 0;
    public bool IsValue => _form == 1;
    public bool IsTypeIndex => _form == 2;
    public ValType Result => IsValue ? _result : throw new InvalidOperationException("block type has no single result");
    public int TypeIndex => IsTypeIndex ? _typeIndex : throw new InvalidOperationException("block type has no type index");

    public bool Equals(BlockType other) => _form == other._form && _typeIndex == other._typeIndex && _result == other._result;
    public override bool Equals(object? obj) => obj is BlockType b && Equals(b);
    public override int GetHashCode() => HashCode.Combine(_form, _typeIndex, _result);
    public override string ToString() => _form switch { 0 => "[]", 1 => $"[{_result}]", _ => $"(type {_typeIndex})" };
}

/// <summary>A 128-bit value (v128.const, shuffle lanes), little-endian: byte 0 is the low byte of <see cref="Low"/>.</summary>
public readonly record struct V128(ulong Low, ulong High)
{
    public static V128 FromBytes(ReadOnlySpan<byte> bytes) =>
        new(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));

    public void WriteTo(Span<byte> destination)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination, Low);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], High);
    }

    public byte this[int lane] => (byte)((lane < 8 ? Low >> (lane * 8) : High >> ((lane - 8) * 8)) & 0xFF);
}

public enum CatchKind : byte
{
    Catch = 0,
    CatchRef = 1,
    CatchAll = 2,
    CatchAllRef = 3,
}

/// <summary>A catch clause of try_table: catch kind, tag (not for catch_all forms) and target label.</summary>
public readonly record struct CatchClause(CatchKind Kind, uint Tag, uint Label);

/// <summary>
/// One decoded instruction: the opcode and its immediates. Which fields are meaningful depends on the
/// opcode's <see cref="ImmediateKind"/>; see its members. A mutable struct filled in by the instruction
/// reader, so decoding allocates only for the variable-length immediates (br_table, select types, catches).
/// </summary>
public struct Instruction
{
    public Opcode Opcode;
    /// <summary>Byte offset of the opcode within the code being read (relative to its start).</summary>
    public int Offset;
    /// <summary>The primary index: label, function, type, local, global, table, memory, segment, tag, or lane.</summary>
    public uint Index;
    /// <summary>The secondary index: table of call_indirect, memory of a memarg, source of copies, field, length.</summary>
    public uint Index2;
    /// <summary>i32/i64 constants (sign-extended to 64 bits), f32/f64 constants as raw bits, memarg offsets.</summary>
    public ulong Immediate;
    /// <summary>Memarg alignment as a power of two.</summary>
    public uint AlignLog2;
    public BlockType BlockType;
    public V128 V128;
    public HeapType HeapType;
    public HeapType HeapType2;
    public byte Flags;
    public uint[]? Targets;
    public ValType[]? SelectTypes;
    public CatchClause[]? Catches;

    public readonly int I32 => (int)Immediate;
    public readonly long I64 => (long)Immediate;
    public readonly float F32 => BitConverter.Int32BitsToSingle((int)Immediate);
    public readonly double F64 => BitConverter.Int64BitsToDouble((long)Immediate);
}
