using Sharptime.Binary;
using Sharptime.Text;
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

    /// <summary>
    /// Whether modules are read in the WebAssembly 2.0 binary and text formats: when no proposal beyond
    /// 2.0 is enabled. 3.0 gave some bytes new meanings (a memory index where 2.0 had a zero byte, 64-bit
    /// limits and offsets), so a 2.0 engine must reject what a 3.0 engine reads.
    /// </summary>
    public bool Wasm20Formats => (Features & ~WasmFeatures.Wasm2) == 0;

    /// <summary>How binary modules (and function bodies, which validation decodes) are read under these features.</summary>
    public DecoderOptions Decoding => Wasm20Formats ? DecoderOptions.Wasm20 : DecoderOptions.Default;

    /// <summary>How text modules are read under these features.</summary>
    public TextParserOptions TextParsing => Wasm20Formats ? s_wasm20Text : TextParserOptions.Default;

    private static readonly TextParserOptions s_wasm20Text = new() { Wasm20Compatible = true };

    /// <summary>Validate function bodies before compiling (off only for modules known to be valid).</summary>
    public bool Validate { get; init; } = true;

    /// <summary>
    /// The most stack guest code may use, in bytes. Deeper recursion traps with "call stack exhausted".
    /// Calls from a thread with less free stack run on a runtime thread with enough stack; calls from a
    /// thread with more (for example one created with a large maxStackSize) run on it directly.
    /// <see cref="Engine.RunWithWasmStack{T}(Func{T})"/> makes that one hop for a whole batch of calls.
    /// </summary>
    public int MaxWasmStack { get; init; } = 16 << 20;

    /// <summary>The largest size a linear memory may reach, in bytes (also the address space each memory reserves).</summary>
    public ulong MaxMemoryBytes { get; init; } = 1UL << 32;

    /// <summary>The largest number of elements a table may reach.</summary>
    public uint MaxTableElements { get; init; } = 10_000_000;

    /// <summary>
    /// JIT-compile, on a background thread, the large functions a new module's entry point
    /// (start function, <c>_start</c>, <c>_initialize</c>) reaches within a few direct calls, while
    /// the program starts on its own thread: a large program starts sooner on a machine with a core
    /// to spare. Off, every function is compiled on its first call, on the calling thread.
    /// </summary>
    public bool SpeculativeJit { get; init; } = true;

    /// <summary>Count fuel: every function entry and loop iteration costs one unit, and a store whose <see cref="Store.Fuel"/> runs out traps.</summary>
    public bool ConsumeFuel { get; init; }
}
