using Sharptime.Model;

namespace Sharptime.Binary;

// Element segments, data segments and function bodies.
public static partial class ModuleEncoder
{
    private static readonly ValType FunctionIndexItemType = ValType.Ref(HeapType.Func, nullable: false);

    /// <summary>
    /// An element segment, in the form the decoder maps back to the same segment: function index
    /// vectors (forms 0-3) when the type is <c>(ref func)</c> and every item is a canonical
    /// <c>ref.func i end</c>; expressions (forms 4-7) otherwise. Form 0 and 4 (no table index, no
    /// type) only for table 0 and the type those forms imply.
    /// </summary>
    private static void WriteElementSegment(WasmWriter w, ElementSegment segment)
    {
        bool asIndices = segment.ElementType == FunctionIndexItemType && AllFunctionIndices(segment.Items);
        bool implicitTable = segment.Mode == SegmentMode.Active && segment.TableIndex == 0
            && (asIndices || segment.ElementType == ValType.FuncRef);
        uint flags = segment.Mode switch
        {
            SegmentMode.Active => implicitTable ? 0u : 2u,
            SegmentMode.Passive => 1u,
            _ => 3u,
        };
        if (!asIndices) flags |= 4;
        w.U32(flags);

        if (segment.Mode == SegmentMode.Active)
        {
            if (!implicitTable) w.U32((uint)segment.TableIndex);
            WriteExpression(w, segment.Offset ?? throw new ArgumentException("an active element segment needs an offset", nameof(segment)));
        }
        if (asIndices)
        {
            if (!implicitTable) w.Byte(0x00); // element kind: funcref
            w.U32((uint)segment.Items.Length);
            foreach (var item in segment.Items)
            {
                TryGetFunctionIndex(item.Code.Span, out uint index);
                w.U32(index);
            }
        }
        else
        {
            if (!implicitTable) InstructionWriter.WriteValType(w, segment.ElementType);
            w.U32((uint)segment.Items.Length);
            foreach (var item in segment.Items) WriteExpression(w, item);
        }
    }

    private static bool AllFunctionIndices(ConstantExpression[] items)
    {
        foreach (var item in items)
            if (!TryGetFunctionIndex(item.Code.Span, out _)) return false;
        return true;
    }

    /// <summary>
    /// Whether an expression is exactly <c>ref.func i end</c> with i in shortest LEB128 form, which is
    /// what the decoder makes of a function index (so only then is the index form an exact inverse).
    /// </summary>
    private static bool TryGetFunctionIndex(ReadOnlySpan<byte> code, out uint index)
    {
        index = 0;
        if (code.Length < 3 || code.Length > 7 || code[0] != (byte)Opcode.RefFunc || code[^1] != (byte)Opcode.End) return false;
        var leb = code[1..^1];
        ulong value = 0;
        for (int i = 0; i < leb.Length; i++)
        {
            byte b = leb[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            bool last = i == leb.Length - 1;
            if (((b & 0x80) == 0) != last) return false;
            if (last && b == 0 && i > 0) return false; // a zero final byte after others is over-long
        }
        if (value > uint.MaxValue) return false;
        index = (uint)value;
        return true;
    }

    private static void WriteDataSegment(WasmWriter w, DataSegment segment)
    {
        switch (segment.Mode)
        {
            case SegmentMode.Active when segment.MemoryIndex == 0:
                w.U32(0);
                WriteExpression(w, segment.Offset ?? throw new ArgumentException("an active data segment needs an offset", nameof(segment)));
                break;
            case SegmentMode.Active:
                w.U32(2);
                w.U32((uint)segment.MemoryIndex);
                WriteExpression(w, segment.Offset ?? throw new ArgumentException("an active data segment needs an offset", nameof(segment)));
                break;
            case SegmentMode.Passive:
                w.U32(1);
                break;
            default:
                throw new ArgumentException("data segments cannot be declarative", nameof(segment));
        }
        w.ByteVector(segment.Bytes.Span);
    }

    private static void WriteCodeSection(WasmWriter w, WasmModule module)
    {
        w.U32((uint)module.Bodies.Count);
        var locals = new WasmWriter(64);
        foreach (var body in module.Bodies)
        {
            // Bodies can be large: write the size and copy the code once rather than through a nested writer.
            locals.Clear();
            locals.U32((uint)body.Locals.Length);
            foreach (var local in body.Locals)
            {
                locals.U32(local.Count);
                InstructionWriter.WriteValType(locals, local.Type);
            }
            w.U32((uint)(locals.Length + body.Code.Length));
            w.Bytes(locals.WrittenSpan);
            w.Bytes(body.Code.Span);
        }
    }
}
