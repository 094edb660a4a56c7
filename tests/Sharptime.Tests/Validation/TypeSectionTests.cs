using Sharptime.Model;
using Sharptime.Validation;

namespace Sharptime.Tests.Validation;

public class TypeSectionTests
{
    private static readonly FieldType I32Field = new(new StorageType(ValType.I32), false);

    private static ValType Ref(int index, bool nullable = true) => ValType.Ref(HeapType.FromTypeIndex(index), nullable);

    [Fact]
    public void Identical_function_types_are_equivalent()
    {
        var m = new WasmModule();
        m.Types.Add(new SubType(new FuncType([ValType.I32], [])));
        m.Types.Add(new SubType(new FuncType([ValType.I64], [])));
        m.Types.Add(new SubType(new FuncType([ValType.I32], [])));
        var types = ModuleTypes.Build(m);
        Assert.True(types.AreEquivalent(0, 2));
        Assert.False(types.AreEquivalent(0, 1));
        Assert.Equal(0, types.CanonicalIndex(2));
    }

    [Fact]
    public void Recursive_groups_are_equivalent_by_structure_with_internal_references_relative()
    {
        // (rec (type (struct (field (ref null 0))))) twice: equivalent. A group referring to the first
        // group instead of itself is not.
        var m = new WasmModule();
        m.Types.Add(new SubType(new StructType([new FieldType(new StorageType(Ref(0)), false)])));
        m.Types.Add(new SubType(new StructType([new FieldType(new StorageType(Ref(1)), false)])));
        m.Types.Add(new SubType(new StructType([new FieldType(new StorageType(Ref(0)), false)])));
        m.RecGroups.AddRange([new RecGroup(0, 1), new RecGroup(1, 1), new RecGroup(2, 1)]);
        var types = ModuleTypes.Build(m);
        Assert.True(types.AreEquivalent(0, 1));
        Assert.False(types.AreEquivalent(0, 2));
    }

    [Fact]
    public void Types_in_one_group_differ_by_position()
    {
        var m = new WasmModule();
        m.Types.Add(new SubType(new StructType([])));
        m.Types.Add(new SubType(new StructType([])));
        m.RecGroups.Add(new RecGroup(0, 2));
        var types = ModuleTypes.Build(m);
        Assert.False(types.AreEquivalent(0, 1));
    }

    [Fact]
    public void Subtypes_extend_their_supertype_and_match_abstract_types()
    {
        var m = new WasmModule();
        m.Types.Add(new SubType(new StructType([I32Field]), final: false));
        m.Types.Add(new SubType(new StructType([I32Field, I32Field]), final: true, superTypes: [0]));
        m.Types.Add(new SubType(new FuncType([], [])));
        var types = ModuleTypes.Build(m);
        Assert.True(types.IsSubtype(1, 0));
        Assert.False(types.IsSubtype(0, 1));
        Assert.True(types.IsSubtype(Ref(1, nullable: false), Ref(0)));
        Assert.False(types.IsSubtype(Ref(1), Ref(0, nullable: false)));
        Assert.True(types.IsSubtype(Ref(1), ValType.Ref(HeapType.Eq, true)));
        Assert.True(types.IsSubtype(Ref(1), ValType.AnyRef));
        Assert.False(types.IsSubtype(Ref(1), ValType.FuncRef));
        Assert.True(types.IsSubtype(Ref(2), ValType.FuncRef));
        Assert.True(types.IsSubtype(ValType.Ref(HeapType.None, true), Ref(0)));
        Assert.False(types.IsSubtype(ValType.Ref(HeapType.NoFunc, true), Ref(0)));
        Assert.True(types.IsSubtype(ValType.Ref(HeapType.NoFunc, true), Ref(2)));
        Assert.False(types.IsSubtype(ValType.ExternRef, ValType.AnyRef));
    }

    [Fact]
    public void Final_types_cannot_be_extended()
    {
        var m = new WasmModule();
        m.Types.Add(new SubType(new FuncType([], [])));
        m.Types.Add(new SubType(new FuncType([], []), final: false, superTypes: [0]));
        var e = Assert.Throws<InvalidModuleException>(() => ModuleTypes.Build(m));
        Assert.StartsWith("sub type", e.Message);
    }

    [Fact]
    public void Subtype_must_match_its_supertype_structure()
    {
        var m = new WasmModule();
        m.Types.Add(new SubType(new StructType([I32Field]), final: false));
        m.Types.Add(new SubType(new StructType([new FieldType(new StorageType(ValType.I64), false)]), true, [0]));
        Assert.StartsWith("sub type", Assert.Throws<InvalidModuleException>(() => ModuleTypes.Build(m)).Message);

        var mutability = new WasmModule();
        mutability.Types.Add(new SubType(new ArrayType(new FieldType(new StorageType(ValType.AnyRef), true)), final: false));
        mutability.Types.Add(new SubType(new ArrayType(new FieldType(new StorageType(ValType.Ref(HeapType.None, true)), true)), true, [0]));
        Assert.StartsWith("sub type", Assert.Throws<InvalidModuleException>(() => ModuleTypes.Build(mutability)).Message);
    }

    [Fact]
    public void Function_subtyping_is_contravariant_in_parameters()
    {
        var m = new WasmModule();
        m.Types.Add(new SubType(new FuncType([ValType.Ref(HeapType.Eq, true)], [ValType.AnyRef]), final: false));
        m.Types.Add(new SubType(new FuncType([ValType.AnyRef], [ValType.Ref(HeapType.Eq, true)]), true, [0]));
        Assert.True(ModuleTypes.Build(m).IsSubtype(1, 0));

        var wrong = new WasmModule();
        wrong.Types.Add(new SubType(new FuncType([ValType.AnyRef], []), final: false));
        wrong.Types.Add(new SubType(new FuncType([ValType.Ref(HeapType.Eq, true)], []), true, [0]));
        Assert.Throws<InvalidModuleException>(() => ModuleTypes.Build(wrong));
    }

    [Fact]
    public void References_beyond_the_group_are_unknown_types()
    {
        var m = new WasmModule();
        m.Types.Add(new SubType(new FuncType([Ref(1)], [])));
        m.Types.Add(new SubType(new FuncType([], [])));
        Assert.StartsWith("unknown type", Assert.Throws<InvalidModuleException>(() => ModuleTypes.Build(m)).Message);

        m.RecGroups.Add(new RecGroup(0, 2));
        ModuleTypes.Build(m);
    }
}
