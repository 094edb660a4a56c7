using System.Runtime.CompilerServices;

namespace Sharptime.Compilation;

/// <summary>
/// Called by a versioned loop's guard (FunctionCompiler.LoopVersioning.cs), before the loop, with the
/// counter's and the limit's values there: at most how many iterations the loop can run, or 0 when that is
/// not known (the counter may wrap around 2^32, or never meet its limit), and the fully checked copy runs.
/// The counter as tested in iteration n (from 0) is <c>start + n * step</c>, where start is its value
/// before the loop plus what the iteration had added when it was tested (<see cref="CountedLoop.TestedIncrease"/>);
/// the loop goes round only where the test holds, so its last iteration is the first n where it fails.
/// </summary>
public static class CountedLoopGuard
{
    /// <summary>Goes round while the counter != limit (mod 2^32): the last iteration is the one that meets it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong IterationsNotEqual(uint counter, uint increase, uint limit, uint step)
    {
        uint distance = limit - (counter + increase);
        // When the step divides the distance, distance / step is the first n that meets the limit
        // (any other n with n * step = distance mod 2^32 is larger); otherwise it may be met only after wrapping.
        return distance % step == 0 ? distance / step + 1UL : 0;
    }

    /// <summary>Goes round while the counter &lt; limit, unsigned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong IterationsBelowUnsigned(uint counter, uint increase, uint limit, uint step)
    {
        ulong start = (ulong)counter + increase;
        // Neither the first value tested nor one step past the limit may wrap.
        if (start > uint.MaxValue || (ulong)limit + step > 1UL << 32) return 0;
        return start >= limit ? 1 : (limit - start + step - 1) / step + 1;
    }

    /// <summary>Goes round while the counter &lt; limit, signed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong IterationsBelowSigned(int counter, uint increase, int limit, uint step)
    {
        long start = (long)counter + increase;
        if (start > int.MaxValue || (long)limit + step > 1L << 31) return 0;
        return start >= limit ? 1 : (ulong)((limit - start + step - 1) / step) + 1;
    }

    /// <summary>Goes round while the counter &lt;= limit, unsigned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong IterationsAtMostUnsigned(uint counter, uint increase, uint limit, uint step)
    {
        ulong start = (ulong)counter + increase;
        if (start > uint.MaxValue || (ulong)limit + step > uint.MaxValue) return 0;
        return start > limit ? 1 : (limit - start) / step + 2;
    }

    /// <summary>Goes round while the counter &lt;= limit, signed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong IterationsAtMostSigned(int counter, uint increase, int limit, uint step)
    {
        long start = (long)counter + increase;
        if (start > int.MaxValue || (long)limit + step > int.MaxValue) return 0;
        return start > limit ? 1 : (ulong)((limit - start) / step) + 2;
    }
}
