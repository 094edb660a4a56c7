using System.Reflection.Emit;
using Sharptime.Model;

namespace Sharptime.Compilation;

internal enum FrameKind : byte
{
    Function,
    Block,
    Loop,
    If,
}

/// <summary>An open block of the function being compiled (the function body itself is the outermost).</summary>
internal sealed class ControlFrame
{
    public required FrameKind Kind { get; init; }
    /// <summary>Operand stack height below the block's parameters.</summary>
    public required int Height { get; init; }
    public required ValType[] Params { get; init; }
    public required ValType[] Results { get; init; }
    /// <summary>Where a branch to this frame goes: the start of a loop, the end of anything else.</summary>
    public required Label Label { get; init; }
    /// <summary>For if: the start of the else arm (or the end, when there is no else).</summary>
    public Label ElseLabel { get; init; }
    /// <summary>Whether code at the start of the block could run.</summary>
    public required bool ReachableAtEntry { get; init; }
    /// <summary>Whether some branch (or the then arm falling into end past else) reaches the end label.</summary>
    public bool EndTargeted { get; set; }
    public bool HasElse { get; set; }

    /// <summary>The values a branch to this frame carries: a loop's parameters, otherwise its results.</summary>
    public ValType[] BranchTypes => Kind == FrameKind.Loop ? Params : Results;
}
