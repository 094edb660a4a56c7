using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sharptime.Binary;

/// <summary>
/// Reads binary-format primitives from a span: bytes, LEB128 integers (rejecting over-long and
/// over-sized encodings exactly as the spec does), IEEE floats, names and lengths. Every failure is a
/// <see cref="MalformedModuleException"/> whose offset is <c>baseOffset + position</c>, so a reader over
/// a slice still reports positions in the whole module.
/// </summary>
public ref partial struct WasmReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _baseOffset;
    private int _position;

    /// <param name="data">The bytes to read.</param>
    /// <param name="baseOffset">Offset of <paramref name="data"/> in the module, for error messages.</param>
    /// <param name="endReason">
    /// What running out of bytes is called: <see cref="MalformedReasons.UnexpectedEnd"/> at the top level
    /// of a module, <see cref="MalformedReasons.UnexpectedEndOfSection"/> inside a section or function.
    /// </param>
    public WasmReader(ReadOnlySpan<byte> data, int baseOffset = 0, string endReason = MalformedReasons.UnexpectedEnd)
    {
        _data = data;
        _baseOffset = baseOffset;
        EndReason = endReason;
    }

    /// <summary>What running out of bytes is reported as; the decoder switches it between the top level and sections.</summary>
    public string EndReason { get; set; }

    /// <summary>Position within the span given to the constructor.</summary>
    public int Position
    {
        readonly get => _position;
        set
        {
            if ((uint)value > (uint)_data.Length) throw new ArgumentOutOfRangeException(nameof(value));
            _position = value;
        }
    }

    /// <summary>Offset of the current position in the whole module.</summary>
    public readonly int Offset => _baseOffset + _position;
    public readonly int BaseOffset => _baseOffset;
    public readonly int Length => _data.Length;
    public readonly int Remaining => _data.Length - _position;
    public readonly bool AtEnd => _position >= _data.Length;
    public readonly ReadOnlySpan<byte> Data => _data;

    /// <summary>Creates (does not throw) the error for a position of this reader, so callers can write <c>throw</c> at the check.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly MalformedModuleException Error(string reason, int position) => new(reason, _baseOffset + (long)position);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly MalformedModuleException EndError() => new(EndReason, _baseOffset + (long)_data.Length);

    public byte ReadByte()
    {
        if (_position >= _data.Length) throw EndError();
        return _data[_position++];
    }

    public readonly bool TryPeekByte(out byte value)
    {
        if (_position < _data.Length)
        {
            value = _data[_position];
            return true;
        }
        value = 0;
        return false;
    }

    public readonly byte PeekByte() => _position < _data.Length ? _data[_position] : throw EndError();

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if ((uint)count > (uint)Remaining) throw EndError();
        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    public void Skip(int count) => ReadBytes(count);

    public uint ReadF32Bits() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));
    public ulong ReadF64Bits() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    // ---- LEB128 ----
    // The spec reads an N-bit integer in at most ceil(N/7) bytes. In the last allowed byte only the
    // low (N mod 7, or 7) bits carry value: for unsigned numbers the others must be zero, for signed
    // numbers they must all equal the sign bit ("integer too large"); a continuation bit on that last
    // byte means the encoding is longer than allowed ("integer representation too long"). The payload
    // check comes first, as in the reference interpreter, which decides the message for inputs that
    // break both rules.

    public uint ReadU32()
    {
        if (_position < _data.Length && _data[_position] < 0x80) return _data[_position++];
        return (uint)ReadUnsigned(32);
    }

    public ulong ReadU64()
    {
        if (_position < _data.Length && _data[_position] < 0x80) return _data[_position++];
        return ReadUnsigned(64);
    }

    public int ReadS32()
    {
        if (_position < _data.Length && _data[_position] < 0x80) return ((sbyte)(_data[_position++] << 1)) >> 1;
        return (int)ReadSigned(32);
    }

    /// <summary>A signed 33-bit integer (block types, heap types): a type index when non-negative.</summary>
    public long ReadS33()
    {
        if (_position < _data.Length && _data[_position] < 0x80) return ((sbyte)(_data[_position++] << 1)) >> 1;
        return ReadSigned(33);
    }

    public long ReadS64()
    {
        if (_position < _data.Length && _data[_position] < 0x80) return ((sbyte)(_data[_position++] << 1)) >> 1;
        return ReadSigned(64);
    }

    /// <summary>An unsigned LEB128 integer of at most <paramref name="bits"/> bits (1 to 64), with the spec's checks.</summary>
    public ulong ReadUnsigned(int bits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 64);
        ulong result = 0;
        int shift = 0;
        int remainingBits = bits;
        while (true)
        {
            if (remainingBits <= 0) throw Error(MalformedReasons.IntegerTooLong, _position);
            byte b = ReadByte();
            if (remainingBits < 7 && (b & 0x7F) >= (1 << remainingBits))
                throw Error(MalformedReasons.IntegerTooLarge, _position - 1);
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
            shift += 7;
            remainingBits -= 7;
        }
    }

    private long ReadSigned(int bits)
    {
        long result = 0;
        int shift = 0;
        int remainingBits = bits;
        while (true)
        {
            if (remainingBits <= 0) throw Error(MalformedReasons.IntegerTooLong, _position);
            byte b = ReadByte();
            if (remainingBits < 7)
            {
                // The bits from the sign bit of the value upwards must all be equal (a sign extension).
                int mask = (-1 << (remainingBits - 1)) & 0x7F;
                int high = b & mask;
                if (high != 0 && high != mask) throw Error(MalformedReasons.IntegerTooLarge, _position - 1);
            }
            result |= (long)(b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0)
            {
                if (shift < 64 && (b & 0x40) != 0) result |= -1L << shift;
                return result;
            }
            remainingBits -= 7;
        }
    }

    // ---- lengths, names, vectors ----

    /// <summary>
    /// A u32 length or element count that must fit in the bytes left ("length out of bounds"); every
    /// vector element takes at least one byte, so this also bounds what a count can make us allocate.
    /// As in the spec's decoder, the bytes left are counted from the start of the length itself: a
    /// length that passes may still overrun by the length's own bytes, which then reads as an
    /// unexpected end (the spec tests expect exactly that split).
    /// </summary>
    public int ReadLength()
    {
        int start = _position;
        uint n = ReadU32();
        if (n > (uint)(_data.Length - start)) throw Error(MalformedReasons.LengthOutOfBounds, start);
        return (int)n;
    }

    /// <summary>A byte vector: u32 length, then the bytes.</summary>
    public ReadOnlySpan<byte> ReadByteVector() => ReadBytes(ReadLength());

    /// <summary>A name: a byte vector that must be valid UTF-8.</summary>
    public string ReadName()
    {
        int start = _position;
        var bytes = ReadByteVector();
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) throw Error(MalformedReasons.MalformedUtf8, start);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// A u32 index stored as an int. Indices above int.MaxValue cannot name anything (no section can
    /// hold that many entries in a module that fits in memory), so they are clamped to int.MaxValue and
    /// left for the validator to reject as unknown; the format itself allows them.
    /// </summary>
    public int ReadIndex()
    {
        uint n = ReadU32();
        return n > int.MaxValue ? int.MaxValue : (int)n;
    }
}
