using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Sharptime.Witx.Runtime;

/// <summary>
/// A view of a guest's linear memory for the duration of one host call. Every access is checked:
/// a region that is not inside the memory, or a typed access that is not aligned, throws
/// <see cref="WitxTrapException"/>. Values are little-endian as in wasm. Up to 4 GiB can be viewed
/// (the view holds a reference and a 64-bit length, not a <see cref="Span{T}"/>).
/// </summary>
/// <remarks>
/// The engine builds one per call from its memory (<c>new GuestMemory(span)</c> or
/// <c>new GuestMemory(basePointer, length)</c>); a module without memory passes <c>default</c>,
/// whose length is 0, so that any pointer traps.
/// </remarks>
public readonly ref struct GuestMemory
{
    private readonly ref byte _base;
    private readonly ulong _length;

    public GuestMemory(Span<byte> memory)
    {
        _base = ref MemoryMarshal.GetReference(memory);
        _length = (ulong)memory.Length;
    }

    /// <summary>A view of unmanaged memory; the caller keeps it alive and unmoved during the call.</summary>
    public unsafe GuestMemory(byte* basePointer, ulong length)
    {
        if (length > 1UL << 32)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "a wasm32 memory is at most 4 GiB");
        }
        _base = ref *basePointer;
        _length = length;
    }

    /// <summary>The memory size in bytes.</summary>
    public ulong Length => _length;

    /// <summary>Traps unless <c>[offset, offset + size)</c> is inside the memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void CheckBounds(uint offset, ulong size)
    {
        if (offset + size > _length)
        {
            throw WitxTraps.OutOfBounds(offset, size, _length);
        }
    }

    /// <summary>Traps unless <paramref name="offset"/> is a multiple of <paramref name="align"/> (a power of two).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckAlignment(uint offset, uint align)
    {
        if ((offset & (align - 1)) != 0)
        {
            throw WitxTraps.Misaligned(offset, align);
        }
    }

    /// <summary>Traps unless a value of the given size and alignment can be accessed at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Check(uint offset, ulong size, uint align)
    {
        CheckAlignment(offset, align);
        CheckBounds(offset, size);
    }

    /// <summary>Traps unless an array of <paramref name="count"/> elements fits at <paramref name="offset"/>, aligned.</summary>
    public void CheckArray(uint offset, uint count, uint elementSize, uint align)
    {
        CheckAlignment(offset, align);
        CheckBounds(offset, (ulong)count * elementSize);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref byte At(uint offset, uint size)
    {
        if ((ulong)offset + size > _length)
        {
            throw WitxTraps.OutOfBounds(offset, size, _length);
        }
        return ref Unsafe.Add(ref _base, (nuint)offset);
    }

    /// <summary>The bytes <c>[offset, offset + length)</c>; traps when out of bounds.</summary>
    public Span<byte> Slice(uint offset, uint length)
    {
        CheckBounds(offset, length);
        if (length > int.MaxValue)
        {
            throw WitxTraps.TooLarge(offset, length);
        }
        return length == 0 ? Span<byte>.Empty : MemoryMarshal.CreateSpan(ref Unsafe.Add(ref _base, (nuint)offset), (int)length);
    }

    /// <summary>Decodes <paramref name="length"/> bytes of strict UTF-8.</summary>
    /// <exception cref="WitxTrapException">When out of bounds.</exception>
    /// <exception cref="GuestValueException">With <see cref="GuestValueError.InvalidUtf8"/> when not valid UTF-8.</exception>
    public string ReadString(uint offset, uint length)
    {
        var bytes = Slice(offset, length);
        if (!Utf8.IsValid(bytes))
        {
            throw GuestValueException.InvalidUtf8(offset, length);
        }
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// Decodes <paramref name="length"/> bytes of strict UTF-8; false when they are not valid UTF-8
    /// (traps when out of bounds).
    /// </summary>
    public bool TryReadString(uint offset, uint length, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        var bytes = Slice(offset, length);
        if (!Utf8.IsValid(bytes))
        {
            value = null;
            return false;
        }
        value = Encoding.UTF8.GetString(bytes);
        return true;
    }

    /// <summary>Copies <paramref name="data"/> to guest memory at <paramref name="offset"/>.</summary>
    public void Write(uint offset, ReadOnlySpan<byte> data) => data.CopyTo(Slice(offset, (uint)data.Length));

    public byte ReadU8(uint offset) => At(offset, 1);
    public sbyte ReadS8(uint offset) => (sbyte)At(offset, 1);
    public ushort ReadU16(uint offset) => LE(Unsafe.ReadUnaligned<ushort>(ref At(offset, 2)));
    public short ReadS16(uint offset) => (short)ReadU16(offset);
    public uint ReadU32(uint offset) => LE(Unsafe.ReadUnaligned<uint>(ref At(offset, 4)));
    public int ReadS32(uint offset) => (int)ReadU32(offset);
    public ulong ReadU64(uint offset) => LE(Unsafe.ReadUnaligned<ulong>(ref At(offset, 8)));
    public long ReadS64(uint offset) => (long)ReadU64(offset);
    public float ReadF32(uint offset) => BitConverter.UInt32BitsToSingle(ReadU32(offset));
    public double ReadF64(uint offset) => BitConverter.UInt64BitsToDouble(ReadU64(offset));

    public void WriteU8(uint offset, byte value) => At(offset, 1) = value;
    public void WriteS8(uint offset, sbyte value) => At(offset, 1) = (byte)value;
    public void WriteU16(uint offset, ushort value) => Unsafe.WriteUnaligned(ref At(offset, 2), LE(value));
    public void WriteS16(uint offset, short value) => WriteU16(offset, (ushort)value);
    public void WriteU32(uint offset, uint value) => Unsafe.WriteUnaligned(ref At(offset, 4), LE(value));
    public void WriteS32(uint offset, int value) => WriteU32(offset, (uint)value);
    public void WriteU64(uint offset, ulong value) => Unsafe.WriteUnaligned(ref At(offset, 8), LE(value));
    public void WriteS64(uint offset, long value) => WriteU64(offset, (ulong)value);
    public void WriteF32(uint offset, float value) => WriteU32(offset, BitConverter.SingleToUInt32Bits(value));
    public void WriteF64(uint offset, double value) => WriteU64(offset, BitConverter.DoubleToUInt64Bits(value));

    private static ushort LE(ushort v) => BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    private static uint LE(uint v) => BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    private static ulong LE(ulong v) => BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
}
