using Sharptime.Validation;

namespace Sharptime;

/// <summary>
/// How an <see cref="Engine"/> compiles and runs code: the proposals modules may use and the limits
/// that keep untrusted code in check. Set with object initializers: <c>new Config { MaxWasmStack = 1 &lt;&lt; 20 }</c>.
/// </summary>
public sealed record Config
{
    /// <summary>The proposals accepted by validation (and so by the compiler).</summary>
    public WasmFeatures Features { get; init; } = WasmFeatures.Wasm2;

    /// <summary>Validate function bodies before compiling (off only for modules known to be valid).</summary>
    public bool Validate { get; init; } = true;

    /// <summary>
    /// The most stack guest code may use, in bytes. Deeper recursion traps with "call stack exhausted".
    /// Calls from a thread with less free stack run on a runtime thread with enough stack; calls from a
    /// thread with more (for example one created with a large maxStackSize) run on it directly.
    /// </summary>
    public int MaxWasmStack { get; init; } = 16 << 20;

    /// <summary>The largest size a linear memory may reach, in bytes (also the address space each memory reserves).</summary>
    public ulong MaxMemoryBytes { get; init; } = 1UL << 32;

    /// <summary>The largest number of elements a table may reach.</summary>
    public uint MaxTableElements { get; init; } = 10_000_000;

    /// <summary>Count fuel: every function entry and loop iteration costs one unit (see <see cref="Store.Fuel"/>). Reserved; not yet compiled in.</summary>
    public bool ConsumeFuel { get; init; }
}
