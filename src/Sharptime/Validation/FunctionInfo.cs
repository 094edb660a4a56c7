namespace Sharptime.Validation;

/// <summary>
/// What validating a function body learned that the compiler can use for free.
/// </summary>
/// <param name="MaxStackDepth">The largest number of operands on the stack at any point.</param>
/// <param name="MaxControlDepth">The deepest nesting of blocks, counting the function body itself.</param>
/// <param name="MakesCalls">Whether the body contains a call of any kind (direct, indirect, by reference, tail).</param>
/// <param name="HasLoops">Whether the body contains a loop.</param>
public readonly record struct FunctionInfo(int MaxStackDepth, int MaxControlDepth, bool MakesCalls, bool HasLoops)
{
    /// <summary>A leaf function calls nothing: its frame can skip call-related set-up.</summary>
    public bool IsLeaf => !MakesCalls;
}
