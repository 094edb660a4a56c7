using System.Runtime.CompilerServices;
using Sharptime.Model;

namespace Sharptime.Validation;

/// <summary>
/// The validated type section of a module: lookups by type index, iso-recursive type equivalence
/// (each type has a canonical index: the first type of the module it is equivalent to) and subtyping.
/// Built by <see cref="Build"/>, which also checks the type section; immutable afterwards and safe to
/// share between threads. The compiler uses <see cref="CanonicalIndex"/> to compare signatures
/// (call_indirect) and <see cref="IsSubtype(int,int)"/> for casts.
/// </summary>
public sealed partial class ModuleTypes
{
    private readonly SubType[] _types;
    // Canonical index of each type: the lowest index of an equivalent type, so equal canonical
    // indices mean equivalent types (same position in structurally identical rec groups).
    private readonly int[] _canonical;
    // Index of the rec group of each type, and each group's first index.
    private readonly int[] _groupOf;
    private readonly RecGroup[] _groups;

    private ModuleTypes(SubType[] types, int[] canonical, int[] groupOf, RecGroup[] groups)
    {
        _types = types;
        _canonical = canonical;
        _groupOf = groupOf;
        _groups = groups;
    }

    /// <summary>An empty type section (for modules without types).</summary>
    public static readonly ModuleTypes Empty = new([], [], [], []);

    public int Count => _types.Length;
    public SubType this[int typeIndex] => _types[typeIndex];
    public ReadOnlySpan<RecGroup> RecGroups => _groups;
    public RecGroup RecGroupOf(int typeIndex) => _groups[_groupOf[typeIndex]];

    /// <summary>The lowest type index whose type is equivalent to this one (iso-recursive equivalence).</summary>
    public int CanonicalIndex(int typeIndex) => _canonical[typeIndex];

    public bool AreEquivalent(int typeIndex1, int typeIndex2) => _canonical[typeIndex1] == _canonical[typeIndex2];

    public bool IsValidIndex(long typeIndex) => (ulong)typeIndex < (ulong)_types.Length;

    public bool TryGetFunc(long typeIndex, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FuncType? type)
    {
        type = (ulong)typeIndex < (ulong)_types.Length ? _types[typeIndex].Composite as FuncType : null;
        return type is not null;
    }

    public bool TryGetStruct(long typeIndex, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StructType? type)
    {
        type = (ulong)typeIndex < (ulong)_types.Length ? _types[typeIndex].Composite as StructType : null;
        return type is not null;
    }

    public bool TryGetArray(long typeIndex, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ArrayType? type)
    {
        type = (ulong)typeIndex < (ulong)_types.Length ? _types[typeIndex].Composite as ArrayType : null;
        return type is not null;
    }

    /// <summary>The function type at an index known to be one (validated function and tag types), or the empty type.</summary>
    internal FuncType GetFuncTypeOrEmpty(int typeIndex) => TryGetFunc(typeIndex, out var type) ? type : FuncType.Empty;

    /// <summary>Whether a value type refers only to types that exist.</summary>
    public bool IsValid(ValType type) => !type.IsRef || IsValid(type.Heap);

    public bool IsValid(HeapType heap) => heap.IsAbstract || heap.TypeIndex < _types.Length;

    /// <summary>Whether a value of this type has a default (zero or null), so a local or field of it needs no initializer.</summary>
    public static bool IsDefaultable(ValType type) => !type.IsRef || type.Nullable;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsNumericOrVector(ValType type) => type.Kind is ValTypeKind.I32 or ValTypeKind.I64
        or ValTypeKind.F32 or ValTypeKind.F64 or ValTypeKind.V128;
}
