using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sharptime.Runtime;

/// <summary>
/// The bulk memory and table instructions, and 64-bit address checks, called by generated code.
/// Addresses and counts arrive widened to u64 so one helper serves 32- and 64-bit memories.
/// Each checks its whole range before touching anything, as the spec requires.
/// </summary>
public static unsafe class BulkOperations
{
    /// <summary>address + offset for a 64-bit memory, trapping if the access of <paramref name="size"/> bytes leaves the memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong EffectiveAddress64(ulong address, ulong offset, ulong size, ulong length)
    {
        ulong ea = address + offset;
        if (ea < address || ea > length || size > length - ea) throw Traps.MemoryOutOfBounds();
        return ea;
    }

    private static bool OutOfRange(ulong start, ulong count, ulong length) => start > length || count > length - start;

    internal static void MemoryCopy(Memory destination, Memory source, ulong d, ulong s, ulong n)
    {
        if (OutOfRange(s, n, source.ByteLength) || OutOfRange(d, n, destination.ByteLength)) throw Traps.MemoryOutOfBounds();
        // Buffer.MemoryCopy handles overlap as memmove does.
        Buffer.MemoryCopy(source.Base + s, destination.Base + d, n, n);
    }

    internal static void MemoryFill(Memory memory, ulong d, int value, ulong n)
    {
        if (OutOfRange(d, n, memory.ByteLength)) throw Traps.MemoryOutOfBounds();
        NativeMemory.Fill(memory.Base + d, (nuint)n, (byte)value);
    }

    internal static void MemoryInit(InstanceContext context, Memory memory, int segment, ulong d, uint s, uint n)
    {
        var data = context.DataSegments[segment];
        if (OutOfRange(s, n, (ulong)data.Length) || OutOfRange(d, n, memory.ByteLength)) throw Traps.MemoryOutOfBounds();
        data.AsSpan((int)s, (int)n).CopyTo(new Span<byte>(memory.Base + d, (int)n));
    }

    internal static void DataDrop(InstanceContext context, int segment) => context.DataSegments[segment] = [];

    internal static void TableInit(InstanceContext context, Table table, int segment, ulong d, uint s, uint n)
    {
        var items = context.ElementSegments[segment];
        if (OutOfRange(s, n, (ulong)items.Length) || OutOfRange(d, n, (ulong)table.Elements.Length)) throw Traps.TableOutOfBounds();
        Array.Copy(items, (int)s, table.Elements, (int)d, (int)n);
    }

    internal static void ElemDrop(InstanceContext context, int segment) => context.ElementSegments[segment] = [];

    internal static void TableCopy(Table destination, Table source, ulong d, ulong s, ulong n)
    {
        if (OutOfRange(s, n, (ulong)source.Elements.Length) || OutOfRange(d, n, (ulong)destination.Elements.Length))
            throw Traps.TableOutOfBounds();
        Array.Copy(source.Elements, (int)s, destination.Elements, (int)d, (int)n);
    }

    internal static void TableFill(Table table, ulong i, object? value, ulong n)
    {
        if (OutOfRange(i, n, (ulong)table.Elements.Length)) throw Traps.TableOutOfBounds();
        Array.Fill(table.Elements, value, (int)i, (int)n);
    }

    internal static object? TableGet(Table table, ulong i)
    {
        var elements = table.Elements;
        if (i >= (ulong)elements.Length) throw Traps.TableOutOfBounds();
        return elements[i];
    }

    internal static void TableSet(Table table, ulong i, object? value)
    {
        var elements = table.Elements;
        if (i >= (ulong)elements.Length) throw Traps.TableOutOfBounds();
        elements[i] = value;
    }
}
