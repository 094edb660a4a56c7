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
}
