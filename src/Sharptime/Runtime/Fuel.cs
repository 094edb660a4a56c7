using System.Runtime.CompilerServices;

namespace Sharptime.Runtime;

/// <summary>
/// The fuel of a store (<see cref="Config.ConsumeFuel"/>): shared by every instance of the store, so
/// that calls across instances draw from one tank.
/// </summary>
public sealed class FuelTank
{
    /// <summary>Units left; compiled code traps when it goes below zero.</summary>
    internal long Remaining;
}

/// <summary>What compiled code calls to burn fuel: one unit at each function entry and loop iteration.</summary>
public static class FuelOps
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Consume(FuelTank tank)
    {
        if (--tank.Remaining < 0) throw Traps.OutOfFuel();
    }
}
