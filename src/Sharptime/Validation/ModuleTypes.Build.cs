using System.Runtime.InteropServices;
using Sharptime.Model;

namespace Sharptime.Validation;

public sealed partial class ModuleTypes
{
    // Tokens that mark a concrete type reference in a rec group's structural key.
    private const int InternalReference = int.MinValue;     // followed by the index relative to the group start
    private const int ExternalReference = int.MinValue + 1; // followed by the canonical index of an earlier type

    /// <summary>
    /// Validates the type section of a module (references in range, supertypes declared earlier and not
    /// final, each subtype matching its supertype) and computes type equivalence.
    /// </summary>
    /// <exception cref="InvalidModuleException">The type section is invalid.</exception>
    public static ModuleTypes Build(WasmModule module)
    {
        var types = module.Types.ToArray();
        if (types.Length == 0) return Empty;
        var groups = NormalizeGroups(module.RecGroups, types.Length);
        var canonical = new int[types.Length];
        var groupOf = new int[types.Length];
        var result = new ModuleTypes(types, canonical, groupOf, groups);

        var keys = new Dictionary<int[], int>(new TokenComparer());
        var tokens = new List<int>();
        for (int g = 0; g < groups.Length; g++)
        {
            var group = groups[g];
            int end = group.Start + group.Count;
            for (int i = group.Start; i < end; i++)
            {
                groupOf[i] = g;
                CheckReferences(types[i], i, end);
            }

            // Iso-recursive equivalence: groups are equal when their structures are, with references inside
            // the group taken relative to it and references outside compared by canonical index.
            tokens.Clear();
            for (int i = group.Start; i < end; i++) AppendKey(tokens, types[i], group, canonical);
            var key = tokens.ToArray();
            if (!keys.TryGetValue(key, out int representative))
            {
                representative = group.Start;
                keys.Add(key, representative);
            }
            for (int i = 0; i < group.Count; i++) canonical[group.Start + i] = representative + i;

            for (int i = group.Start; i < end; i++) result.CheckSupertypes(i);
        }
        return result;
    }

    /// <summary>The rec groups as given, or one group per type where the producer gave none.</summary>
    private static RecGroup[] NormalizeGroups(List<RecGroup> declared, int typeCount)
    {
        var groups = new List<RecGroup>(typeCount);
        int next = 0;
        foreach (var group in declared)
        {
            // Groups must tile the type index space in order; anything else is a producer bug, which we
            // report as invalid rather than crash on.
            if (group.Start < next || group.Count < 0 || group.Start + group.Count > typeCount)
                throw ValidationErrors.Invalid($"invalid recursive type group [{group.Start}, {group.Start + group.Count})");
            while (next < group.Start) groups.Add(new RecGroup(next++, 1));
            if (group.Count == 0) continue;
            groups.Add(group);
            next = group.Start + group.Count;
        }
        while (next < typeCount) groups.Add(new RecGroup(next++, 1));
        return groups.ToArray();
    }

    /// <summary>A type may refer to any type up to the end of its rec group; its supertype must come before it.</summary>
    private static void CheckReferences(SubType type, int index, int groupEnd)
    {
        if (type.SuperTypes.Length > 1)
            throw ValidationErrors.Invalid($"multiple supertypes are not supported (type {index})");
        foreach (int super in type.SuperTypes)
        {
            if ((uint)super >= (uint)groupEnd) throw ValidationErrors.Unknown("type", super);
            if (super >= index) throw ValidationErrors.Invalid($"unknown type {super}: a supertype must be defined before type {index}");
        }
        switch (type.Composite)
        {
            case FuncType f:
                foreach (var p in f.Parameters) CheckReference(p, groupEnd);
                foreach (var r in f.Results) CheckReference(r, groupEnd);
                break;
            case StructType s:
                foreach (var field in s.Fields) CheckReference(field.Storage.Type, groupEnd);
                break;
            case ArrayType a:
                CheckReference(a.Element.Storage.Type, groupEnd);
                break;
        }
    }

    private static void CheckReference(ValType type, int limit)
    {
        if (type.IsRef && type.Heap.IsConcrete && type.Heap.TypeIndex >= limit)
            throw ValidationErrors.Unknown("type", type.Heap.TypeIndex);
    }

    private void CheckSupertypes(int index)
    {
        var type = _types[index];
        foreach (int superIndex in type.SuperTypes)
        {
            var super = _types[superIndex];
            if (super.Final || !IsSubtype(type.Composite, super.Composite))
                throw ValidationErrors.Invalid($"sub type {index} does not match super type {superIndex}");
        }
    }

    private static void AppendKey(List<int> tokens, SubType type, RecGroup group, int[] canonical)
    {
        tokens.Add(type.Final ? 1 : 0);
        tokens.Add(type.SuperTypes.Length);
        foreach (int super in type.SuperTypes) AppendTypeIndex(tokens, super, group, canonical);
        switch (type.Composite)
        {
            case FuncType f:
                tokens.Add(1);
                tokens.Add(f.Parameters.Length);
                foreach (var p in f.Parameters) AppendValType(tokens, p, group, canonical);
                tokens.Add(f.Results.Length);
                foreach (var r in f.Results) AppendValType(tokens, r, group, canonical);
                break;
            case StructType s:
                tokens.Add(2);
                tokens.Add(s.Fields.Length);
                foreach (var field in s.Fields) AppendField(tokens, field, group, canonical);
                break;
            case ArrayType a:
                tokens.Add(3);
                AppendField(tokens, a.Element, group, canonical);
                break;
            default:
                throw ValidationErrors.Invalid("unknown composite type");
        }
    }

    private static void AppendField(List<int> tokens, FieldType field, RecGroup group, int[] canonical)
    {
        tokens.Add(field.Mutable ? 1 : 0);
        tokens.Add((int)field.Storage.Packed);
        if (!field.Storage.IsPacked) AppendValType(tokens, field.Storage.Type, group, canonical);
    }

    private static void AppendValType(List<int> tokens, ValType type, RecGroup group, int[] canonical)
    {
        tokens.Add((int)type.Kind);
        if (!type.IsRef) return;
        tokens.Add(type.Nullable ? 1 : 0);
        if (type.Heap.IsAbstract) tokens.Add(-(int)type.Heap.Abstract);
        else AppendTypeIndex(tokens, type.Heap.TypeIndex, group, canonical);
    }

    private static void AppendTypeIndex(List<int> tokens, int index, RecGroup group, int[] canonical)
    {
        if (index >= group.Start)
        {
            tokens.Add(InternalReference);
            tokens.Add(index - group.Start);
        }
        else
        {
            tokens.Add(ExternalReference);
            tokens.Add(canonical[index]);
        }
    }

    private sealed class TokenComparer : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(MemoryMarshal.AsBytes(obj.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
