using System.Runtime.CompilerServices;

namespace Sharptime.Runtime;

/// <summary>
/// Factories of the trap exceptions, for generated code and runtime helpers. They only CREATE the
/// exception; the caller throws it (<c>throw Traps.OutOfBounds()</c>), so that RyuJIT sees the block
/// ends in a throw, moves it out of line and keeps the hot path's values in registers (design notes:
/// a helper that throws made a bounds-checked loop 60 % slower). NoInlining keeps callers small.
/// </summary>
public static class Traps
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException Unreachable() => new(TrapCode.Unreachable);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException DivideByZero() => new(TrapCode.IntegerDivideByZero);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException IntegerOverflow() => new(TrapCode.IntegerOverflow);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException InvalidConversion() => new(TrapCode.InvalidConversionToInteger);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException MemoryOutOfBounds() => new(TrapCode.MemoryOutOfBounds);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException TableOutOfBounds() => new(TrapCode.TableOutOfBounds);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException UndefinedElement() => new(TrapCode.UndefinedElement);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException UninitializedElement() => new(TrapCode.UninitializedElement);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException IndirectCallTypeMismatch() => new(TrapCode.IndirectCallTypeMismatch);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException NullFunctionReference() => new(TrapCode.NullFunctionReference);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException NullReference() => new(TrapCode.NullReference);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException StackExhausted() => new(TrapCode.CallStackExhausted);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException OutOfFuel() => new(TrapCode.OutOfFuel);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException NullStructureReference() => new(TrapCode.NullStructureReference);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException NullArrayReference() => new(TrapCode.NullArrayReference);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException NullI31Reference() => new(TrapCode.NullI31Reference);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException ArrayOutOfBounds() => new(TrapCode.ArrayOutOfBounds);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException CastFailure() => new(TrapCode.CastFailure);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException AllocationTooLarge() => new(TrapCode.AllocationTooLarge);
}
