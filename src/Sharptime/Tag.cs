using Sharptime.Model;

namespace Sharptime;

/// <summary>
/// An exception tag (exception handling proposal): what a thrown exception is an instance of. Tags
/// compare by identity; the type's parameters are the exception's payload.
/// </summary>
public sealed class Tag
{
    public Tag(Store store, FuncType type)
        : this(type, store.Engine.Types.Intern(type))
    {
    }

    internal Tag(FuncType type, int typeId)
    {
        Type = type;
        TypeId = typeId;
    }

    public FuncType Type { get; }

    /// <summary>Engine-wide id of <see cref="Type"/>, for import matching.</summary>
    internal int TypeId { get; }
}
