using System.Reflection.Emit;
using Sharptime.Model;

namespace Sharptime.Compilation;

/// <summary>
/// The compiler's model of the wasm operand stack. A bottom part of the stack lives in IL locals
/// ("slots", one per stack depth and kind of value); the top part lives on the IL evaluation stack.
/// Straight-line code keeps values on the IL stack, so RyuJIT sees expression trees; at control flow
/// the stack is flushed into slots, so that every branch target is entered with an empty IL stack and
/// block results are found at fixed slots (a branch's result moves are then often no moves at all).
/// </summary>
internal sealed class OperandStack(ILGenerator il)
{
    // The entries are parallel arrays up to _count, not lists: List<ValType> is JIT-compiled at every
    // start (framework generics over our value types are not precompiled).
    private ValType[] _types = new ValType[32];
    private int _count;
    /// <summary>
    /// Per entry, the local whose current value it is (pushed by local.get or local.tee and the local
    /// not written since), or -1: lets a memory access through a local skip a check already made
    /// (<see cref="CheckedAddresses"/>).
    /// </summary>
    private int[] _sourceLocals = new int[32];
    /// <summary>
    /// Per entry with a source local, the constant added to it: the entry is (local + offset) mod 2^32
    /// (<c>local.get p; i32.const 8; i32.add</c>), 0 for the local's value itself; 0 &lt;= offset &lt; 2^31.
    /// </summary>
    private int[] _sourceOffsets = new int[32];
    /// <summary>
    /// The slots by depth and kind (at depth * <see cref="KindCount"/> + kind), declared on first use.
    /// An array, not a dictionary keyed by (depth, kind): framework generics over our value types are
    /// JIT-compiled at every start.
    /// </summary>
    private LocalBuilder?[] _slots = new LocalBuilder?[32 * KindCount];
    private const int KindCount = (int)StackKind.Ref + 1;
    /// <summary>
    /// Locals whose current value is another local plus a constant (<c>local.tee $q (i32.add (local.get
    /// $p) (i32.const 8))</c>), until either is written or control merges: <c>local.get $q</c> then
    /// counts as an access through $p, which a versioned region's guard or a check of $p covers.
    /// </summary>
    private readonly Dictionary<int, Alias> _aliases = [];

    /// <summary>
    /// A local's value as another local plus a constant. A class, not a tuple: a dictionary with
    /// values of our value types is JIT-compiled at every start, with class values it is ReadyToRun.
    /// </summary>
    public sealed record Alias(int Local, int Offset);

    /// <summary>Entries [0, SpilledCount) are in slots; [SpilledCount, Count) are on the IL stack.</summary>
    public int SpilledCount { get; private set; }

    public int Count => _count;

    /// <summary>
    /// The least height since <see cref="ResetLowWater"/>: entries below it are the very values the
    /// stack held then (a versioned region knows what they were at its start).
    /// </summary>
    public int LowWater { get; private set; }

    public void ResetLowWater() => LowWater = _count;

    public ValType this[int depth] => _types[depth];

    public ValType Peek(int fromTop = 0) => _types[_count - 1 - fromTop];

    /// <summary>Records a value the caller just left on the IL stack.</summary>
    public void Push(ValType type)
    {
        PushLocal(type, -1);
    }

    /// <summary>Records a value the caller just left on the IL stack, which is the current value of <paramref name="local"/>.</summary>
    public void PushLocal(ValType type, int local, int offset = 0)
    {
        if (_count == _types.Length) Grow(_count + 1);
        _types[_count] = type;
        _sourceLocals[_count] = local;
        _sourceOffsets[_count] = offset;
        _count++;
    }

    private void Grow(int capacity) =>
        (_types, _sourceLocals, _sourceOffsets) = CopyEntries(Math.Max(capacity, _types.Length * 2));

    /// <summary>The entries of the parallel arrays, copied into new arrays of <paramref name="length"/>.</summary>
    private (ValType[] Types, int[] SourceLocals, int[] SourceOffsets) CopyEntries(int length)
    {
        var types = new ValType[length];
        var sourceLocals = new int[length];
        var sourceOffsets = new int[length];
        Array.Copy(_types, types, _count);
        Array.Copy(_sourceLocals, sourceLocals, _count);
        Array.Copy(_sourceOffsets, sourceOffsets, _count);
        return (types, sourceLocals, sourceOffsets);
    }

    /// <summary>The local whose current value (plus <see cref="SourceOffset"/>) the entry <paramref name="fromTop"/> is, or -1.</summary>
    public int SourceLocal(int fromTop = 0) => _sourceLocals[_count - 1 - fromTop];

    /// <summary>The constant added to <see cref="SourceLocal"/> in the entry <paramref name="fromTop"/>.</summary>
    public int SourceOffset(int fromTop = 0) => _sourceOffsets[_count - 1 - fromTop];

    /// <summary>What the current value of <paramref name="local"/> is known to be: another local plus a constant, or itself.</summary>
    public (int Local, int Offset) ValueOf(int local) => _aliases.TryGetValue(local, out var alias) ? (alias.Local, alias.Offset) : (local, 0);

    /// <summary>
    /// <paramref name="local"/> is being written with a value whose source was <paramref name="source"/>
    /// plus <paramref name="offset"/> (-1: unknown): entries copied from the local keep their values but
    /// are no longer its current value. With <paramref name="top"/>, the top entry is the value and stays (local.tee).
    /// </summary>
    public void LocalWritten(int local, int source, int offset, bool top)
    {
        ForgetAliasesOf(local);
        if (source >= 0 && source != local)
        {
            // The new value is another local plus a constant: remember that rather than the local itself.
            for (int i = 0; i < _count; i++)
                if (_sourceLocals[i] == local) _sourceLocals[i] = -1;
            _aliases[local] = new Alias(source, offset);
            return;
        }
        for (int i = 0; i < _count; i++)
            if (_sourceLocals[i] == local) _sourceLocals[i] = -1;
        if (top)
        {
            _sourceLocals[_count - 1] = local;
            _sourceOffsets[_count - 1] = 0;
        }
    }

    private void ForgetAliasesOf(int local)
    {
        if (_aliases.Count == 0) return;
        _aliases.Remove(local);
        foreach (var (alias, value) in _aliases)
            if (value.Local == local) _aliases.Remove(alias);
    }

    /// <summary>Control may arrive from elsewhere: no local is known to equal another.</summary>
    public void ForgetAliases()
    {
        if (_aliases.Count > 0) _aliases.Clear();
    }

    /// <summary>The aliases known now (for a model of the code ahead).</summary>
    public Dictionary<int, Alias> CopyAliases() => new(_aliases);

    /// <summary>Forgets the top value, which the caller has consumed from the IL stack (see <see cref="Materialize"/>).</summary>
    public ValType Pop()
    {
        if (_count == 0) throw new InvalidOperationException("operand stack underflow");
        var t = _types[--_count];
        if (SpilledCount > _count) SpilledCount = _count;
        if (LowWater > _count) LowWater = _count;
        return t;
    }

    public void Pop(int count)
    {
        for (int i = 0; i < count; i++) Pop();
    }

    /// <summary>Makes the top <paramref name="count"/> values live on the IL stack, in order.</summary>
    public void Materialize(int count)
    {
        int first = _count - count;
        if (SpilledCount <= first) return;
        // Some are in slots: everything above them must be stored first so the loads come out in order.
        Flush();
        for (int d = first; d < _count; d++) il.Emit(OpCodes.Ldloc, Slot(d));
        SpilledCount = first;
    }

    /// <summary>Stores every value on the IL stack into its slot; the IL stack is then empty.</summary>
    public void Flush()
    {
        for (int d = _count - 1; d >= SpilledCount; d--) il.Emit(OpCodes.Stloc, Slot(d));
        SpilledCount = _count;
    }

    /// <summary>Drops the IL-stack values down to <paramref name="depth"/> without storing them (for branches).</summary>
    public void EmitPopsDownTo(int depth)
    {
        for (int d = _count - 1; d >= Math.Max(depth, SpilledCount); d--) il.Emit(OpCodes.Pop);
    }

    /// <summary>Cuts the model back to <paramref name="height"/> values (after a branch or at the start of else).</summary>
    public void Truncate(int height)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, _count);
        _count = height;
        if (SpilledCount > height) SpilledCount = height;
        if (LowWater > height) LowWater = height;
    }

    /// <summary>Declares values that are already in their slots (block params and results after a label).</summary>
    public void PushSpilled(ReadOnlySpan<ValType> types)
    {
        if (SpilledCount != _count) throw new InvalidOperationException("IL stack must be empty");
        foreach (var t in types) PushLocal(t, -1);
        SpilledCount = _count;
    }

    /// <summary>The model with every value in its slot, to compile the same instructions again from here (<see cref="Restore"/>).</summary>
    public Snapshot Save()
    {
        if (SpilledCount != _count) throw new InvalidOperationException("IL stack must be empty");
        var (types, sourceLocals, sourceOffsets) = CopyEntries(_count);
        return new Snapshot(types, sourceLocals, sourceOffsets, new(_aliases));
    }

    /// <summary>Puts the model back as <see cref="Save"/> found it; the values must be in their slots again.</summary>
    public void Restore(Snapshot snapshot)
    {
        int count = snapshot.Types.Length;
        if (count > _types.Length) Grow(count);
        Array.Copy(snapshot.Types, _types, count);
        Array.Copy(snapshot.SourceLocals, _sourceLocals, count);
        Array.Copy(snapshot.SourceOffsets, _sourceOffsets, count);
        _count = count;
        _aliases.Clear();
        foreach (var (local, value) in snapshot.Aliases) _aliases[local] = value;
        SpilledCount = _count;
    }

    public sealed record Snapshot(ValType[] Types, int[] SourceLocals, int[] SourceOffsets, Dictionary<int, Alias> Aliases);

    /// <summary>The local that holds the value at <paramref name="depth"/> when it is spilled.</summary>
    public LocalBuilder Slot(int depth) => SlotFor(depth, _types[depth]);

    public LocalBuilder SlotFor(int depth, ValType type)
    {
        var kind = ClrTypes.KindOf(type);
        int index = depth * KindCount + (int)kind;
        if (index >= _slots.Length) Array.Resize(ref _slots, Math.Max(_slots.Length * 2, index + KindCount));
        return _slots[index] ??= il.DeclareLocal(ClrTypes.Of(kind));
    }

    /// <summary>
    /// Moves the top <paramref name="count"/> values into the slots at [<paramref name="target"/>,
    /// target + count) and empties the IL stack: the transfer of a branch's values to its label.
    /// Does not change the model (the caller decides what the stack looks like afterwards).
    /// </summary>
    public void EmitTransfer(int count, int target)
    {
        int first = _count - count;
        if (SpilledCount <= first)
        {
            // The values are on the IL stack: store them straight into the target slots, drop the rest.
            for (int i = count - 1; i >= 0; i--) il.Emit(OpCodes.Stloc, SlotFor(target + i, _types[first + i]));
            for (int d = first - 1; d >= SpilledCount; d--) il.Emit(OpCodes.Pop);
        }
        else
        {
            // Values straddle slots and IL stack: store the IL part into own slots, then copy upward-safe.
            for (int d = _count - 1; d >= SpilledCount; d--) il.Emit(OpCodes.Stloc, Slot(d));
            EmitSlotCopies(count, first, target);
        }
    }

    /// <summary>Copies slots [source, source+count) to [target, target+count); target &lt;= source, so ascending order is safe.</summary>
    public void EmitSlotCopies(int count, int source, int target)
    {
        if (source == target) return;
        for (int i = 0; i < count; i++)
        {
            var t = _types[source + i];
            il.Emit(OpCodes.Ldloc, SlotFor(source + i, t));
            il.Emit(OpCodes.Stloc, SlotFor(target + i, t));
        }
    }
}
