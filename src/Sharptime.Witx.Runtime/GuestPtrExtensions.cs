// Typed access through GuestPtr<T> and GuestList<T> for builtin element types.
// (Generated code gets the same methods for each witx type in its own GuestCodec class.)
namespace Sharptime.Witx.Runtime;

/// <summary>Checked reads and writes through pointers and lists of builtin types.</summary>
public static class GuestPtrExtensions
{
    public static byte Read(this GuestPtr<byte> ptr, GuestMemory memory)
    {
        memory.Check(ptr.Offset, 1, 1);
        return memory.ReadU8(ptr.Offset);
    }

    public static void Write(this GuestPtr<byte> ptr, GuestMemory memory, byte value)
    {
        memory.Check(ptr.Offset, 1, 1);
        memory.WriteU8(ptr.Offset, value);
    }

    public static GuestPtr<byte> ElementAt(this GuestPtr<byte> ptr, uint index) => ptr.AddBytes((ulong)index * 1);

    public static GuestList<byte> AsList(this GuestPtr<byte> ptr, uint count) => new(ptr.Offset, count);

    public static byte Get(this GuestList<byte> list, GuestMemory memory, uint index)
    {
        list.CheckIndex(index);
        return list.Pointer.ElementAt(index).Read(memory);
    }

    public static void Set(this GuestList<byte> list, GuestMemory memory, uint index, byte value)
    {
        list.CheckIndex(index);
        list.Pointer.ElementAt(index).Write(memory, value);
    }

    public static sbyte Read(this GuestPtr<sbyte> ptr, GuestMemory memory)
    {
        memory.Check(ptr.Offset, 1, 1);
        return memory.ReadS8(ptr.Offset);
    }

    public static void Write(this GuestPtr<sbyte> ptr, GuestMemory memory, sbyte value)
    {
        memory.Check(ptr.Offset, 1, 1);
        memory.WriteS8(ptr.Offset, value);
    }

    public static GuestPtr<sbyte> ElementAt(this GuestPtr<sbyte> ptr, uint index) => ptr.AddBytes((ulong)index * 1);

    public static GuestList<sbyte> AsList(this GuestPtr<sbyte> ptr, uint count) => new(ptr.Offset, count);

    public static sbyte Get(this GuestList<sbyte> list, GuestMemory memory, uint index)
    {
        list.CheckIndex(index);
        return list.Pointer.ElementAt(index).Read(memory);
    }

    public static void Set(this GuestList<sbyte> list, GuestMemory memory, uint index, sbyte value)
    {
        list.CheckIndex(index);
        list.Pointer.ElementAt(index).Write(memory, value);
    }

    public static ushort Read(this GuestPtr<ushort> ptr, GuestMemory memory)
    {
        memory.Check(ptr.Offset, 2, 2);
        return memory.ReadU16(ptr.Offset);
    }

    public static void Write(this GuestPtr<ushort> ptr, GuestMemory memory, ushort value)
    {
        memory.Check(ptr.Offset, 2, 2);
        memory.WriteU16(ptr.Offset, value);
    }

    public static GuestPtr<ushort> ElementAt(this GuestPtr<ushort> ptr, uint index) => ptr.AddBytes((ulong)index * 2);

    public static GuestList<ushort> AsList(this GuestPtr<ushort> ptr, uint count) => new(ptr.Offset, count);

    public static ushort Get(this GuestList<ushort> list, GuestMemory memory, uint index)
    {
        list.CheckIndex(index);
        return list.Pointer.ElementAt(index).Read(memory);
    }

    public static void Set(this GuestList<ushort> list, GuestMemory memory, uint index, ushort value)
    {
        list.CheckIndex(index);
        list.Pointer.ElementAt(index).Write(memory, value);
    }

    public static short Read(this GuestPtr<short> ptr, GuestMemory memory)
    {
        memory.Check(ptr.Offset, 2, 2);
        return memory.ReadS16(ptr.Offset);
    }

    public static void Write(this GuestPtr<short> ptr, GuestMemory memory, short value)
    {
        memory.Check(ptr.Offset, 2, 2);
        memory.WriteS16(ptr.Offset, value);
    }

    public static GuestPtr<short> ElementAt(this GuestPtr<short> ptr, uint index) => ptr.AddBytes((ulong)index * 2);

    public static GuestList<short> AsList(this GuestPtr<short> ptr, uint count) => new(ptr.Offset, count);

    public static short Get(this GuestList<short> list, GuestMemory memory, uint index)
    {
        list.CheckIndex(index);
        return list.Pointer.ElementAt(index).Read(memory);
    }

    public static void Set(this GuestList<short> list, GuestMemory memory, uint index, short value)
    {
        list.CheckIndex(index);
        list.Pointer.ElementAt(index).Write(memory, value);
    }

    public static uint Read(this GuestPtr<uint> ptr, GuestMemory memory)
    {
        memory.Check(ptr.Offset, 4, 4);
        return memory.ReadU32(ptr.Offset);
    }

    public static void Write(this GuestPtr<uint> ptr, GuestMemory memory, uint value)
    {
        memory.Check(ptr.Offset, 4, 4);
        memory.WriteU32(ptr.Offset, value);
    }

    public static GuestPtr<uint> ElementAt(this GuestPtr<uint> ptr, uint index) => ptr.AddBytes((ulong)index * 4);

    public static GuestList<uint> AsList(this GuestPtr<uint> ptr, uint count) => new(ptr.Offset, count);

    public static uint Get(this GuestList<uint> list, GuestMemory memory, uint index)
    {
        list.CheckIndex(index);
        return list.Pointer.ElementAt(index).Read(memory);
    }

    public static void Set(this GuestList<uint> list, GuestMemory memory, uint index, uint value)
    {
        list.CheckIndex(index);
        list.Pointer.ElementAt(index).Write(memory, value);
    }

    public static int Read(this GuestPtr<int> ptr, GuestMemory memory)
    {
        memory.Check(ptr.Offset, 4, 4);
        return memory.ReadS32(ptr.Offset);
    }

    public static void Write(this GuestPtr<int> ptr, GuestMemory memory, int value)
    {
        memory.Check(ptr.Offset, 4, 4);
        memory.WriteS32(ptr.Offset, value);
    }

    public static GuestPtr<int> ElementAt(this GuestPtr<int> ptr, uint index) => ptr.AddBytes((ulong)index * 4);

    public static GuestList<int> AsList(this GuestPtr<int> ptr, uint count) => new(ptr.Offset, count);

    public static int Get(this GuestList<int> list, GuestMemory memory, uint index)
    {
        list.CheckIndex(index);
        return list.Pointer.ElementAt(index).Read(memory);
    }

    public static void Set(this GuestList<int> list, GuestMemory memory, uint index, int value)
    {
        list.CheckIndex(index);
        list.Pointer.ElementAt(index).Write(memory, value);
    }

    public static ulong Read(this GuestPtr<ulong> ptr, GuestMemory memory)
    {
        memory.Check(ptr.Offset, 8, 8);
        return memory.ReadU64(ptr.Offset);
    }

    public static void Write(this GuestPtr<ulong> ptr, GuestMemory memory, ulong value)
    {
        memory.Check(ptr.Offset, 8, 8);
        memory.WriteU64(ptr.Offset, value);
    }

    public static GuestPtr<ulong> ElementAt(this GuestPtr<ulong> ptr, uint index) => ptr.AddBytes((ulong)index * 8);

    public static GuestList<ulong> AsList(this GuestPtr<ulong> ptr, uint count) => new(ptr.Offset, count);

    public static ulong Get(this GuestList<ulong> list, GuestMemory memory, uint index)
    {
        list.CheckIndex(index);
        return list.Pointer.ElementAt(index).Read(memory);
    }

    public static void Set(this GuestList<ulong> list, GuestMemory memory, uint index, ulong value)
    {
        list.CheckIndex(index);
        list.Pointer.ElementAt(index).Write(memory, value);
    }

    public static long Read(this GuestPtr<long> ptr, GuestMemory memory)
    {
        memory.Check(ptr.Offset, 8, 8);
        return memory.ReadS64(ptr.Offset);
    }

    public static void Write(this GuestPtr<long> ptr, GuestMemory memory, long value)
    {
        memory.Check(ptr.Offset, 8, 8);
        memory.WriteS64(ptr.Offset, value);
    }

    public static GuestPtr<long> ElementAt(this GuestPtr<long> ptr, uint index) => ptr.AddBytes((ulong)index * 8);

    public static GuestList<long> AsList(this GuestPtr<long> ptr, uint count) => new(ptr.Offset, count);

    public static long Get(this GuestList<long> list, GuestMemory memory, uint index)
    {
        list.CheckIndex(index);
        return list.Pointer.ElementAt(index).Read(memory);
    }

    public static void Set(this GuestList<long> list, GuestMemory memory, uint index, long value)
    {
        list.CheckIndex(index);
        list.Pointer.ElementAt(index).Write(memory, value);
    }

    public static float Read(this GuestPtr<float> ptr, GuestMemory memory)
    {
        memory.Check(ptr.Offset, 4, 4);
        return memory.ReadF32(ptr.Offset);
    }

    public static void Write(this GuestPtr<float> ptr, GuestMemory memory, float value)
    {
        memory.Check(ptr.Offset, 4, 4);
        memory.WriteF32(ptr.Offset, value);
    }

    public static GuestPtr<float> ElementAt(this GuestPtr<float> ptr, uint index) => ptr.AddBytes((ulong)index * 4);

    public static GuestList<float> AsList(this GuestPtr<float> ptr, uint count) => new(ptr.Offset, count);

    public static float Get(this GuestList<float> list, GuestMemory memory, uint index)
    {
        list.CheckIndex(index);
        return list.Pointer.ElementAt(index).Read(memory);
    }

    public static void Set(this GuestList<float> list, GuestMemory memory, uint index, float value)
    {
        list.CheckIndex(index);
        list.Pointer.ElementAt(index).Write(memory, value);
    }

    public static double Read(this GuestPtr<double> ptr, GuestMemory memory)
    {
        memory.Check(ptr.Offset, 8, 8);
        return memory.ReadF64(ptr.Offset);
    }

    public static void Write(this GuestPtr<double> ptr, GuestMemory memory, double value)
    {
        memory.Check(ptr.Offset, 8, 8);
        memory.WriteF64(ptr.Offset, value);
    }

    public static GuestPtr<double> ElementAt(this GuestPtr<double> ptr, uint index) => ptr.AddBytes((ulong)index * 8);

    public static GuestList<double> AsList(this GuestPtr<double> ptr, uint count) => new(ptr.Offset, count);

    public static double Get(this GuestList<double> list, GuestMemory memory, uint index)
    {
        list.CheckIndex(index);
        return list.Pointer.ElementAt(index).Read(memory);
    }

    public static void Set(this GuestList<double> list, GuestMemory memory, uint index, double value)
    {
        list.CheckIndex(index);
        list.Pointer.ElementAt(index).Write(memory, value);
    }

    /// <summary>The bytes of a byte list (traps when out of bounds).</summary>
    public static Span<byte> AsSpan(this GuestList<byte> list, GuestMemory memory) => memory.Slice(list.Offset, list.Length);

    /// <summary>The <paramref name="length"/> bytes at a byte pointer (traps when out of bounds).</summary>
    public static Span<byte> AsSpan(this GuestPtr<byte> ptr, GuestMemory memory, uint length) => memory.Slice(ptr.Offset, length);

    /// <summary>Reads a pointer stored in guest memory (4 bytes, 4-aligned).</summary>
    public static GuestPtr<T> Read<T>(this GuestPtr<GuestPtr<T>> ptr, GuestMemory memory)
    {
        memory.Check(ptr.Offset, 4, 4);
        return new GuestPtr<T>(memory.ReadU32(ptr.Offset));
    }

    /// <summary>Stores a pointer in guest memory (4 bytes, 4-aligned).</summary>
    public static void Write<T>(this GuestPtr<GuestPtr<T>> ptr, GuestMemory memory, GuestPtr<T> value)
    {
        memory.Check(ptr.Offset, 4, 4);
        memory.WriteU32(ptr.Offset, value.Offset);
    }

    public static GuestPtr<GuestPtr<T>> ElementAt<T>(this GuestPtr<GuestPtr<T>> ptr, uint index) => ptr.AddBytes((ulong)index * 4);

    public static GuestList<GuestPtr<T>> AsList<T>(this GuestPtr<GuestPtr<T>> ptr, uint count) => new(ptr.Offset, count);

    public static GuestPtr<T> Get<T>(this GuestList<GuestPtr<T>> list, GuestMemory memory, uint index)
    {
        list.CheckIndex(index);
        return list.Pointer.ElementAt(index).Read(memory);
    }

    public static void Set<T>(this GuestList<GuestPtr<T>> list, GuestMemory memory, uint index, GuestPtr<T> value)
    {
        list.CheckIndex(index);
        list.Pointer.ElementAt(index).Write(memory, value);
    }
}
