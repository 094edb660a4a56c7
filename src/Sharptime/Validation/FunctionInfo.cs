namespace Sharptime.Validation;

/// <summary>
/// What validating a function body learned that the compiler can use for free.
/// </summary>
/// <param name="MaxStackDepth">The largest number of operands on the stack at any point.</param>
/// <param name="MaxControlDepth">The deepest nesting of blocks, counting the function body itself.</param>
/// <param name="MakesCalls">Whether the body contains a call of any kind (direct, indirect, by reference, tail).</param>
/// <param name="HasLoops">Whether the body contains a loop.</param>
/// <param name="UsedMemories">
/// The memories the body reads, writes, sizes, grows, fills, copies or initializes: bit i for memory i,
/// bit 63 for any memory from 63 up.
/// </param>
public readonly record struct FunctionInfo(int MaxStackDepth, int MaxControlDepth, bool MakesCalls, bool HasLoops, ulong UsedMemories = 0)
{
    /// <summary>A leaf function calls nothing: its frame can skip call-related set-up.</summary>
    public bool IsLeaf => !MakesCalls;

    /// <summary>Whether the body uses memory <paramref name="memoryIndex"/> (always true from 63 up if any memory from 63 up is used).</summary>
    public bool UsesMemory(int memoryIndex) => (UsedMemories & MemoryBit((uint)memoryIndex)) != 0;

    internal static ulong MemoryBit(uint memoryIndex) => 1UL << (int)Math.Min(memoryIndex, 63u);
}
