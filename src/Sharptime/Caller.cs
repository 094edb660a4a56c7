namespace Sharptime;

/// <summary>
/// What a host function knows about who called it: the calling instance (the one that imported the
/// function), through which it reaches the caller's exports, typically its memory.
/// </summary>
public readonly struct Caller
{
    internal Caller(Instance? instance, Store? store)
    {
        Instance = instance;
        Store = store;
    }

    /// <summary>The instance whose import was called; null when the host called the function directly.</summary>
    public Instance? Instance { get; }

    public Store? Store { get; }

    public Memory? GetMemory(string name) => Instance?.GetMemory(name);
    public Function? GetFunction(string name) => Instance?.GetFunction(name);
    public Global? GetGlobal(string name) => Instance?.GetGlobal(name);
    public Table? GetTable(string name) => Instance?.GetTable(name);
}
