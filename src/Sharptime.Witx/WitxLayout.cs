using System.Collections.Generic;

namespace Sharptime.Witx;

/// <summary>Size and alignment of a type in guest (wasm32) memory.</summary>
public readonly struct WitxSizeAlign
{
    public WitxSizeAlign(uint size, uint align)
    {
        Size = size;
        Align = align;
    }

    public uint Size { get; }
    public uint Align { get; }

    public override string ToString() => $"size {Size}, align {Align}";
}

/// <summary>
/// Memory layout of witx types on wasm32: scalars are naturally aligned, pointers, handles,
/// <c>usize</c> and <c>char</c> are 4 bytes, strings and lists are a (pointer, length) pair
/// of 8 bytes aligned to 4, records are laid out like C structs (each field at the next
/// multiple of its alignment, size rounded up to the record's alignment), and variants store
/// the tag then the payload at the largest payload alignment.
/// </summary>
public static class WitxLayout
{
    public static uint ReprSize(WitxIntRepr repr) => repr switch
    {
        WitxIntRepr.U8 => 1,
        WitxIntRepr.U16 => 2,
        WitxIntRepr.U32 => 4,
        _ => 8,
    };

    public static uint AlignUp(uint value, uint align) => (value + align - 1) / align * align;

    /// <summary>Size and alignment of a type.</summary>
    /// <exception cref="WitxException">When a record or variant contains itself.</exception>
    public static WitxSizeAlign Of(WitxType type) => Of(type, new List<WitxType>());

    /// <summary>Offsets of each field of a record, in declaration order.</summary>
    public static IReadOnlyList<uint> FieldOffsets(WitxRecordType record)
    {
        var offsets = new List<uint>(record.Fields.Count);
        uint offset = 0;
        foreach (var f in record.Fields)
        {
            var sa = Of(f.Type);
            offset = AlignUp(offset, sa.Align);
            offsets.Add(offset);
            offset += sa.Size;
        }
        return offsets;
    }

    /// <summary>Offsets of each element of a tuple.</summary>
    public static IReadOnlyList<uint> ElementOffsets(WitxTupleType tuple)
    {
        var offsets = new List<uint>(tuple.Elements.Count);
        uint offset = 0;
        foreach (var e in tuple.Elements)
        {
            var sa = Of(e);
            offset = AlignUp(offset, sa.Align);
            offsets.Add(offset);
            offset += sa.Size;
        }
        return offsets;
    }

    /// <summary>Offset of the payload of a variant (after the tag, at the largest payload alignment).</summary>
    public static uint PayloadOffset(WitxVariantType variant)
    {
        var tag = Of(variant.Tag);
        return AlignUp(tag.Size, MaxPayload(variant, new List<WitxType>()).Align);
    }

    /// <summary>Size in bytes of the tag of a variant.</summary>
    public static uint TagSize(WitxVariantType variant) => Of(variant.Tag).Size;

    private static WitxSizeAlign MaxPayload(WitxVariantType v, List<WitxType> stack)
    {
        uint size = 0, align = 1;
        foreach (var c in v.Cases)
        {
            if (c.Payload is null)
            {
                continue;
            }
            var sa = Of(c.Payload, stack);
            if (sa.Size > size)
            {
                size = sa.Size;
            }
            if (sa.Align > align)
            {
                align = sa.Align;
            }
        }
        return new WitxSizeAlign(size, align);
    }

    private static WitxSizeAlign Of(WitxType type, List<WitxType> stack)
    {
        switch (type)
        {
            case WitxNamedType n:
                if (n.Definition is null)
                {
                    throw new WitxException($"unknown type ${n.Name}", n.Location.FileName, n.Location.Line, n.Location.Column);
                }
                if (stack.Contains(n.Definition.Type))
                {
                    var l = n.Definition.Location;
                    throw new WitxException($"type ${n.Definition.Name} contains itself", l.FileName, l.Line, l.Column);
                }
                stack.Add(n.Definition.Type);
                try
                {
                    return Of(n.Definition.Type, stack);
                }
                finally
                {
                    stack.RemoveAt(stack.Count - 1);
                }
            case WitxBuiltinType b:
                return b.Kind switch
                {
                    WitxBuiltinKind.U8 or WitxBuiltinKind.S8 or WitxBuiltinKind.Char8 => new WitxSizeAlign(1, 1),
                    WitxBuiltinKind.U16 or WitxBuiltinKind.S16 => new WitxSizeAlign(2, 2),
                    WitxBuiltinKind.U64 or WitxBuiltinKind.S64 or WitxBuiltinKind.F64 => new WitxSizeAlign(8, 8),
                    _ => new WitxSizeAlign(4, 4),
                };
            case WitxEnumType e:
                return Repr(e.Repr);
            case WitxFlagsType f:
                return Repr(f.Repr);
            case WitxHandleType:
            case WitxPointerType:
                return new WitxSizeAlign(4, 4);
            case WitxStringType:
            case WitxListType:
                return new WitxSizeAlign(8, 4);
            case WitxRecordType r:
            {
                uint offset = 0, align = 1;
                foreach (var f in r.Fields)
                {
                    var sa = Of(f.Type, stack);
                    offset = AlignUp(offset, sa.Align) + sa.Size;
                    if (sa.Align > align)
                    {
                        align = sa.Align;
                    }
                }
                return new WitxSizeAlign(AlignUp(offset, align), align);
            }
            case WitxTupleType t:
            {
                uint offset = 0, align = 1;
                foreach (var e in t.Elements)
                {
                    var sa = Of(e, stack);
                    offset = AlignUp(offset, sa.Align) + sa.Size;
                    if (sa.Align > align)
                    {
                        align = sa.Align;
                    }
                }
                return new WitxSizeAlign(AlignUp(offset, align), align);
            }
            case WitxVariantType v:
            {
                var tag = Of(v.Tag, stack);
                var payload = MaxPayload(v, stack);
                uint align = tag.Align > payload.Align ? tag.Align : payload.Align;
                uint payloadOffset = AlignUp(tag.Size, payload.Align);
                return new WitxSizeAlign(AlignUp(payloadOffset + payload.Size, align), align);
            }
            case WitxExpectedType x:
            {
                // Laid out as a variant with a u8 tag and cases ok/err.
                uint size = 0, align = 1;
                foreach (var p in new[] { x.Ok, x.Error })
                {
                    if (p is null)
                    {
                        continue;
                    }
                    var sa = Of(p, stack);
                    size = sa.Size > size ? sa.Size : size;
                    align = sa.Align > align ? sa.Align : align;
                }
                return new WitxSizeAlign(AlignUp(AlignUp(1, align) + size, align), align);
            }
            default:
                throw new System.InvalidOperationException("unknown witx type " + type.GetType().Name);
        }
    }

    private static WitxSizeAlign Repr(WitxIntRepr r)
    {
        var s = ReprSize(r);
        return new WitxSizeAlign(s, s);
    }
}
