using Sharptime.Model;

namespace Sharptime.Binary;

// Element and data segments.
public ref partial struct ModuleDecoder
{
    // Element segment flags: bit 0 passive or declarative (with bit 1: declarative), bit 1 (when
    // active) an explicit table index, bit 2 items are expressions rather than function indices.
    private const uint ElemPassiveOrDeclarative = 0x1;
    private const uint ElemExplicitTableOrDeclarative = 0x2;
    private const uint ElemExpressions = 0x4;

    /// <summary>
    /// The type of items given as function indices. In WebAssembly 3.0 it is the non-null
    /// <c>(ref func)</c> (a function index is never null); items given as expressions with the
    /// implicit type (flags 4) are <c>funcref</c>.
    /// </summary>
    private static readonly ValType FunctionIndexItemType = ValType.Ref(HeapType.Func, nullable: false);

    private void ReadElementSection()
    {
        int count = ReadCount();
        for (int i = 0; i < count; i++) _module.Elements.Add(ReadElementSegment());
    }

    private ElementSegment ReadElementSegment()
    {
        int flagsStart = _reader.Position;
        uint flags = _reader.ReadU32();
        if (flags > 7) throw _reader.Error(MalformedReasons.MalformedElementsKind, flagsStart);

        var mode = (flags & ElemPassiveOrDeclarative) == 0 ? SegmentMode.Active
            : (flags & ElemExplicitTableOrDeclarative) == 0 ? SegmentMode.Passive
            : SegmentMode.Declarative;
        int table = 0;
        ConstantExpression? offset = null;
        if (mode == SegmentMode.Active)
        {
            if ((flags & ElemExplicitTableOrDeclarative) != 0) table = _reader.ReadIndex();
            offset = ReadConstantExpression();
        }

        // Forms 0 and 4 (active, table 0) have no element kind or type; the others do.
        bool hasKindOrType = (flags & (ElemPassiveOrDeclarative | ElemExplicitTableOrDeclarative)) != 0;
        ValType type;
        ConstantExpression[] items;
        if ((flags & ElemExpressions) == 0)
        {
            if (hasKindOrType)
            {
                int kindStart = _reader.Position;
                if (_reader.ReadByte() != 0x00) throw _reader.Error(MalformedReasons.MalformedElementKind, kindStart);
            }
            type = FunctionIndexItemType;
            items = ReadFunctionIndexItems();
        }
        else
        {
            type = hasKindOrType ? _reader.ReadRefType() : ValType.FuncRef;
            int itemCount = ReadCount();
            items = itemCount == 0 ? [] : new ConstantExpression[itemCount];
            for (int j = 0; j < itemCount; j++) items[j] = ReadConstantExpression();
        }
        return new ElementSegment { Mode = mode, ElementType = type, Items = items, TableIndex = table, Offset = offset };
    }

    /// <summary>
    /// A vector of function indices, each turned into the constant expression <c>ref.func i end</c>.
    /// All items share one buffer so a table of thousands of functions costs one allocation for the code.
    /// </summary>
    private ConstantExpression[] ReadFunctionIndexItems()
    {
        int count = ReadCount();
        if (count == 0) return [];
        var indices = new uint[count];
        int totalLength = 0;
        for (int i = 0; i < count; i++)
        {
            indices[i] = _reader.ReadU32();
            totalLength += 2 + LebLength(indices[i]);
        }
        var buffer = new byte[totalLength];
        var items = new ConstantExpression[count];
        int position = 0;
        for (int i = 0; i < count; i++)
        {
            int start = position;
            buffer[position++] = (byte)Opcode.RefFunc;
            uint value = indices[i];
            do
            {
                byte b = (byte)(value & 0x7F);
                value >>= 7;
                buffer[position++] = value != 0 ? (byte)(b | 0x80) : b;
            } while (value != 0);
            buffer[position++] = (byte)Opcode.End;
            items[i] = new ConstantExpression(new ReadOnlyMemory<byte>(buffer, start, position - start));
        }
        return items;
    }

    private static int LebLength(uint value)
    {
        int n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }
        return n;
    }

    private void ReadDataSection()
    {
        int count = ReadCount();
        for (int i = 0; i < count; i++)
        {
            int flagsStart = _reader.Position;
            uint flags = _reader.ReadU32();
            DataSegment segment;
            switch (flags)
            {
                case 0:
                {
                    var offset = ReadConstantExpression();
                    segment = new DataSegment { Mode = SegmentMode.Active, Offset = offset, Bytes = ReadDataBytes() };
                    break;
                }
                case 1:
                    segment = new DataSegment { Mode = SegmentMode.Passive, Bytes = ReadDataBytes() };
                    break;
                case 2:
                {
                    int memory = _reader.ReadIndex();
                    var offset = ReadConstantExpression();
                    segment = new DataSegment { Mode = SegmentMode.Active, MemoryIndex = memory, Offset = offset, Bytes = ReadDataBytes() };
                    break;
                }
                default:
                    throw _reader.Error(MalformedReasons.MalformedDataKind, flagsStart);
            }
            _module.Data.Add(segment);
        }
    }

    private ReadOnlyMemory<byte> ReadDataBytes()
    {
        int length = _reader.ReadLength();
        int start = _reader.Position;
        _reader.Skip(length);
        return _memory.Slice(start, length);
    }
}
