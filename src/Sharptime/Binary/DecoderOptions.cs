namespace Sharptime.Binary;

/// <summary>How to decode binary modules and code.</summary>
public sealed record DecoderOptions
{
    /// <summary>WebAssembly 3.0, the default.</summary>
    public static readonly DecoderOptions Default = new();

    /// <summary>The WebAssembly 2.0 binary format.</summary>
    public static readonly DecoderOptions Wasm20 = new() { Wasm20Compatible = true };

    /// <summary>
    /// Decode as WebAssembly 2.0 did, where 3.0 gave meaning to bytes that 2.0 rejected: memory
    /// instructions take a reserved zero byte instead of a memory index ("zero byte expected"),
    /// memargs have no memory-index flag and a u32 offset, limits have a one-bit flag and u32 bounds,
    /// there are no tags (section 13, import and export kind 4), no table initializers, and the
    /// instructions added since 2.0 are illegal opcodes. For running the 2.0 spec tests as written.
    /// </summary>
    public bool Wasm20Compatible { get; init; }

    /// <summary>
    /// Accept the custom-page-sizes proposal's memory limits (flag 0x08, then the page size's log2).
    /// Off by default: WebAssembly 3.0 calls that flag malformed.
    /// </summary>
    public bool CustomPageSizes { get; init; }
}
