using Sharptime.Model;

namespace Sharptime.Binary;

// Types as they appear in sections and instruction immediates: value, reference, heap, storage and block types.
public ref partial struct WasmReader
{
    /// <summary>A value type: a number type, v128, <c>ref ht</c>, <c>ref null ht</c> or an abstract shorthand (<c>funcref</c>, ...).</summary>
    public ValType ReadValType()
    {
        int start = _position;
        byte b = ReadByte();
        switch (b)
        {
            case 0x7F: return ValType.I32;
            case 0x7E: return ValType.I64;
            case 0x7D: return ValType.F32;
            case 0x7C: return ValType.F64;
            case 0x7B: return ValType.V128;
        }
        if (TryRefTypeAfter(b, out var type)) return type;
        throw Error(TypeCodeError(b, MalformedReasons.MalformedValueType), start);
    }

    /// <summary>A reference type (table element types, typed element segments).</summary>
    public ValType ReadRefType()
    {
        int start = _position;
        byte b = ReadByte();
        if (TryRefTypeAfter(b, out var type)) return type;
        throw Error(TypeCodeError(b, MalformedReasons.MalformedReferenceType), start);
    }

    /// <summary>
    /// Type codes are one-byte negative s7 numbers in the spec's decoder. A first byte with the
    /// continuation bit set is therefore an over-long s7 ("integer representation too long") rather
    /// than an unknown type.
    /// </summary>
    public static string TypeCodeError(byte firstByte, string unknownReason) =>
        firstByte >= 0x80 ? MalformedReasons.IntegerTooLong : unknownReason;

    /// <summary>Finishes a reference type whose first byte was <paramref name="b"/>; false if b starts none.</summary>
    private bool TryRefTypeAfter(byte b, out ValType type)
    {
        switch (b)
        {
            case 0x64:
                type = ValType.Ref(ReadHeapType(), nullable: false);
                return true;
            case 0x63:
                type = ValType.Ref(ReadHeapType(), nullable: true);
                return true;
        }
        if (IsAbstractHeapTypeCode(b))
        {
            type = ValType.Ref(HeapType.FromAbstract((AbstractHeapType)b), nullable: true);
            return true;
        }
        type = default;
        return false;
    }

    /// <summary>A heap type: an s33 that is a type index when non-negative, else an abstract heap type's code.</summary>
    public HeapType ReadHeapType()
    {
        int start = _position;
        long value = ReadS33();
        if (value >= 0) return HeapType.FromTypeIndex(value > int.MaxValue ? int.MaxValue : (int)value);
        // A negative s33 in [-64, -1] is the one-byte code (value & 0x7F); possibly written over-long.
        if (value >= -64 && IsAbstractHeapTypeCode((byte)(value & 0x7F)))
            return HeapType.FromAbstract((AbstractHeapType)(value & 0x7F));
        throw Error(MalformedReasons.MalformedHeapType, start);
    }

    /// <summary>The type of a struct field or array element: a value type, or the packed i8 / i16.</summary>
    public StorageType ReadStorageType()
    {
        if (TryPeekByte(out byte b))
        {
            if (b == (byte)PackedType.I8) { _position++; return new StorageType(ValType.I32, PackedType.I8); }
            if (b == (byte)PackedType.I16) { _position++; return new StorageType(ValType.I32, PackedType.I16); }
        }
        return new StorageType(ReadValType());
    }

    /// <summary>Global and field mutability: 0 or 1.</summary>
    public bool ReadMutability()
    {
        int start = _position;
        return ReadByte() switch
        {
            0 => false,
            1 => true,
            _ => throw Error(MalformedReasons.MalformedMutability, start),
        };
    }

    /// <summary>
    /// A block type: 0x40 for none, a value type (whose encoding starts with a one-byte negative s7, so
    /// its first byte has bit 6 set and bit 7 clear), or otherwise a non-negative s33 type index.
    /// </summary>
    public BlockType ReadBlockType()
    {
        byte b = PeekByte();
        if (b == 0x40)
        {
            _position++;
            return BlockType.Empty;
        }
        if ((b & 0xC0) == 0x40) return BlockType.Value(ReadValType());
        int start = _position;
        long index = ReadS33();
        if (index < 0) throw Error(MalformedReasons.MalformedValueType, start);
        return BlockType.FromTypeIndex(index > int.MaxValue ? int.MaxValue : (int)index);
    }

    private static bool IsAbstractHeapTypeCode(byte b) => b >= (byte)AbstractHeapType.Exn && b <= (byte)AbstractHeapType.NoExn;
}
