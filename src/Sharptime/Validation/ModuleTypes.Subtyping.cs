using System.Runtime.CompilerServices;
using Sharptime.Model;

namespace Sharptime.Validation;

public sealed partial class ModuleTypes
{
    /// <summary>
    /// The validator's bottom heap type: what a reference popped from an unknown (unreachable) operand
    /// refers to. It is a subtype of every heap type. Not a real WebAssembly type, so it lives here, as an
    /// abstract code no binary encoding uses.
    /// </summary>
    internal static readonly HeapType BottomHeap = HeapType.FromAbstract((AbstractHeapType)0xFF);

    /// <summary>A non-null reference to <see cref="BottomHeap"/>: what ref.as_non_null makes of an unknown operand.</summary>
    internal static readonly ValType BottomRef = ValType.Ref(BottomHeap, nullable: false);

    /// <summary>Type equivalence of value types: same shape, with concrete heap types compared up to equivalence.</summary>
    public bool AreEquivalent(ValType a, ValType b)
    {
        if (a.Kind != b.Kind || a.Nullable != b.Nullable) return false;
        if (a.Kind != ValTypeKind.Ref) return true;
        return AreEquivalent(a.Heap, b.Heap);
    }

    public bool AreEquivalent(HeapType a, HeapType b)
    {
        if (a == b) return true;
        return a.IsConcrete && b.IsConcrete && _canonical[a.TypeIndex] == _canonical[b.TypeIndex];
    }

    /// <summary>Value subtyping: numbers and vectors only match themselves; references by nullability and heap type. The unknown type (bottom) matches everything.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsSubtype(ValType sub, ValType super)
    {
        if (sub.Kind != ValTypeKind.Ref || super.Kind != ValTypeKind.Ref)
            return sub.Kind == super.Kind || sub.Kind == ValTypeKind.Bottom;
        if (sub.Nullable && !super.Nullable) return false;
        return sub.Heap == super.Heap || IsHeapSubtypeSlow(sub.Heap, super.Heap);
    }

    public bool IsSubtype(HeapType sub, HeapType super) => sub == super || IsHeapSubtypeSlow(sub, super);

    /// <summary>Whether defined type <paramref name="sub"/> is a declared (transitive) subtype of, or equivalent to, <paramref name="super"/>.</summary>
    public bool IsSubtype(int sub, int super)
    {
        int target = _canonical[super];
        while (true)
        {
            if (_canonical[sub] == target) return true;
            int[] supers = _types[sub].SuperTypes;
            if (supers.Length == 0) return false;
            // Supertypes precede their subtypes (checked by Build), so this walk ends.
            sub = supers[0];
        }
    }

    private bool IsHeapSubtypeSlow(HeapType sub, HeapType super)
    {
        if (sub == BottomHeap) return true;
        if (super == BottomHeap) return false;
        if (sub.IsConcrete)
        {
            if (super.IsConcrete) return IsSubtype(sub.TypeIndex, super.TypeIndex);
            return _types[sub.TypeIndex].Composite switch
            {
                FuncType => super.Abstract == AbstractHeapType.Func,
                StructType => super.Abstract is AbstractHeapType.Struct or AbstractHeapType.Eq or AbstractHeapType.Any,
                ArrayType => super.Abstract is AbstractHeapType.Array or AbstractHeapType.Eq or AbstractHeapType.Any,
                _ => false,
            };
        }
        if (super.IsConcrete)
        {
            return sub.Abstract switch
            {
                AbstractHeapType.None => _types[super.TypeIndex].Composite is StructType or ArrayType,
                AbstractHeapType.NoFunc => _types[super.TypeIndex].Composite is FuncType,
                _ => false,
            };
        }
        return IsAbstractSubtype(sub.Abstract, super.Abstract);
    }

    private static bool IsAbstractSubtype(AbstractHeapType sub, AbstractHeapType super)
    {
        if (sub == super) return true;
        return super switch
        {
            AbstractHeapType.Any => sub is AbstractHeapType.Eq or AbstractHeapType.I31 or AbstractHeapType.Struct
                or AbstractHeapType.Array or AbstractHeapType.None,
            AbstractHeapType.Eq => sub is AbstractHeapType.I31 or AbstractHeapType.Struct or AbstractHeapType.Array
                or AbstractHeapType.None,
            AbstractHeapType.I31 or AbstractHeapType.Struct or AbstractHeapType.Array => sub == AbstractHeapType.None,
            AbstractHeapType.Func => sub == AbstractHeapType.NoFunc,
            AbstractHeapType.Extern => sub == AbstractHeapType.NoExtern,
            AbstractHeapType.Exn => sub == AbstractHeapType.NoExn,
            _ => false,
        };
    }

    /// <summary>The top of the hierarchy a heap type belongs to: any, func, extern or exn.</summary>
    public HeapType TopOf(HeapType heap)
    {
        if (heap.IsConcrete)
            return _types[heap.TypeIndex].Composite is FuncType ? HeapType.Func : HeapType.Any;
        if (heap == BottomHeap) return heap;
        return heap.Abstract switch
        {
            AbstractHeapType.Func or AbstractHeapType.NoFunc => HeapType.Func,
            AbstractHeapType.Extern or AbstractHeapType.NoExtern => HeapType.Extern,
            AbstractHeapType.Exn or AbstractHeapType.NoExn => HeapType.Exn,
            _ => HeapType.Any,
        };
    }

    /// <summary>The bottom of the hierarchy a heap type belongs to: none, nofunc, noextern or noexn.</summary>
    public HeapType BottomOf(HeapType heap)
    {
        var top = TopOf(heap);
        if (top == BottomHeap) return top;
        return top.Abstract switch
        {
            AbstractHeapType.Func => HeapType.NoFunc,
            AbstractHeapType.Extern => HeapType.NoExtern,
            AbstractHeapType.Exn => HeapType.NoExn,
            _ => HeapType.None,
        };
    }

    /// <summary>Subtyping of struct and array field storage: packed types match only themselves.</summary>
    public bool IsSubtype(StorageType sub, StorageType super)
    {
        if (sub.Packed != super.Packed) return false;
        return sub.IsPacked || IsSubtype(sub.Type, super.Type);
    }

    /// <summary>Field subtyping: mutable fields are invariant, immutable fields covariant.</summary>
    public bool IsSubtype(FieldType sub, FieldType super)
    {
        if (sub.Mutable != super.Mutable) return false;
        if (!IsSubtype(sub.Storage, super.Storage)) return false;
        return !sub.Mutable || IsSubtype(super.Storage, sub.Storage);
    }

    /// <summary>Whether one composite type may be declared a subtype of another.</summary>
    public bool IsSubtype(CompositeType sub, CompositeType super)
    {
        switch (sub, super)
        {
            case (FuncType f1, FuncType f2):
                if (f1.Parameters.Length != f2.Parameters.Length || f1.Results.Length != f2.Results.Length) return false;
                for (int i = 0; i < f1.Parameters.Length; i++)
                    if (!IsSubtype(f2.Parameters[i], f1.Parameters[i])) return false;
                for (int i = 0; i < f1.Results.Length; i++)
                    if (!IsSubtype(f1.Results[i], f2.Results[i])) return false;
                return true;
            case (StructType s1, StructType s2):
                if (s1.Fields.Length < s2.Fields.Length) return false;
                for (int i = 0; i < s2.Fields.Length; i++)
                    if (!IsSubtype(s1.Fields[i], s2.Fields[i])) return false;
                return true;
            case (ArrayType a1, ArrayType a2):
                return IsSubtype(a1.Element, a2.Element);
            default:
                return false;
        }
    }
}
