using System.Text;
using Sharptime.Model;

namespace Sharptime.Runtime;

/// <summary>
/// Gives every defined type an engine-wide id such that two types have the same id exactly when they
/// are equivalent in the spec's iso-recursive sense: whole recursion groups are compared, with
/// references inside a group taken relative to it and references outside it by their ids. So
/// call_indirect checks a signature with one integer compare, whatever module the callee came from;
/// declared supertypes give the slow path for subtypes.
/// </summary>
internal sealed class TypeRegistry
{
    private readonly Dictionary<string, int> _groups = new(StringComparer.Ordinal);
    /// <summary>For each id: the id of its declared supertype, or -1.</summary>
    private readonly List<int> _supertype = [];
    /// <summary>
    /// For each id: the kind of composite type (func, struct or array) as an int, for subtyping against abstract heap types.
    /// Not a List of the enum: List over our own types is JIT-compiled at every start (see RATIONALE.md), List&lt;int&gt; is not.
    /// </summary>
    private readonly List<int> _kind = [];
    /// <summary>A copy of <see cref="_supertype"/> for lock-free reads (casts are hot), replaced on growth.</summary>
    private volatile int[] _supertypeSnapshot = [];
    private readonly Lock _lock = new();

    /// <summary>The ids of all of a module's types, by type index.</summary>
    public int[] Canonicalize(WasmModule module)
    {
        var ids = new int[module.Types.Count];
        lock (_lock)
        {
            foreach (var (start, count) in Groups(module))
            {
                var key = new StringBuilder();
                for (int i = start; i < start + count; i++) AppendSubType(key, module.Types[i], start, count, ids);
                if (!_groups.TryGetValue(key.ToString(), out int first))
                {
                    first = _supertype.Count;
                    _groups[key.ToString()] = first;
                    for (int i = 0; i < count; i++)
                    {
                        var supers = module.Types[start + i].SuperTypes;
                        int super = supers.Length == 0 ? -1 : supers[0];
                        // A supertype inside the group gets its id from the group's first id.
                        _supertype.Add(super < 0 ? -1 : super >= start ? first + (super - start) : ids[super]);
                        _kind.Add((int)(module.Types[start + i].Composite switch
                        {
                            StructType => AbstractHeapType.Struct,
                            ArrayType => AbstractHeapType.Array,
                            _ => AbstractHeapType.Func,
                        }));
                    }
                }
                for (int i = 0; i < count; i++) ids[start + i] = first + i;
            }
            if (_supertypeSnapshot.Length != _supertype.Count) _supertypeSnapshot = [.. _supertype];
        }
        return ids;
    }

    /// <summary>The id of a function type standing alone (final, no supertypes): host functions' types.</summary>
    public int Intern(FuncType type)
    {
        var module = new WasmModule();
        module.Types.Add(new SubType(type));
        module.RecGroups.Add(new RecGroup(0, 1));
        return Canonicalize(module)[0];
    }

    /// <summary>Whether type <paramref name="sub"/> is <paramref name="super"/> or declares it as an ancestor.</summary>
    public bool IsSubtype(int sub, int super)
    {
        if (sub == super) return true;
        var supertypes = _supertypeSnapshot;
        for (int t = sub; (uint)t < (uint)supertypes.Length; t = supertypes[t])
            if (t == super) return true;
        return false;
    }

    /// <summary>
    /// Value type subtyping across modules: <paramref name="sub"/> and <paramref name="super"/> with the
    /// engine ids of their concrete heap types (<paramref name="subId"/>, <paramref name="superId"/>; -1 when abstract).
    /// </summary>
    public bool IsValueSubtype(ValType sub, int subId, ValType super, int superId)
    {
        if (!sub.IsRef || !super.IsRef) return sub == super;
        if (sub.Nullable && !super.Nullable) return false;
        var a = sub.Heap;
        var b = super.Heap;
        if (a.IsConcrete && b.IsConcrete) return IsSubtype(subId, superId);
        AbstractHeapType aKind, bKind;
        lock (_lock)
        {
            aKind = a.IsConcrete ? (AbstractHeapType)_kind[subId] : a.Abstract;
            bKind = b.IsConcrete ? (AbstractHeapType)_kind[superId] : b.Abstract;
        }
        if (b.IsConcrete)
            // Only the bottom type of the hierarchy is below a concrete type.
            return a.Abstract == (bKind == AbstractHeapType.Func ? AbstractHeapType.NoFunc : AbstractHeapType.None);
        if (a.IsConcrete && aKind == bKind) return true;
        return IsAbstractSubtype(aKind, bKind);
    }

    private static bool IsAbstractSubtype(AbstractHeapType a, AbstractHeapType b) => a == b || (a, b) switch
    {
        (AbstractHeapType.None, AbstractHeapType.I31 or AbstractHeapType.Struct or AbstractHeapType.Array or AbstractHeapType.Eq or AbstractHeapType.Any) => true,
        (AbstractHeapType.I31 or AbstractHeapType.Struct or AbstractHeapType.Array, AbstractHeapType.Eq or AbstractHeapType.Any) => true,
        (AbstractHeapType.Eq, AbstractHeapType.Any) => true,
        (AbstractHeapType.NoFunc, AbstractHeapType.Func) => true,
        (AbstractHeapType.NoExtern, AbstractHeapType.Extern) => true,
        (AbstractHeapType.NoExn, AbstractHeapType.Exn) => true,
        _ => false,
    };

    private static IEnumerable<(int Start, int Count)> Groups(WasmModule module)
    {
        int covered = 0;
        foreach (var g in module.RecGroups)
        {
            if (g.Start != covered) break;
            covered += g.Count;
            yield return (g.Start, g.Count);
        }
        // Types outside any recorded group (a model built by hand) are groups of one.
        for (int i = covered; i < module.Types.Count; i++) yield return (i, 1);
    }

    private static void AppendSubType(StringBuilder key, SubType type, int start, int count, int[] ids)
    {
        key.Append(type.Final ? "final" : "open");
        foreach (var s in type.SuperTypes) AppendTypeIndex(key.Append(" <: "), s, start, count, ids);
        switch (type.Composite)
        {
            case FuncType f:
                key.Append(" func(");
                foreach (var p in f.Parameters) AppendValType(key, p, start, count, ids).Append(' ');
                key.Append(")->(");
                foreach (var r in f.Results) AppendValType(key, r, start, count, ids).Append(' ');
                key.Append(')');
                break;
            case StructType s:
                key.Append(" struct(");
                foreach (var field in s.Fields) AppendField(key, field, start, count, ids).Append(' ');
                key.Append(')');
                break;
            case ArrayType a:
                AppendField(key.Append(" array("), a.Element, start, count, ids).Append(')');
                break;
        }
        key.Append(';');
    }

    private static StringBuilder AppendField(StringBuilder key, FieldType field, int start, int count, int[] ids)
    {
        if (field.Mutable) key.Append("mut ");
        return field.Storage.IsPacked ? key.Append(field.Storage) : AppendValType(key, field.Storage.Type, start, count, ids);
    }

    private static StringBuilder AppendValType(StringBuilder key, ValType type, int start, int count, int[] ids)
    {
        if (!type.IsRef) return key.Append(type);
        key.Append(type.Nullable ? "(ref null " : "(ref ");
        if (type.Heap.IsAbstract) key.Append(type.Heap);
        else AppendTypeIndex(key, type.Heap.TypeIndex, start, count, ids);
        return key.Append(')');
    }

    private static void AppendTypeIndex(StringBuilder key, int index, int start, int count, int[] ids)
    {
        if (index >= start && index < start + count) key.Append("rec.").Append(index - start);
        else if (index < start) key.Append("id.").Append(ids[index]);
        else key.Append("index.").Append(index); // forward reference outside the group: invalid, kept distinct
    }
}
