using System.Buffers.Binary;
using System.Text;
using Sharptime.Model;
using Sharptime.Runtime;

namespace Sharptime;

/// <summary>
/// A linear memory. Its bytes live in one reservation of address space that never moves: growing
/// commits more of it. Compiled code reads <see cref="Base"/> once per function and compares every
/// access against <see cref="ByteLength"/>.
/// </summary>
public sealed unsafe class Memory
{
    /// <summary>The standard page size, 64 KiB.</summary>
    public const int WasmPageSize = 65536;

    private readonly VirtualMemory _block;
    private readonly ulong _maxPages;

    /// <summary>The first byte. Fixed for the memory's lifetime (read by generated code).</summary>
    internal readonly byte* Base;

    /// <summary>The current size in bytes (read by generated code for bounds checks).</summary>
    internal ulong ByteLength;

    /// <summary>Creates a memory of <paramref name="minimumPages"/> pages that may grow to <paramref name="maximumPages"/>.</summary>
    public Memory(Store store, ulong minimumPages, ulong? maximumPages = null, bool is64 = false)
        : this(new MemoryType(new Limits(minimumPages, maximumPages, is64)), store.Engine.Config)
    {
    }

    internal Memory(MemoryType type, Config config)
    {
        Type = type;
        PageSizeLog2 = type.PageSizeLog2 ?? 16;
        ulong pageSize = 1UL << PageSizeLog2;
        ulong addressLimitPages = type.Limits.Is64 ? ulong.MaxValue >> PageSizeLog2 : (1UL << 32) >> PageSizeLog2;
        ulong configLimitPages = config.MaxMemoryBytes >> PageSizeLog2;
        _maxPages = Math.Min(type.Limits.Max ?? addressLimitPages, Math.Min(addressLimitPages, configLimitPages));
        if (type.Limits.Min > _maxPages)
            throw new WasmException($"memory of {type.Limits.Min} pages exceeds the limit of {_maxPages} pages");
        try
        {
            _block = new VirtualMemory(_maxPages * pageSize, type.Limits.Min * pageSize);
        }
        catch (OutOfMemoryException e)
        {
            // Bad input (an absurd minimum) or an exhausted machine: a library error either way, not a .NET one.
            throw new WasmException($"cannot allocate a memory of {type.Limits.Min} pages: {e.Message}", e);
        }
        Base = _block.Base;
        ByteLength = type.Limits.Min * pageSize;
    }

    public MemoryType Type { get; }

    /// <summary>log2 of the page size (16 unless the custom-page-sizes proposal says otherwise).</summary>
    public int PageSizeLog2 { get; }

    public ulong Minimum => Type.Limits.Min;
    public ulong? Maximum => Type.Limits.Max;
    public bool Is64 => Type.Limits.Is64;

    /// <summary>The current size in pages.</summary>
    public ulong Size => ByteLength >> PageSizeLog2;

    /// <summary>The current size in bytes.</summary>
    public ulong Length => ByteLength;

    /// <summary>Grows by <paramref name="deltaPages"/> pages; returns the previous size in pages, or -1 if it cannot grow.</summary>
    public long Grow(ulong deltaPages)
    {
        ulong old = Size;
        if (deltaPages > _maxPages - old) return -1;
        ulong newBytes = (old + deltaPages) << PageSizeLog2;
        if (!_block.TryCommit(newBytes)) return -1;
        ByteLength = newBytes;
        return (long)old;
    }

    /// <summary>memory.grow for 32-bit memories: the old size, or -1.</summary>
    internal int Grow32(int deltaPages) => (int)Grow((uint)deltaPages);

    /// <summary>memory.grow for 64-bit memories: the old size, or -1.</summary>
    internal long Grow64(long deltaPages) => Grow((ulong)deltaPages);

    /// <summary>All bytes, when the memory is smaller than 2 GiB (a span's limit).</summary>
    public Span<byte> GetSpan() =>
        ByteLength <= int.MaxValue ? new Span<byte>(Base, (int)ByteLength) : throw new InvalidOperationException("memory is larger than a span can hold; use GetSpan(address, length)");

    /// <summary>The bytes [address, address + length); traps with "out of bounds memory access" outside the memory.</summary>
    public Span<byte> GetSpan(ulong address, int length)
    {
        CheckRange(address, (ulong)length);
        return new Span<byte>(Base + address, length);
    }

    internal void CheckRange(ulong address, ulong length)
    {
        if (length > ByteLength || address > ByteLength - length) throw Traps.MemoryOutOfBounds();
    }

    public byte ReadByte(ulong address) => GetSpan(address, 1)[0];
    public void WriteByte(ulong address, byte value) => GetSpan(address, 1)[0] = value;
    public short ReadInt16(ulong address) => BinaryPrimitives.ReadInt16LittleEndian(GetSpan(address, 2));
    public void WriteInt16(ulong address, short value) => BinaryPrimitives.WriteInt16LittleEndian(GetSpan(address, 2), value);
    public int ReadInt32(ulong address) => BinaryPrimitives.ReadInt32LittleEndian(GetSpan(address, 4));
    public void WriteInt32(ulong address, int value) => BinaryPrimitives.WriteInt32LittleEndian(GetSpan(address, 4), value);
    public long ReadInt64(ulong address) => BinaryPrimitives.ReadInt64LittleEndian(GetSpan(address, 8));
    public void WriteInt64(ulong address, long value) => BinaryPrimitives.WriteInt64LittleEndian(GetSpan(address, 8), value);
    public float ReadSingle(ulong address) => BinaryPrimitives.ReadSingleLittleEndian(GetSpan(address, 4));
    public void WriteSingle(ulong address, float value) => BinaryPrimitives.WriteSingleLittleEndian(GetSpan(address, 4), value);
    public double ReadDouble(ulong address) => BinaryPrimitives.ReadDoubleLittleEndian(GetSpan(address, 8));
    public void WriteDouble(ulong address, double value) => BinaryPrimitives.WriteDoubleLittleEndian(GetSpan(address, 8), value);

    /// <summary>Reads <paramref name="length"/> bytes of UTF-8 at <paramref name="address"/>.</summary>
    public string ReadString(ulong address, int length) => Encoding.UTF8.GetString(GetSpan(address, length));

    /// <summary>Writes <paramref name="value"/> as UTF-8 at <paramref name="address"/>; returns the number of bytes written.</summary>
    public int WriteString(ulong address, string value)
    {
        int count = Encoding.UTF8.GetByteCount(value);
        return Encoding.UTF8.GetBytes(value, GetSpan(address, count));
    }
}
