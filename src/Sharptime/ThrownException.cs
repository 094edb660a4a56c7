namespace Sharptime;

/// <summary>
/// A WebAssembly exception (thrown by <c>throw</c>) that no wasm handler caught. Inside wasm code the
/// same object is the exception reference (exnref) that catch_ref gives and throw_ref throws.
/// </summary>
public sealed class ThrownException : WasmException
{
    public ThrownException(Tag tag, object?[] payload)
        : base("uncaught wasm exception")
    {
        Tag = tag;
        Payload = payload;
    }

    public Tag Tag { get; }

    /// <summary>The values thrown, boxed, one per parameter of the tag's type.</summary>
    public object?[] Payload { get; }
}
