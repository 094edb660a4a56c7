using Sharptime.Model;

namespace Sharptime.Runtime;

/// <summary>
/// Gives each distinct function type an engine-wide id, so call_indirect checks a signature with
/// one integer compare, whatever module the callee came from.
/// </summary>
internal sealed class TypeRegistry
{
    private readonly Dictionary<FuncType, int> _ids = [];
    private readonly List<FuncType> _types = [];
    private readonly Lock _lock = new();

    public int Intern(FuncType type)
    {
        lock (_lock)
        {
            if (_ids.TryGetValue(type, out int id)) return id;
            id = _types.Count;
            _types.Add(type);
            _ids[type] = id;
            return id;
        }
    }

    public FuncType this[int id]
    {
        get
        {
            lock (_lock) return _types[id];
        }
    }
}
