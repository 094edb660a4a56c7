using System.Reflection.Emit;
using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Compilation;

// Versioned regions: one bounds check per local for a run of accesses through it. A trap must
// happen at the access that is out of bounds, after the stores before it, so checks cannot simply
// be merged. Instead a straight-line run of instructions is compiled twice:
//
//     br guard
//   fast:  the region, accesses through locals not yet written in it unchecked      br join
//   guard: for each such local x: if ((ulong)x + furthest reach > memory length) br slow
//          br fast
//   slow:  the region as usual, every access checked (exact traps)
//   join:
//
// The fast copy is compiled first, so the furthest reach of its accesses through each local is
// known when the guard is emitted; the locals hold the same values at the guard as at those
// accesses, and memory never shrinks. Copying memcpy-style code (load through one pointer, store
// through another, four times per iteration) then checks each pointer once instead of four times.
internal sealed partial class FunctionCompiler
{
    /// <summary>Longest region compiled twice, in instructions (bounds the growth of IL and JIT time).</summary>
    private const int MaxVersionedInstructions = 96;

    /// <summary>Checks a region must save (accesses through locals minus guards) to be worth its copy.</summary>
    private const int MinSavedChecks = 2;

    /// <summary>
    /// In the checked copy: addresses that are a local plus a constant are computed again from the local
    /// (see <see cref="EmitEffectiveAddress"/>), so values the region's start put in slots are not kept alive for it.
    /// </summary>
    private bool _recomputeAddresses;

    /// <summary>In the fast copy: locals written since the region began (accesses through them are checked), else null.</summary>
    private HashSet<int>? _writtenInRegion;

    /// <summary>
    /// In the fast copy: per local, how far from its value the unchecked accesses reach (what the guard
    /// checks), and a ulong local the guard sets to the zero-extended value (the accesses use it, so
    /// RyuJIT does not zero-extend the address again at each of them). The guard checks them in the
    /// order they were first speculated on (a dictionary enumerates in insertion order until it removes).
    /// </summary>
    private readonly Dictionary<int, Speculation> _speculated = [];

    /// <summary>
    /// An entry of <see cref="_speculated"/>: a class, not a tuple, as a dictionary with values of our
    /// value types is JIT-compiled at every start, with class values it is ReadyToRun.
    /// </summary>
    private sealed class Speculation(ulong reach, LocalBuilder wide)
    {
        public ulong Reach { get; set; } = reach;
        public LocalBuilder Wide { get; } = wide;
    }

    /// <summary>
    /// In the fast copy: the operand stack when the region began (with <see cref="OperandStack.LowWater"/>,
    /// what an entry not popped since was then), else null.
    /// </summary>
    private OperandStack.Snapshot? _regionStart;

    /// <summary>The value of the i32.const just compiled (for <see cref="TryEmitLocalPlusConstant"/>), or null.</summary>
    private int? _lastI32Constant;

    /// <summary>
    /// <c>local.get x; i32.const c; i32.add</c>: the sum is recorded as x + c, so an access through it
    /// counts as an access through x (compilers address struct fields and unrolled loops this way).
    /// <c>i32.const -c; i32.sub</c> is the same sum: LLVM writes x + 64 so, -64 being one byte shorter
    /// in LEB128 (sha256's message schedule stores to w + 64 that way).
    /// </summary>
    private bool TryEmitLocalPlusConstant(int constant, bool subtract)
    {
        int local = _stack.SourceLocal(1);
        long addend = subtract ? -(long)constant : constant;
        if (local < 0 || addend < 0) return false;
        long offset = _stack.SourceOffset(1) + addend;
        if (offset > int.MaxValue) return false;
        _stack.Materialize(2);
        _il.Emit(subtract ? OpCodes.Sub : OpCodes.Add);
        _stack.Pop(2);
        _stack.PushLocal(ValType.I32, local, (int)offset);
        return true;
    }

    /// <summary>
    /// Compiles a versioned region starting at <paramref name="first"/>, a memory access through a
    /// local, when the straight-line code after it has enough accesses; <paramref name="reader"/>
    /// then stands after the region.
    /// </summary>
    /// <summary>Emits one copy of the code at <paramref name="reader"/> (leaving it after the code), from the operand stack <paramref name="atStart"/>.</summary>
    private delegate void CopyEmitter(ref InstructionReader reader, OperandStack.Snapshot atStart);

    /// <summary>
    /// The layout of versioned regions and loops (see the top of this file and of .LoopVersioning.cs): the code
    /// at <paramref name="reader"/> compiled twice from the same operand stack and known checks, the fast copy
    /// first (so that <paramref name="guard"/> knows what to check), then the guard, which branches to the
    /// label it is given when it fails, then the fully checked copy.
    /// </summary>
    private void EmitFastAndCheckedCopies(ref InstructionReader reader, CopyEmitter fastCopy, Action<Label> guard, CopyEmitter checkedCopy)
    {
        var restart = reader;
        _stack.Flush();
        var stackAtStart = _stack.Save();
        var checkedAtStart = _checked.Save();
        var fast = _il.DefineLabel();
        var guardLabel = _il.DefineLabel();
        var slow = _il.DefineLabel();
        var join = _il.DefineLabel();
        _il.Emit(OpCodes.Br, guardLabel);

        _il.MarkLabel(fast);
        fastCopy(ref reader, stackAtStart);
        _stack.Flush();
        _il.Emit(OpCodes.Br, join);

        _il.MarkLabel(guardLabel);
        guard(slow);
        _il.Emit(OpCodes.Br, fast);

        _il.MarkLabel(slow);
        _stack.Restore(stackAtStart);
        _checked.Restore(checkedAtStart);
        reader = restart;
        checkedCopy(ref reader, stackAtStart);
        _stack.Flush();
        _il.MarkLabel(join);
    }

    private bool TryEmitVersioned(in Instruction first, ref InstructionReader reader)
    {
        if (_writtenInRegion is not null || _memoryLength is null || Is64(0) || !IsAccess(in first)) return false;
        if (_stack.SourceLocal(IsStore(first.Opcode) ? 1 : 0) < 0) return false;
        if (!InLoop()) return false;
        int length = MeasureRegion(in first, reader);
        if (length < 0) return false;

        var start = first;
        EmitFastAndCheckedCopies(ref reader,
            (ref InstructionReader fastReader, OperandStack.Snapshot atStart) =>
            {
                _writtenInRegion = [];
                _regionStart = atStart;
                _stack.ResetLowWater();
                EmitRegion(in start, ref fastReader, length);
                _regionStart = null;
                _writtenInRegion = null;
            },
            EmitRegionGuard,
            (ref InstructionReader checkedReader, OperandStack.Snapshot _) =>
            {
                _recomputeAddresses = true;
                EmitRegion(in start, ref checkedReader, length);
                _recomputeAddresses = false;
            });
        foreach (var speculation in _speculated.Values) FreeScratch(speculation.Wide);
        _speculated.Clear();
        return true;
    }

    /// <summary>
    /// The region's guard: for each local the fast copy speculated on, its zero-extended value into the local the
    /// accesses use, and a branch to <paramref name="slow"/> when its furthest reach is past the memory's end.
    /// </summary>
    private void EmitRegionGuard(Label slow)
    {
        foreach (var (local, speculation) in _speculated)
        {
            EmitLoadLocal(local);
            _il.Emit(OpCodes.Conv_U8);
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Stloc, speculation.Wide);
            EmitLdcU8(speculation.Reach);
            _il.Emit(OpCodes.Add);
            EmitMemoryLength(0);
            _il.Emit(OpCodes.Bgt_Un, slow);
        }
    }

    /// <summary>
    /// Where the address <paramref name="fromTop"/> entries below the top of the operand stack came from:
    /// a local plus a constant (the local's current value), or in the fast copy an entry that the stack
    /// held when the region began, which was a local plus a constant then (LLVM computes a store's address
    /// first and may reuse the local before the store), or (-1, 0).
    /// </summary>
    private (int Local, int Offset, bool AtRegionStart) AddressSource(int fromTop)
    {
        int local = _stack.SourceLocal(fromTop);
        if (local >= 0 || _regionStart is null) return (local, _stack.SourceOffset(fromTop), false);
        int depth = _stack.Count - 1 - fromTop;
        if (depth >= _stack.LowWater || _regionStart.SourceLocals[depth] < 0) return (-1, 0, false);
        return (_regionStart.SourceLocals[depth], _regionStart.SourceOffsets[depth], true);
    }

    /// <summary>
    /// In the fast copy, an access reaching <paramref name="reach"/> bytes from the value of
    /// <paramref name="local"/> goes unchecked if the local still has its value from the region's
    /// start, or the address is that value plus a constant (<paramref name="atRegionStart"/>); the
    /// guard then checks the furthest reach. <paramref name="wide"/> is then a ulong local holding
    /// that value zero-extended.
    /// </summary>
    private bool TrySpeculate(int local, ulong reach, bool atRegionStart, out LocalBuilder? wide)
    {
        wide = null;
        if (_writtenInRegion is null || (!atRegionStart && _writtenInRegion.Contains(local))) return false;
        if (_speculated.TryGetValue(local, out var known))
        {
            wide = known.Wide;
            if (reach > known.Reach) known.Reach = reach;
        }
        else
        {
            wide = RentScratch(typeof(ulong));
            _speculated[local] = new Speculation(reach, wide);
        }
        return true;
    }

    /// <summary>Whether the code being compiled is inside a loop: elsewhere it runs too rarely to be worth its copy.</summary>
    private bool InLoop()
    {
        for (int i = _frames.Count - 1; i >= 0; i--)
            if (_frames[i].Kind == FrameKind.Loop) return true;
        return false;
    }

    private void EmitRegion(in Instruction first, ref InstructionReader reader, int length)
    {
        Emit(in first);
        for (int i = 0; i < length; i++)
        {
            reader.Read(out var instruction);
            if (TryEmitIdiom(in instruction, ref reader, length - i - 1, out int consumed)) i += consumed;
            else Emit(in instruction);
        }
    }

    /// <summary>
    /// How many instructions after <paramref name="first"/> belong to the region: straight-line code
    /// (no control flow, calls or other memories) up to its last memory access; -1 if the region would
    /// save fewer than <see cref="MinSavedChecks"/> checks. Follows the locals through a small model of
    /// the operand stack (a local plus a constant, a constant, or something else): per local, the
    /// accesses that reach further than the ones before need a check of their own without the region
    /// (the others are covered by those checks), and one guard replaces them all.
    /// </summary>
    private int MeasureRegion(in Instruction first, InstructionReader ahead)
    {
        const int Other = -1, Constant = -2;
        // The model's entries as parallel lists of ints (the local or Other or Constant, and the offset
        // or the constant), and the furthest reach per local accessed (few: searched in order) in
        // arrays: framework collections over tuples or longs are JIT-compiled at every start.
        var sourceLocals = new List<int>(_stack.Count + 8);
        var sourceOffsets = new List<int>(_stack.Count + 8);
        for (int i = _stack.Count - 1; i >= 0; i--) Push(_stack.SourceLocal(i), _stack.SourceOffset(i));
        var written = new HashSet<int>();
        var aliases = _stack.CopyAliases();
        var reachedLocals = new int[MaxVersionedInstructions + 1];
        var reaches = new long[MaxVersionedInstructions + 1];
        int reachedCount = 0;
        int checks = 0;
        void Push(int local, int offset)
        {
            sourceLocals.Add(local);
            sourceOffsets.Add(offset);
        }
        (int Local, int Offset) Pop()
        {
            int top = sourceLocals.Count - 1;
            if (top < 0) return (Other, 0);
            var value = (sourceLocals[top], sourceOffsets[top]);
            sourceLocals.RemoveAt(top);
            sourceOffsets.RemoveAt(top);
            return value;
        }
        void Access((int Local, int Offset) address, ulong offset, int size)
        {
            // A versioned loop's guard covers accesses through its induction and invariant locals.
            if (address.Local < 0 || _loopCover?.Loop.Covers(address.Local) == true) return;
            long reach = address.Offset + (long)Math.Min(offset, uint.MaxValue) + size;
            int known = Array.IndexOf(reachedLocals, address.Local, 0, reachedCount);
            if (known >= 0 && reach <= reaches[known]) return;
            if (known < 0)
            {
                known = reachedCount++;
                reachedLocals[known] = address.Local;
            }
            reaches[known] = reach;
            checks++;
        }

        var next = first;
        int count = 0, length = -1;
        while (true)
        {
            int op = (int)next.Opcode;
            switch (op)
            {
                case 0x1A: Pop(); break; // drop
                case 0x1B: Pop(); Pop(); Pop(); Push(Other, 0); break; // select
                case 0x20: // local.get
                {
                    (int Local, int Offset) value = aliases.TryGetValue((int)next.Index, out var alias) ? (alias.Local, alias.Offset) : ((int)next.Index, 0);
                    if (written.Contains(value.Local)) Push(Other, 0);
                    else Push(value.Local, value.Offset);
                    break;
                }
                case 0x21 or 0x22: // local.set, local.tee: a copy of another local plus a constant is an alias of it
                {
                    int local = (int)next.Index;
                    var value = Pop();
                    aliases.Remove(local);
                    foreach (var (other, alias) in aliases)
                        if (alias.Local == local) aliases.Remove(other);
                    bool aliased = value.Local >= 0 && value.Local != local;
                    if (aliased) aliases[local] = new OperandStack.Alias(value.Local, value.Offset);
                    if (op == 0x22)
                    {
                        if (aliased) Push(value.Local, value.Offset);
                        else Push(Other, 0);
                    }
                    written.Add(local);
                    break;
                }
                case >= 0x28 and <= 0x35: // loads
                    Access(Pop(), next.Immediate, AccessSize(op));
                    Push(Other, 0);
                    length = count;
                    break;
                case >= 0x36 and <= 0x3E: // stores
                    Pop();
                    Access(Pop(), next.Immediate, AccessSize(op));
                    length = count;
                    break;
                case 0x41: Push(Constant, next.I32); break;
                case >= 0x42 and <= 0x44: Push(Other, 0); break;
                case 0x6A or 0x6B: // i32.add, i32.sub: a local plus a constant is still an access through the local
                {
                    var b = Pop();
                    var a = Pop();
                    long addend = op == 0x6B ? -(long)b.Offset : b.Offset;
                    bool sum = a.Local >= 0 && b.Local == Constant && addend >= 0 && a.Offset + addend <= int.MaxValue;
                    if (sum) Push(a.Local, (int)(a.Offset + addend));
                    else Push(Other, 0);
                    break;
                }
                default:
                    for (int i = NumericArity(op); i > 0; i--) Pop();
                    Push(Other, 0);
                    break;
            }
            if (count == MaxVersionedInstructions || !ahead.TryRead(out next) || !IsStraightLine(in next)) break;
            count++;
        }
        return checks - reachedCount >= MinSavedChecks ? length : -1;
    }

    /// <summary>Bytes a load (0x28 to 0x35) or store (0x36 to 0x3E) accesses.</summary>
    private static int AccessSize(int op) => op switch
    {
        0x29 or 0x2B or 0x37 or 0x39 => 8,
        0x28 or 0x2A or 0x34 or 0x35 or 0x36 or 0x38 or 0x3E => 4,
        0x2E or 0x2F or 0x32 or 0x33 or 0x3B or 0x3D => 2,
        _ => 1,
    };

    /// <summary>Operands of a numeric instruction (0x45 to 0xC4): comparisons and arithmetic are binary except the tests and bit counts.</summary>
    internal static int NumericArity(int op) => op switch
    {
        0x45 or 0x50 => 1, // eqz
        >= 0x46 and <= 0x66 => 2, // comparisons
        >= 0x67 and <= 0x69 or >= 0x79 and <= 0x7B => 1, // clz, ctz, popcnt
        >= 0x6A and <= 0x78 or >= 0x7C and <= 0x8A => 2, // integer arithmetic
        >= 0x8B and <= 0x91 or >= 0x99 and <= 0x9F => 1, // float unary
        >= 0x92 and <= 0x98 or >= 0xA0 and <= 0xA6 => 2, // float binary
        _ => 1, // conversions, reinterpretations, sign extensions
    };

    /// <summary>Instructions that compile to straight-line code with no calls: locals, constants, numbers, memory 0 loads and stores.</summary>
    private static bool IsStraightLine(in Instruction ins) => (int)ins.Opcode switch
    {
        0x01 or 0x1A or 0x1B => true, // nop, drop, select
        >= 0x20 and <= 0x22 => true, // local.get, local.set, local.tee
        >= 0x28 and <= 0x3E => ins.Index2 == 0, // loads and stores
        >= 0x41 and <= 0xC4 => true, // constants, comparisons, arithmetic, conversions
        _ => false,
    };

    private static bool IsAccess(in Instruction ins) => ins.Opcode is >= Opcode.I32Load and <= Opcode.I64Store32 && ins.Index2 == 0;

    private static bool IsStore(Opcode op) => op is >= Opcode.I32Store and <= Opcode.I64Store32;
}
