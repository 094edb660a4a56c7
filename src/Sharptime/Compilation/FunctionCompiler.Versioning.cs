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

    /// <summary>Accesses a region needs after its first, to be worth its copy.</summary>
    private const int MinVersionedFollowers = 3;

    /// <summary>In the fast copy: locals written since the region began (accesses through them are checked), else null.</summary>
    private HashSet<int>? _writtenInRegion;

    /// <summary>In the fast copy: per local, how far from its value the unchecked accesses reach (what the guard checks).</summary>
    private readonly Dictionary<int, ulong> _speculativeReach = [];

    /// <summary>The value of the i32.const just compiled (for <see cref="TryEmitLocalPlusConstant"/>), or null.</summary>
    private int? _lastI32Constant;

    /// <summary>
    /// <c>local.get x; i32.const c; i32.add</c>: the sum is recorded as x + c, so an access through it
    /// counts as an access through x (compilers address struct fields and unrolled loops this way).
    /// </summary>
    private bool TryEmitLocalPlusConstant(int constant)
    {
        int local = _stack.SourceLocal(1);
        if (local < 0 || constant < 0) return false;
        long offset = (long)_stack.SourceOffset(1) + constant;
        if (offset > int.MaxValue) return false;
        _stack.Materialize(2);
        _il.Emit(OpCodes.Add);
        _stack.Pop(2);
        _stack.PushLocal(ValType.I32, local, (int)offset);
        return true;
    }

    /// <summary>
    /// Compiles a versioned region starting at <paramref name="first"/>, a memory access through a
    /// local, when the straight-line code after it has enough accesses; <paramref name="reader"/>
    /// then stands after the region.
    /// </summary>
    private bool TryEmitVersioned(in Instruction first, ref InstructionReader reader)
    {
        if (_writtenInRegion is not null || _memoryLength is null || Is64(0) || !IsAccess(in first)) return false;
        if (_stack.SourceLocal(IsStore(first.Opcode) ? 1 : 0) < 0) return false;
        int length = MeasureRegion(reader);
        if (length < 0) return false;

        var restart = reader;
        _stack.Flush();
        var stackAtStart = _stack.Save();
        var checkedAtStart = _checked.Save();
        var fast = _il.DefineLabel();
        var guard = _il.DefineLabel();
        var slow = _il.DefineLabel();
        var join = _il.DefineLabel();
        _il.Emit(OpCodes.Br, guard);

        _il.MarkLabel(fast);
        _writtenInRegion = [];
        _speculativeReach.Clear();
        EmitRegion(in first, ref reader, length);
        _writtenInRegion = null;
        _stack.Flush();
        _il.Emit(OpCodes.Br, join);

        _il.MarkLabel(guard);
        foreach (var (local, reach) in _speculativeReach)
        {
            EmitLoadLocal(local);
            _il.Emit(OpCodes.Conv_U8);
            EmitLdcU8(reach);
            _il.Emit(OpCodes.Add);
            EmitMemoryLength(0);
            _il.Emit(OpCodes.Bgt_Un, slow);
        }
        _il.Emit(OpCodes.Br, fast);

        _il.MarkLabel(slow);
        _stack.Restore(stackAtStart);
        _checked.Restore(checkedAtStart);
        reader = restart;
        EmitRegion(in first, ref reader, length);
        _stack.Flush();
        _il.MarkLabel(join);
        return true;
    }

    /// <summary>
    /// In the fast copy, an access reaching <paramref name="reach"/> bytes from the value of
    /// <paramref name="local"/> goes unchecked if the local still has its value from the region's
    /// start (the guard then checks the furthest reach).
    /// </summary>
    private bool TrySpeculate(int local, ulong reach)
    {
        if (_writtenInRegion is null || _writtenInRegion.Contains(local)) return false;
        if (!_speculativeReach.TryGetValue(local, out var furthest) || reach > furthest) _speculativeReach[local] = reach;
        return true;
    }

    private void EmitRegion(in Instruction first, ref InstructionReader reader, int length)
    {
        Emit(in first);
        for (int i = 0; i < length; i++)
        {
            reader.Read(out var instruction);
            Emit(in instruction);
        }
    }

    /// <summary>
    /// How many instructions after the current one belong to the region: straight-line code (no
    /// control flow, calls or other memories) up to its last memory access; -1 if it has too few.
    /// </summary>
    private static int MeasureRegion(InstructionReader ahead)
    {
        int count = 0, length = 0, accesses = 0;
        while (count < MaxVersionedInstructions && ahead.TryRead(out var next) && IsStraightLine(in next))
        {
            count++;
            if (IsAccess(in next))
            {
                accesses++;
                length = count;
            }
        }
        return accesses >= MinVersionedFollowers ? length : -1;
    }

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
