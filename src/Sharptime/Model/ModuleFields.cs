namespace Sharptime.Model;

/// <summary>
/// An import. Exactly one of the descriptor properties is meaningful, chosen by <see cref="Kind"/>:
/// <see cref="TypeIndex"/> for functions and tags, <see cref="Table"/>, <see cref="Memory"/> or <see cref="Global"/>.
/// </summary>
public sealed record Import(string Module, string Name, ExternalKind Kind)
{
    public int TypeIndex { get; init; }
    public TableType Table { get; init; }
    public MemoryType? Memory { get; init; }
    public GlobalType Global { get; init; }
}

public sealed record Export(string Name, ExternalKind Kind, int Index);

/// <summary>
/// A constant expression (global initializers, segment offsets, element items, table initializers):
/// its instructions in binary form, ending with <c>end</c>. Read them with an instruction reader.
/// </summary>
public sealed class ConstantExpression(ReadOnlyMemory<byte> code) : IEquatable<ConstantExpression>
{
    public ReadOnlyMemory<byte> Code { get; } = code;

    public bool Equals(ConstantExpression? other) => other is not null && Code.Span.SequenceEqual(other.Code.Span);
    public override bool Equals(object? obj) => obj is ConstantExpression c && Equals(c);
    public override int GetHashCode() => Code.Length;
}

/// <summary>A table defined by the module, with an optional initializer for its elements (function references proposal).</summary>
public sealed record TableDefinition(TableType Type, ConstantExpression? Init = null);

public sealed record GlobalDefinition(GlobalType Type, ConstantExpression Init);

public enum SegmentMode : byte
{
    Active,
    Passive,
    /// <summary>Element segments only: declares functions referenceable by ref.func; never instantiated.</summary>
    Declarative,
}

/// <summary>
/// An element segment. Items are always kept as constant expressions (a function index vector in the
/// binary becomes <c>ref.func i</c> expressions), so the binary and text forms meet in one model.
/// </summary>
public sealed class ElementSegment
{
    public required SegmentMode Mode { get; init; }
    public required ValType ElementType { get; init; }
    public required ConstantExpression[] Items { get; init; }
    /// <summary>Active segments: the table written to.</summary>
    public int TableIndex { get; init; }
    /// <summary>Active segments: the element offset.</summary>
    public ConstantExpression? Offset { get; init; }
}

public sealed class DataSegment
{
    public required SegmentMode Mode { get; init; }
    public required ReadOnlyMemory<byte> Bytes { get; init; }
    /// <summary>Active segments: the memory written to.</summary>
    public int MemoryIndex { get; init; }
    /// <summary>Active segments: the byte offset.</summary>
    public ConstantExpression? Offset { get; init; }
}

/// <summary>A run of locals of one type, as declared in a function body.</summary>
public readonly record struct LocalDeclaration(uint Count, ValType Type);

/// <summary>
/// The body of a defined function: its local declarations and its instructions in binary form, ending
/// with the final <c>end</c>. Bodies stay in binary form (as in Wasmtime's wasmparser) so that a large
/// module costs no more memory than its bytes, and compilation can decode a function only when it is
/// first called.
/// </summary>
public sealed class FunctionBody
{
    public required LocalDeclaration[] Locals { get; init; }
    public required ReadOnlyMemory<byte> Code { get; init; }
    /// <summary>Offset of <see cref="Code"/> in the module's binary (0 for modules built from text); for error messages.</summary>
    public int CodeOffset { get; init; }
}

/// <summary>A custom section kept as bytes.</summary>
/// <param name="After">The id of the last known section before it, for re-encoding in place (0 before all).</param>
public sealed record CustomSection(string Name, ReadOnlyMemory<byte> Content, byte After = 0);

/// <summary>The contents of the "name" custom section: debug names by index.</summary>
public sealed class NameSection
{
    public string? ModuleName { get; set; }
    public Dictionary<int, string> FunctionNames { get; } = [];
    /// <summary>Function index to (local index to name).</summary>
    public Dictionary<int, Dictionary<int, string>> LocalNames { get; } = [];
    public Dictionary<int, string> TypeNames { get; } = [];
    public Dictionary<int, string> TableNames { get; } = [];
    public Dictionary<int, string> MemoryNames { get; } = [];
    public Dictionary<int, string> GlobalNames { get; } = [];
    public Dictionary<int, string> ElementNames { get; } = [];
    public Dictionary<int, string> DataNames { get; } = [];
    public Dictionary<int, string> TagNames { get; } = [];
}
