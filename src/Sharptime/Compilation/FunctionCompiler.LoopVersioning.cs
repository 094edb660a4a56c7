using System.Reflection.Emit;
using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Compilation;

// Versioned loops: one guard before a counted loop instead of a bounds check per access per iteration.
// An innermost loop whose accesses go through induction locals (x = x + c once per iteration) and
// locals it does not write, and whose iterations are bounded by a counter tested against a limit
// (CountedLoop.cs), is compiled twice:
//
//     br guard
//   fast:  the loop, accesses through those locals unchecked                          br join
//   guard: n = at most how many iterations (CountedLoopGuard), from the locals' values here; if n == 0 br slow
//          for each such local x counting down: if ((ulong)x < n * -step(x)) br slow
//          for each such local x: if ((ulong)x + n * max(step(x), 0) + furthest reach > memory length) br slow
//          for each sum x + y of two such locals loaded from: each bound alone, then the same with both bounds
//          br fast
//   slow:  the loop as usual, every access checked (exact traps)
//   join:
//
// Every value x takes in the loop is at most x + n * step(x) (64-bit arithmetic: were it to pass 2^32 the
// guard fails, so no address wraps), or at most x and at least 0 counting down, and memory never shrinks (calls and memory.grow in the loop change
// nothing), so the guard, checked before anything in the loop runs, covers every access it stands for;
// when it fails the checked copy traps where wasm does, after the stores before the access. Accesses
// through other locals are checked as usual in the fast copy (versioned regions included).
internal sealed partial class FunctionCompiler
{
    /// <summary>Accesses a loop must make through covered locals to be worth its copy.</summary>
    private const int MinCoveredAccesses = 2;

    /// <summary>Instructions of versioned loops per function (bounds the growth of large functions' IL and JIT time).</summary>
    private const int MaxVersionedLoopInstructions = 1024;

    private int _versionedLoopInstructions;

    /// <summary>In the fast copy of a versioned loop: what its guard must check, else null.</summary>
    private LoopCover? _loopCover;

    /// <summary>In the fast copy, the address just computed as the sum of two covered locals (for the access that follows), else null.</summary>
    private SumReach? _pendingSum;

    /// <summary>The loop being compiled unchecked, and how far its accesses reach from each covered local.</summary>
    private sealed class LoopCover(CountedLoop loop, int localCount)
    {
        public CountedLoop Loop { get; } = loop;

        /// <summary>Per local, the furthest reach of the unchecked accesses from its value, 0 if none.</summary>
        public ulong[] Reaches { get; } = new ulong[localCount];

        public List<SumReach> Sums { get; } = [];
    }

    /// <summary>Accesses through <c>First + Second</c> (two covered locals' values, with the constants their aliases add), reaching <see cref="Reach"/> from the sum.</summary>
    private sealed class SumReach(int first, int second, ulong reach)
    {
        public int First { get; } = first;
        public int Second { get; } = second;
        public ulong Reach { get; set; } = reach;
    }

    /// <summary>
    /// Compiles a versioned loop at <paramref name="loop"/> when it is a counted loop worth it;
    /// <paramref name="reader"/> then stands after its end.
    /// </summary>
    private bool TryEmitVersionedLoop(in Instruction loop, ref InstructionReader reader)
    {
        if (loop.Opcode != Opcode.Loop || _loopCover is not null || _writtenInRegion is not null || _memoryLength is null || Is64(0)) return false;
        if (_versionedLoopInstructions >= MaxVersionedLoopInstructions) return false;
        if (CountedLoop.TryAnalyze(reader, loop.BlockType, _localTypes.Length) is not { } counted) return false;
        if (counted.CoveredAccesses < MinCoveredAccesses || _versionedLoopInstructions + counted.Length > MaxVersionedLoopInstructions) return false;
        _versionedLoopInstructions += counted.Length;

        int outerFrames = _frames.Count;
        var start = loop;
        LoopCover? cover = null;
        EmitFastAndCheckedCopies(ref reader,
            (ref InstructionReader fastReader, OperandStack.Snapshot _) =>
            {
                cover = _loopCover = new LoopCover(counted, _localTypes.Length);
                Emit(in start);
                EmitInstructions(ref fastReader, outerFrames);
                _loopCover = null;
            },
            slow => EmitLoopGuard(cover!, slow),
            (ref InstructionReader checkedReader, OperandStack.Snapshot _) =>
            {
                _unreachable = false;
                Emit(in start);
                EmitInstructions(ref checkedReader, outerFrames);
            });
        return true;
    }

    /// <summary>The guard (see the top of this file), with the locals' values before the loop; branches to <paramref name="slow"/> when it fails.</summary>
    private void EmitLoopGuard(LoopCover cover, Label slow)
    {
        var loop = cover.Loop;
        var iterations = RentScratch(typeof(ulong));
        // A counter counting down is counted as its complement, up to the limit's complement.
        EmitLoadLocal(loop.Counter);
        if (loop.Complemented) _il.Emit(OpCodes.Not);
        EmitLdcI4((int)loop.TestedIncrease);
        if (loop.LimitLocal >= 0) EmitLoadLocal(loop.LimitLocal);
        else EmitLdcI4(loop.LimitConstant);
        if (loop.Complemented) _il.Emit(OpCodes.Not);
        EmitLdcI4(Math.Abs(loop.Steps[loop.Counter]));
        EmitCall(RuntimeMembers.Method(typeof(CountedLoopGuard), loop.Test switch
        {
            CountedLoop.Relation.NotEqual => nameof(CountedLoopGuard.IterationsNotEqual),
            CountedLoop.Relation.BelowUnsigned => nameof(CountedLoopGuard.IterationsBelowUnsigned),
            CountedLoop.Relation.BelowSigned => nameof(CountedLoopGuard.IterationsBelowSigned),
            CountedLoop.Relation.AtMostUnsigned => nameof(CountedLoopGuard.IterationsAtMostUnsigned),
            _ => nameof(CountedLoopGuard.IterationsAtMostSigned),
        }));
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, iterations);
        _il.Emit(OpCodes.Brfalse, slow);
        // A local counting down must not pass below 0 (it would wrap to a large address): x >= n * |step(x)|.
        for (int local = 0; local < cover.Reaches.Length; local++)
        {
            if (loop.Steps[local] >= 0 || (cover.Reaches[local] == 0 && !cover.Sums.Exists(sum => sum.First == local || sum.Second == local))) continue;
            EmitLoadLocal(local);
            _il.Emit(OpCodes.Conv_U8);
            _il.Emit(OpCodes.Ldloc, iterations);
            EmitLdcU8((ulong)-(long)loop.Steps[local]);
            _il.Emit(OpCodes.Mul);
            _il.Emit(OpCodes.Blt_Un, slow);
        }
        for (int local = 0; local < cover.Reaches.Length; local++)
        {
            if (cover.Reaches[local] == 0) continue;
            EmitLoopBound(loop, local, iterations);
            EmitLdcU8(cover.Reaches[local]);
            _il.Emit(OpCodes.Add);
            EmitMemoryLength(0);
            _il.Emit(OpCodes.Bgt_Un, slow);
        }
        foreach (var sum in cover.Sums)
        {
            // Each bound within memory first (a local loaded from alone has been checked above): a bound can pass
            // 2^63 (2^32 iterations of a step near 2^31), and two such added would wrap to a small number.
            foreach (int local in (ReadOnlySpan<int>)[sum.First, sum.Second])
            {
                if (cover.Reaches[local] != 0) continue;
                EmitLoopBound(loop, local, iterations);
                EmitMemoryLength(0);
                _il.Emit(OpCodes.Bgt_Un, slow);
            }
            EmitLoopBound(loop, sum.First, iterations);
            EmitLoopBound(loop, sum.Second, iterations);
            _il.Emit(OpCodes.Add);
            EmitLdcU8(sum.Reach);
            _il.Emit(OpCodes.Add);
            EmitMemoryLength(0);
            _il.Emit(OpCodes.Bgt_Un, slow);
        }
        FreeScratch(iterations);
    }

    /// <summary>
    /// Pushes the largest value <paramref name="local"/> can take in the loop: its value now plus, for an
    /// induction local counting up, its step times the iterations (counting down, its value now).
    /// </summary>
    private void EmitLoopBound(CountedLoop loop, int local, LocalBuilder iterations)
    {
        EmitLoadLocal(local);
        _il.Emit(OpCodes.Conv_U8);
        if (loop.Steps[local] <= 0) return;
        _il.Emit(OpCodes.Ldloc, iterations);
        EmitLdcU8((ulong)loop.Steps[local]);
        _il.Emit(OpCodes.Mul);
        _il.Emit(OpCodes.Add);
    }

    /// <summary>
    /// In the fast copy, an access reaching <paramref name="reach"/> bytes from the value of <paramref name="local"/>
    /// goes unchecked when every value the local takes in the loop is bounded by the guard.
    /// </summary>
    private bool TryCoverInLoop(int local, ulong reach)
    {
        if (_loopCover is not { } cover || !cover.Loop.Covers(local)) return false;
        if (reach > cover.Reaches[local]) cover.Reaches[local] = reach;
        return true;
    }

    /// <summary>In the fast copy, the access through the sum just computed (<see cref="_pendingSum"/>), reaching <paramref name="end"/> bytes from it, goes unchecked.</summary>
    private bool TryCoverPendingSum(ulong end)
    {
        if (_pendingSum is not { } pending || _loopCover is not { } cover) return false;
        _pendingSum = null;
        ulong reach = pending.Reach + end;
        foreach (var sum in cover.Sums)
        {
            if (sum.First != pending.First || sum.Second != pending.Second) continue;
            if (reach > sum.Reach) sum.Reach = reach;
            return true;
        }
        cover.Sums.Add(new SumReach(pending.First, pending.Second, reach));
        return true;
    }

    /// <summary>
    /// In the fast copy: <c>local.get a; local.get b; i32.add; load</c> with both locals covered (sha256's
    /// <c>w[i + 1]</c> through two pointers) loads unchecked; the guard checks the sum of their bounds.
    /// </summary>
    private bool TryEmitCoveredSumLoad(in Instruction first, ref InstructionReader reader)
    {
        if (_loopCover is not { } cover || first.Opcode != Opcode.LocalGet) return false;
        var ahead = reader;
        if (!ahead.TryRead(out var second) || second.Opcode != Opcode.LocalGet) return false;
        if (!ahead.TryRead(out var add) || add.Opcode != Opcode.I32Add) return false;
        if (!ahead.TryRead(out var load) || !IsAccess(in load) || IsStore(load.Opcode)) return false;
        var (a, aOffset) = _stack.ValueOf((int)first.Index);
        var (b, bOffset) = _stack.ValueOf((int)second.Index);
        if (!cover.Loop.Covers(a) || !cover.Loop.Covers(b)) return false;
        reader = ahead;
        Emit(in first);
        Emit(in second);
        _stack.Materialize(2);
        _il.Emit(OpCodes.Add);
        _stack.Pop(2);
        _stack.Push(ValType.I32);
        // The aliases' constants: the 32-bit sum is a + aOffset + b + bOffset, which the guard keeps below 2^32.
        _pendingSum = new SumReach(a, b, (ulong)aOffset + (ulong)bOffset);
        Emit(in load);
        _pendingSum = null;
        return true;
    }
}
