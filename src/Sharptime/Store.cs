namespace Sharptime;

/// <summary>
/// Owns the instances, memories, tables, globals and host functions created for one user of an
/// engine. Not thread-safe: use a store from one thread at a time.
/// </summary>
public sealed class Store(Engine engine)
{
    public Engine Engine { get; } = engine ?? throw new ArgumentNullException(nameof(engine));

    /// <summary>Whatever the embedder wants host functions to reach through <see cref="Caller.Store"/>.</summary>
    public object? Data { get; set; }

    internal Runtime.FuelTank FuelTank { get; } = new();

    /// <summary>
    /// The fuel left, when the engine's <see cref="Config.ConsumeFuel"/> is on: each function entry and
    /// each loop iteration burns one unit, and running out traps with "all fuel consumed". A store
    /// starts with none.
    /// </summary>
    public ulong Fuel
    {
        get => (ulong)Math.Max(0, Volatile.Read(ref FuelTank.Remaining));
        set
        {
            if (!Engine.Config.ConsumeFuel) throw new InvalidOperationException("fuel is not enabled: set Config.ConsumeFuel");
            Volatile.Write(ref FuelTank.Remaining, (long)Math.Min(value, long.MaxValue));
        }
    }
}
