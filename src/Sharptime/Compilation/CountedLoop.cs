using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Compilation;

/// <summary>
/// What a pass over an innermost <c>loop</c> found that bounds every address its accesses through locals
/// can reach, so that one guard before the loop can stand for all their checks (see
/// FunctionCompiler.LoopVersioning.cs):
/// <list type="bullet">
/// <item>induction locals: written once in the body, by <c>x = x + c</c> with 0 &lt; |c| &lt; 2^31. The body has
/// no nested loop, so each runs at most once per iteration and x, in iteration n (from 0), is at most
/// x0 + (n + 1) * c as long as that does not pass 2^32 (c &gt; 0), or at most x0 and at least
/// x0 - (n + 1) * |c| as long as that does not pass below 0 (c &lt; 0);</item>
/// <item>invariant locals: not written in the body, so x0 throughout;</item>
/// <item>the counter: an induction local k (step s) compared with a limit (a constant or an invariant local)
/// in a test every iteration that goes round again must pass (the back edge's own br_if, an if around the back
/// edge, or a br_if leaving the loop before it). k's increment comes before the back edge in a block that
/// encloses it, so each iteration that goes round increments it exactly once, and the test sees
/// k0 + (n + delta) * s, delta 1 when the increment comes before the test in the iteration, else 0. That
/// bounds the number of iterations (<see cref="CountedLoopGuard"/>). A counter counting down (s &lt; 0, tested
/// with &gt;, &gt;= or !=, or by its truth: != 0) is the same with the complements of the counter and the limit
/// (~t = 2^32 - 1 - t reverses both orders and counts up).</item>
/// </list>
/// The loop must be branched to from one place only (a wasm loop is entered once and re-entered only by
/// branches from its body), have no parameters (the values on its stack would change on re-entry), and
/// hold no try blocks. The model of the operand stack is exact for the instructions it knows and forgets
/// everything at any other, so a value it names is always that value.
/// </summary>
internal sealed class CountedLoop
{
    /// <summary>Longest loop body versioned, in instructions (bounds the growth of IL and JIT time).</summary>
    public const int MaxInstructions = 160;

    /// <summary>How the back edge's test compares the counter t with the limit: it goes round only if <c>t Relation limit</c>.</summary>
    public enum Relation { NotEqual, BelowUnsigned, BelowSigned, AtMostUnsigned, AtMostSigned }

    /// <summary>Per local, the constant its increment adds (an induction local; negative if it counts down), else 0.</summary>
    public required int[] Steps { get; init; }

    /// <summary>Per local, whether the body writes it.</summary>
    public required bool[] Written { get; init; }

    public int Counter { get; private init; }

    /// <summary>0 or the counter's step (its absolute value): how far the counter had moved this iteration when it was tested.</summary>
    public uint TestedIncrease { get; private init; }

    /// <summary>Whether the counter counts down: the guard then counts its complement and the limit's up.</summary>
    public bool Complemented { get; private init; }

    public Relation Test { get; private init; }

    /// <summary>The local the counter is compared with, or -1 for <see cref="LimitConstant"/>.</summary>
    public int LimitLocal { get; private init; }

    public int LimitConstant { get; private init; }

    /// <summary>Accesses to memory 0 through a local (or a local plus a constant) that is an induction or invariant local.</summary>
    public int CoveredAccesses { get; private init; }

    /// <summary>Instructions in the body, its end included.</summary>
    public int Length { get; private init; }

    /// <summary>Whether every value of <paramref name="local"/> in the loop lies within what the guard checks.</summary>
    public bool Covers(int local) => Steps[local] != 0 || !Written[local];

    private enum Kind { Other, Constant, Local, LocalPlus, Increment, Pair, Comparison }

    /// <summary>
    /// A value of the model: a constant (A), a local's value (A the local, B the delta of a counter read
    /// there: 0, 1, or -1 unknown), a local plus a constant (A, B), a local's value right after its increment
    /// (A), the sum of two locals (A, B), or a comparison (A its index in the comparisons, B 1 if negated).
    /// </summary>
    private sealed record Symbol(Kind Kind, int A = 0, int B = 0)
    {
        public static readonly Symbol Other = new(Kind.Other);
    }

    private static readonly Symbol Zero = new(Kind.Constant, 0);

    /// <summary>A comparison's opcode (0x46 to 0x4F) and its operands.</summary>
    private sealed record Comparison(int Opcode, Symbol Left, Symbol Right);

    /// <summary>A block, if or else being scanned, and the conditions under which control stays in it.</summary>
    private sealed class Frame(int id, Symbol? condition)
    {
        public int Id { get; } = id;
        /// <summary>An if's condition: true in its then part.</summary>
        public Symbol? Condition { get; } = condition;
        public bool InElse { get; set; }
        /// <summary>Conditions of br_ifs out of the loop seen so far in this block: false where the code after them runs.</summary>
        public List<Symbol>? Exits { get; set; }
    }

    /// <summary>
    /// Scans the body after a <c>loop</c> (<paramref name="reader"/> just after it) of type
    /// <paramref name="blockType"/>; null if it is not a counted loop of the shape above.
    /// </summary>
    public static CountedLoop? TryAnalyze(InstructionReader reader, BlockType blockType, int localCount)
    {
        if (!blockType.IsEmpty && !blockType.IsValue) return null; // parameters (or a type index: not worth telling apart)
        var stack = new List<Symbol>();
        var comparisons = new List<Comparison>();
        var frames = new List<Frame> { new(0, null) };
        int nextFrameId = 1;
        var writes = new int[localCount];
        var steps = new int[localCount];
        var writeFrames = new int[localCount];
        var accessLocals = new List<int>();
        int backEdges = 0;
        CountedLoop? found = null;
        bool dead = false; // after br, return, unreachable, up to the else or end of the block
        int deadDepth = 0; // blocks opened in dead code

        Symbol Pop()
        {
            if (stack.Count == 0) return Symbol.Other;
            var top = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            return top;
        }
        bool Open(int frameId)
        {
            foreach (var frame in frames)
                if (frame.Id == frameId) return true;
            return false;
        }
        void Access(Symbol address)
        {
            switch (address.Kind)
            {
                case Kind.Local or Kind.LocalPlus or Kind.Increment: accessLocals.Add(address.A); break;
                case Kind.Pair: accessLocals.Add(address.A); accessLocals.Add(address.B); break;
            }
        }
        // The back edge: which test every iteration that goes round passes, and whether it tests a counter.
        CountedLoop? BackEdge(Symbol? ownCondition)
        {
            if (ownCondition is not null && TryCounter(ownCondition, negated: false) is { } own) return own;
            for (int i = frames.Count - 1; i >= 0; i--)
            {
                var frame = frames[i];
                if (frame.Condition is { } condition && !frame.InElse && TryCounter(condition, negated: false) is { } byIf) return byIf;
                if (frame.Exits is null) continue;
                foreach (var exit in frame.Exits)
                    if (TryCounter(exit, negated: true) is { } byExit) return byExit;
            }
            return null;
        }
        CountedLoop? TryCounter(Symbol condition, bool negated)
        {
            // A counter tested by its truth: counter != 0.
            if (condition.Kind is Kind.Local or Kind.Increment) return TryCounterSide(0x47, condition, Zero, swapped: false, negated);
            if (condition.Kind != Kind.Comparison) return null;
            var comparison = comparisons[condition.A];
            negated ^= condition.B == 1;
            return TryCounterSide(comparison.Opcode, comparison.Left, comparison.Right, swapped: false, negated)
                ?? TryCounterSide(comparison.Opcode, comparison.Right, comparison.Left, swapped: true, negated);
        }
        CountedLoop? TryCounterSide(int opcode, Symbol counter, Symbol limit, bool swapped, bool negated)
        {
            int local = counter.A;
            if (counter.Kind is not (Kind.Increment or Kind.Local) || (counter.Kind == Kind.Local && counter.B < 0)) return null;
            // The increment, seen, in a block still open here: it came before the back edge in every iteration.
            if (writes[local] != 1 || steps[local] == 0 || !Open(writeFrames[local])) return null;
            uint step = (uint)Math.Abs(steps[local]);
            uint increase = counter.Kind == Kind.Increment || counter.B == 1 ? step : 0;
            if (limit.Kind is not (Kind.Constant or Kind.Local) || (limit.Kind == Kind.Local && limit.A == local)) return null;
            bool down = steps[local] < 0;
            if (RelationOf(opcode, swapped, negated, down) is not { } relation) return null;
            return new CountedLoop
            {
                Steps = steps, Written = [], Counter = local, TestedIncrease = increase, Test = relation, Complemented = down,
                LimitLocal = limit.Kind == Kind.Local ? limit.A : -1, LimitConstant = limit.Kind == Kind.Constant ? limit.A : 0,
            };
        }

        int count = 0;
        while (true)
        {
            if (++count > MaxInstructions || !reader.TryRead(out var ins)) return null;
            int op = (int)ins.Opcode;
            if (dead)
            {
                // Dead code is not compiled: skipped up to the else or end that makes code live again.
                switch (ins.Opcode)
                {
                    case Opcode.Block or Opcode.Loop or Opcode.If or Opcode.Try or Opcode.TryTable: deadDepth++; continue;
                    case Opcode.End or Opcode.Delegate when deadDepth > 0: deadDepth--; continue;
                    case Opcode.End or Opcode.Else when deadDepth == 0: break;
                    default: continue;
                }
            }
            switch (ins.Opcode)
            {
                case Opcode.Loop or Opcode.Try or Opcode.TryTable or Opcode.Catch or Opcode.CatchAll or Opcode.Delegate:
                    return null;
                case Opcode.Block:
                    stack.Clear();
                    frames.Add(new Frame(nextFrameId++, null));
                    continue;
                case Opcode.If:
                {
                    var condition = Pop();
                    stack.Clear();
                    frames.Add(new Frame(nextFrameId++, condition));
                    continue;
                }
                case Opcode.Else:
                    stack.Clear();
                    // A frame of its own: what the then part wrote did not happen where the else part runs
                    // (an increment there must not count for a back edge here), nor did its exits.
                    frames[^1] = new Frame(nextFrameId++, frames[^1].Condition) { InElse = true };
                    dead = false;
                    continue;
                case Opcode.End:
                    stack.Clear();
                    frames.RemoveAt(frames.Count - 1);
                    dead = false;
                    if (frames.Count > 0) continue;
                    if (backEdges != 1 || found is null) return null;
                    var written = new bool[localCount];
                    for (int i = 0; i < localCount; i++) written[i] = writes[i] > 0;
                    // Writes after the back edge: the counter must still be written once, the limit never.
                    if (writes[found.Counter] != 1 || (found.LimitLocal >= 0 && written[found.LimitLocal])) return null;
                    int covered = 0;
                    foreach (int local in accessLocals)
                        if (steps[local] != 0 || !written[local]) covered++;
                    return new CountedLoop
                    {
                        Steps = steps, Written = written, Counter = found.Counter, TestedIncrease = found.TestedIncrease,
                        Test = found.Test, Complemented = found.Complemented, LimitLocal = found.LimitLocal, LimitConstant = found.LimitConstant,
                        CoveredAccesses = covered, Length = count,
                    };
                case Opcode.Br or Opcode.BrIf:
                {
                    var condition = ins.Opcode == Opcode.BrIf ? Pop() : null;
                    int target = frames.Count - 1 - (int)ins.Index;
                    if (target == 0)
                    {
                        if (++backEdges > 1) return null;
                        found = BackEdge(condition);
                    }
                    else if (target < 0 && condition is not null)
                    {
                        (frames[^1].Exits ??= []).Add(condition);
                    }
                    if (ins.Opcode == Opcode.Br)
                    {
                        stack.Clear();
                        dead = true;
                    }
                    continue;
                }
                case Opcode.Return or Opcode.Unreachable:
                    stack.Clear();
                    dead = true;
                    continue;
            }
            switch (ins.Opcode.Immediate())
            {
                case ImmediateKind.Label or ImmediateKind.BrOnCast:
                    if ((int)ins.Index == frames.Count - 1) return null;
                    break;
                case ImmediateKind.BrTable:
                    foreach (uint target in ins.Targets!)
                        if ((int)target == frames.Count - 1) return null;
                    break;
            }
            switch (op)
            {
                case 0x01: break; // nop
                case 0x1A: Pop(); break; // drop
                case 0x1B: Pop(); Pop(); Pop(); stack.Add(Symbol.Other); break; // select
                case 0x20: // local.get
                {
                    int local = (int)ins.Index;
                    // The delta if this local turns out to be the counter (see TryCounterSide).
                    int delta = writes[local] == 0 ? 0 : writes[local] == 1 && Open(writeFrames[local]) ? 1 : -1;
                    stack.Add(new Symbol(Kind.Local, local, delta));
                    break;
                }
                case 0x21 or 0x22: // local.set, local.tee
                {
                    int local = (int)ins.Index;
                    var value = Pop();
                    writes[local]++;
                    writeFrames[local] = frames[^1].Id;
                    bool increment = value.Kind == Kind.LocalPlus && value.A == local && value.B != 0 && writes[local] == 1;
                    steps[local] = increment ? value.B : 0;
                    if (op == 0x22) stack.Add(increment ? new Symbol(Kind.Increment, local) : Symbol.Other);
                    break;
                }
                case >= 0x28 and <= 0x35: // loads
                {
                    var address = Pop();
                    if (ins.Index2 == 0) Access(address);
                    stack.Add(Symbol.Other);
                    break;
                }
                case >= 0x36 and <= 0x3E: // stores
                {
                    Pop();
                    var address = Pop();
                    if (ins.Index2 == 0) Access(address);
                    break;
                }
                case 0x41: stack.Add(new Symbol(Kind.Constant, ins.I32)); break;
                case >= 0x42 and <= 0x44: stack.Add(Symbol.Other); break;
                case 0x45: // i32.eqz: of a comparison, its negation; of a local, local == 0
                {
                    var value = Pop();
                    if (value.Kind == Kind.Comparison)
                    {
                        stack.Add(value with { B = 1 - value.B });
                    }
                    else if (value.Kind is Kind.Local or Kind.Increment)
                    {
                        comparisons.Add(new Comparison(0x46, value, Zero));
                        stack.Add(new Symbol(Kind.Comparison, comparisons.Count - 1));
                    }
                    else
                    {
                        stack.Add(Symbol.Other);
                    }
                    break;
                }
                case >= 0x46 and <= 0x4F: // i32 comparisons
                {
                    var right = Pop();
                    var left = Pop();
                    comparisons.Add(new Comparison(op, left, right));
                    stack.Add(new Symbol(Kind.Comparison, comparisons.Count - 1));
                    break;
                }
                case 0x6A or 0x6B: // i32.add, i32.sub
                {
                    var right = Pop();
                    var left = Pop();
                    stack.Add(Sum(left, right, op == 0x6B));
                    break;
                }
                case >= 0x45 and <= 0xC4: // other numeric instructions
                    for (int i = FunctionCompiler.NumericArity(op); i > 0; i--) Pop();
                    stack.Add(Symbol.Other);
                    break;
                default:
                    // Anything else (calls, globals, memory.grow, bulk memory, references, SIMD): the model forgets.
                    stack.Clear();
                    break;
            }
        }
    }

    /// <summary>A sum the model names: a local plus a constant (0 &lt;= constant &lt; 2^31), or two locals; else Other.</summary>
    private static Symbol Sum(Symbol left, Symbol right, bool subtract)
    {
        if (!subtract && left.Kind == Kind.Constant) (left, right) = (right, left);
        if (right.Kind == Kind.Constant && left.Kind is Kind.Local or Kind.LocalPlus)
        {
            // A negative sum only as a step (x - 1, LLVM's x + -1): as an address it is not an access through x.
            long sum = (left.Kind == Kind.LocalPlus ? left.B : 0) + (subtract ? -(long)right.A : right.A);
            if (sum <= int.MinValue || sum > int.MaxValue || (sum < 0 && left.Kind == Kind.LocalPlus)) return Symbol.Other;
            return new Symbol(Kind.LocalPlus, left.A, (int)sum);
        }
        if (!subtract && left.Kind == Kind.Local && right.Kind == Kind.Local) return new Symbol(Kind.Pair, left.A, right.A);
        return Symbol.Other;
    }

    /// <summary>
    /// The relation that holds between the counter and the limit where the loop goes round, for a comparison
    /// <paramref name="opcode"/> (0x46 to 0x4F) with the counter on the left (on the right if
    /// <paramref name="swapped"/>) that is true there (false if <paramref name="negated"/>); null for one
    /// that does not bound an increasing counter.
    /// </summary>
    private static Relation? RelationOf(int opcode, bool swapped, bool negated, bool down)
    {
        if (swapped) opcode = opcode switch { 0x48 => 0x4A, 0x49 => 0x4B, 0x4A => 0x48, 0x4B => 0x49, 0x4C => 0x4E, 0x4D => 0x4F, 0x4E => 0x4C, 0x4F => 0x4D, _ => opcode };
        if (negated) opcode = opcode switch { 0x46 => 0x47, 0x47 => 0x46, 0x48 => 0x4E, 0x4E => 0x48, 0x49 => 0x4F, 0x4F => 0x49, 0x4A => 0x4C, 0x4C => 0x4A, 0x4B => 0x4D, 0x4D => 0x4B, _ => opcode };
        // Counting down: the complements count up, and t > limit is ~t < ~limit (likewise >=).
        if (down) opcode = opcode switch { 0x4A => 0x48, 0x4B => 0x49, 0x4E => 0x4C, 0x4F => 0x4D, 0x47 => 0x47, _ => 0 };
        return opcode switch
        {
            0x47 => Relation.NotEqual,
            0x48 => Relation.BelowSigned,
            0x49 => Relation.BelowUnsigned,
            0x4C => Relation.AtMostSigned,
            0x4D => Relation.AtMostUnsigned,
            _ => null,
        };
    }
}
