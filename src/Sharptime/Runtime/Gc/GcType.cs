using Sharptime.Model;

namespace Sharptime.Runtime.Gc;

/// <summary>
/// What the runtime knows of a defined type (GC proposal): its engine-wide id (for casts) and, for
/// structs, where each field lives: numeric fields in a long[] (v128 takes two), references in an object[].
/// </summary>
public sealed class GcType
{
    internal GcType(int typeId, CompositeType composite, TypeRegistry registry)
    {
        TypeId = typeId;
        Registry = registry;
        Composite = composite;
        if (composite is StructType s)
        {
            FieldSlots = Layout(s, out int bits, out int refs);
            BitsCount = bits;
            RefCount = refs;
        }
    }

    /// <summary>Where each field of a struct lives: its index in Bits (numbers; v128 takes two) or in Refs.</summary>
    internal static int[] Layout(StructType type, out int bitsCount, out int refCount)
    {
        var slots = new int[type.Fields.Length];
        int bits = 0, refs = 0;
        for (int i = 0; i < slots.Length; i++)
        {
            var storage = type.Fields[i].Storage;
            if (!storage.IsPacked && storage.Type.IsRef) slots[i] = refs++;
            else
            {
                slots[i] = bits;
                bits += !storage.IsPacked && storage.Type.Kind == ValTypeKind.V128 ? 2 : 1;
            }
        }
        bitsCount = bits;
        refCount = refs;
        return slots;
    }

    /// <summary>Engine-wide id: equal ids are equivalent types; subtyping is the registry's.</summary>
    public int TypeId { get; }

    public CompositeType Composite { get; }

    /// <summary>The engine's type registry, which knows the declared supertypes of <see cref="TypeId"/>.</summary>
    internal TypeRegistry Registry { get; }

    /// <summary>Structs: the index of each field in its object's Bits or Refs array.</summary>
    internal int[] FieldSlots { get; } = [];
    internal int BitsCount { get; }
    internal int RefCount { get; }

    /// <summary>The runtime descriptions of a module's types, by type index.</summary>
    internal static GcType[] ForModule(WasmModule module, int[] canonicalIds, TypeRegistry registry)
    {
        var types = new GcType[module.Types.Count];
        for (int i = 0; i < types.Length; i++) types[i] = new GcType(canonicalIds[i], module.Types[i].Composite, registry);
        return types;
    }
}
