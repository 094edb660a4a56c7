using System.Reflection.Emit;
using Sharptime.Model;

namespace Sharptime.Compilation;

internal enum FrameKind : byte
{
    Function,
    Block,
    Loop,
    If,
    /// <summary>try_table: body in an IL try region, catch clauses dispatched after it.</summary>
    TryTable,
    /// <summary>Legacy try: body in an IL try region; catch arms compiled after it as a dispatch chain.</summary>
    Try,
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

    /// <summary>
    /// How many IL try regions enclose the place where <see cref="Label"/> is marked: a branch from
    /// deeper inside must use leave, not br.
    /// </summary>
    public required int LabelTryDepth { get; init; }

    /// <summary>Try frames: the caught exception (null while none), for dispatch and rethrow.</summary>
    public LocalBuilder? Exception { get; set; }
    /// <summary>try_table: its catch clauses.</summary>
    public CatchClause[]? Catches { get; init; }
    /// <summary>Legacy try: true once the first catch arm began (the frame is then a catch block).</summary>
    public bool InCatch { get; set; }
    /// <summary>Legacy try: where the next catch arm's tag test goes (the chain of tests).</summary>
    public Label NextCatchTest { get; set; }

    /// <summary>The values a branch to this frame carries: a loop's parameters, otherwise its results.</summary>
    public ValType[] BranchTypes => Kind == FrameKind.Loop ? Params : Results;
}
