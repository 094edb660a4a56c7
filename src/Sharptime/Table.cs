using Sharptime.Model;
using Sharptime.Runtime;

namespace Sharptime;

/// <summary>
/// A table of references: <see cref="Function"/> objects (or null) for funcref tables, any .NET object
/// (or null) for externref tables. The element array is exactly as long as the table, so generated
/// code checks an index against its Length and the JIT then drops its own bounds check.
/// </summary>
public sealed class Table
{
    private readonly ulong _maxElements;

    /// <summary>The elements; replaced (never resized in place) when the table grows.</summary>
    internal object?[] Elements;

    public Table(Store store, ValType elementType, uint initial, uint? maximum = null, object? initialValue = null)
        : this(store, new TableType(elementType, new Limits(initial, maximum)), initialValue)
    {
    }

    /// <summary>Creates a table of any table type (64-bit indices included).</summary>
    public Table(Store store, TableType type, object? initialValue = null)
        : this(type, store.Engine.Config, store.Engine.Types, -1, Values.Coerce(type.ElementType, initialValue, -1, store.Engine.Types))
    {
    }

    internal Table(TableType type, Config config, Runtime.TypeRegistry registry, int heapTypeId, object? initialValue)
    {
        Type = type;
        Registry = registry;
        HeapTypeId = heapTypeId;
        _maxElements = Math.Min(type.Limits.Max ?? uint.MaxValue, config.MaxTableElements);
        if (type.Limits.Min > _maxElements)
            throw new WasmException($"table of {type.Limits.Min} elements exceeds the limit of {_maxElements}");
        Elements = new object?[type.Limits.Min];
        if (initialValue is not null) Array.Fill(Elements, initialValue);
    }

    public TableType Type { get; }

    /// <summary>The engine's registry and the id of the element type's concrete heap type (-1 if abstract), to check what the host stores.</summary>
    internal Runtime.TypeRegistry Registry { get; }
    internal int HeapTypeId { get; }
    public ValType ElementType => Type.ElementType;

    /// <summary>The current number of elements.</summary>
    public uint Size => (uint)Elements.Length;

    public object? GetElement(uint index) =>
        index < (uint)Elements.Length ? Elements[index] : throw Traps.TableOutOfBounds();

    public void SetElement(uint index, object? value)
    {
        if (index >= (uint)Elements.Length) throw Traps.TableOutOfBounds();
        Elements[index] = Values.Coerce(ElementType, value, HeapTypeId, Registry);
    }

    /// <summary>Grows by <paramref name="delta"/> elements set to <paramref name="initialValue"/>; returns the old size, or -1.</summary>
    public long Grow(uint delta, object? initialValue) => GrowUnchecked(delta, Values.Coerce(ElementType, initialValue, HeapTypeId, Registry));

    private long GrowUnchecked(uint delta, object? initialValue)
    {
        var old = Elements;
        if (delta > _maxElements - (ulong)old.Length) return -1;
        var grown = new object?[old.Length + (int)delta];
        Array.Copy(old, grown, old.Length);
        if (initialValue is not null) Array.Fill(grown, initialValue, old.Length, (int)delta);
        Elements = grown;
        return old.Length;
    }

    /// <summary>table.grow from compiled code: the old size, or -1.</summary>
    internal int GrowFromWasm(object? initialValue, int delta) => (int)GrowUnchecked((uint)delta, initialValue);
}
