using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Sharptime.Binary;

/// <summary>
/// Appends binary-format primitives to a growing buffer: bytes, LEB128 integers (always in their
/// shortest form), IEEE floats, names and length-prefixed nested sections.
/// </summary>
public sealed class WasmWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public WasmWriter(int initialCapacity = 256) => _buffer = new ArrayBufferWriter<byte>(initialCapacity);

    public int Length => _buffer.WrittenCount;
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;
    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
    public void Clear() => _buffer.Clear();

    public void Byte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void Bytes(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public void U32(uint value) => U64(value);

    public void U64(ulong value)
    {
        var span = _buffer.GetSpan(10);
        int n = 0;
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0) b |= 0x80;
            span[n++] = b;
        } while (value != 0);
        _buffer.Advance(n);
    }

    public void S32(int value) => S64(value);

    /// <summary>Signed LEB128; also used for s33 block type indices and negative heap type codes.</summary>
    public void S64(long value)
    {
        var span = _buffer.GetSpan(10);
        int n = 0;
        while (true)
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            span[n++] = done ? b : (byte)(b | 0x80);
            if (done) break;
        }
        _buffer.Advance(n);
    }

    public void F32Bits(uint bits)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), bits);
        _buffer.Advance(4);
    }

    public void F64Bits(ulong bits)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), bits);
        _buffer.Advance(8);
    }

    /// <summary>A name: its UTF-8 length as u32, then the bytes.</summary>
    public void Name(string name)
    {
        int count = Encoding.UTF8.GetByteCount(name);
        U32((uint)count);
        Encoding.UTF8.GetBytes(name, _buffer.GetSpan(count));
        _buffer.Advance(count);
    }

    /// <summary>A byte vector: length as u32, then the bytes.</summary>
    public void ByteVector(ReadOnlySpan<byte> bytes)
    {
        U32((uint)bytes.Length);
        Bytes(bytes);
    }

    /// <summary>Writes what <paramref name="body"/> writes, preceded by its size as u32 (sections, function bodies).</summary>
    public void SizePrefixed(Action<WasmWriter> body)
    {
        var inner = new WasmWriter();
        body(inner);
        U32((uint)inner.Length);
        Bytes(inner.WrittenSpan);
    }
}
