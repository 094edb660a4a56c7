using Sharptime.Binary;

namespace Sharptime.Validation;

/// <summary>How to validate a module.</summary>
public sealed record ValidationOptions
{
    public static readonly ValidationOptions Default = new();

    /// <summary>The proposals a module may use. WebAssembly 3.0 by default.</summary>
    public WasmFeatures Features { get; init; } = WasmFeatures.Wasm3;

    /// <summary>
    /// Validate function bodies on several threads when the code is large enough to gain from it.
    /// Errors are reported deterministically either way (the lowest failing function wins).
    /// </summary>
    public bool Parallel { get; init; } = true;

    /// <summary>
    /// Check everything but function bodies now, and each body when the compiler first asks about it
    /// (<see cref="ValidationResult.GetFunctionInfo"/>). Faster start-up for large modules of which a run
    /// uses little, at the price of finding an invalid body late. Off by default: the spec validates a
    /// module whole before it is instantiated.
    /// </summary>
    public bool DeferFunctionBodies { get; init; }

    /// <summary>
    /// How function bodies are decoded: bodies stay bytes until validation reads them, so the binary
    /// format's version matters here too (<see cref="DecoderOptions.Wasm20"/> for a 2.0 module).
    /// Null for the decoder's default (3.0).
    /// </summary>
    public DecoderOptions? Decoding { get; init; }
}
