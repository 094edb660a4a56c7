namespace Sharptime.Model;

/// <summary>Size limits of a memory (in pages) or table (in elements).</summary>
/// <param name="Is64">The address type is i64 (memory64 / table64).</param>
/// <param name="Shared">A shared memory (threads proposal); decoded, not executed.</param>
public readonly record struct Limits(ulong Min, ulong? Max, bool Is64 = false, bool Shared = false);

public readonly record struct TableType(ValType ElementType, Limits Limits);

/// <param name="PageSizeLog2">Null for the standard 64 KiB page (custom-page-sizes proposal otherwise).</param>
/// <remarks>A class, as every element type of <see cref="WasmModule"/>'s lists: see there.</remarks>
public sealed record MemoryType(Limits Limits, int? PageSizeLog2 = null);

public readonly record struct GlobalType(ValType Type, bool Mutable);

/// <summary>An exception tag: its type is a function type whose parameters are the payload.</summary>
/// <remarks>A class, as every element type of <see cref="WasmModule"/>'s lists: see there.</remarks>
public sealed record TagType(int TypeIndex);

/// <summary>The kinds of imports and exports, numbered as in the binary format.</summary>
public enum ExternalKind : byte
{
    Function = 0,
    Table = 1,
    Memory = 2,
    Global = 3,
    Tag = 4,
}
