namespace Sharptime.Binary;

/// <summary>The ids of the module sections, as in the binary format.</summary>
public enum SectionId : byte
{
    Custom = 0,
    Type = 1,
    Import = 2,
    Function = 3,
    Table = 4,
    Memory = 5,
    Global = 6,
    Export = 7,
    Start = 8,
    Element = 9,
    Code = 10,
    Data = 11,
    DataCount = 12,
    Tag = 13,
}

public static class SectionOrder
{
    /// <summary>The known (non-custom) sections in the order a module must have them; ids are not in order (tag, data count).</summary>
    public static ReadOnlySpan<SectionId> Known =>
    [
        SectionId.Type, SectionId.Import, SectionId.Function, SectionId.Table, SectionId.Memory, SectionId.Tag,
        SectionId.Global, SectionId.Export, SectionId.Start, SectionId.Element, SectionId.DataCount,
        SectionId.Code, SectionId.Data,
    ];

    /// <summary>1-based position of a known section in <see cref="Known"/>; 0 for custom sections.</summary>
    public static int Rank(SectionId id) => id switch
    {
        SectionId.Type => 1,
        SectionId.Import => 2,
        SectionId.Function => 3,
        SectionId.Table => 4,
        SectionId.Memory => 5,
        SectionId.Tag => 6,
        SectionId.Global => 7,
        SectionId.Export => 8,
        SectionId.Start => 9,
        SectionId.Element => 10,
        SectionId.DataCount => 11,
        SectionId.Code => 12,
        SectionId.Data => 13,
        _ => 0,
    };

    public static bool IsKnown(byte id) => id <= (byte)SectionId.Tag;
}
