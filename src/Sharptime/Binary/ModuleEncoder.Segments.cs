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

    // The code and data sections hold nearly all of a large module's bytes. They are written straight
    // into the output with their sizes computed first, instead of through a nested writer whose
    // contents would be copied again.

    private static void WriteDataSection(WasmWriter output, WasmModule module)
    {
        long size = LebSize((uint)module.Data.Count);
        foreach (var segment in module.Data)
        {
            size += LebSize(DataFlags(segment)) + segment.Bytes.Length + LebSize((uint)segment.Bytes.Length);
            if (segment.Mode == SegmentMode.Active)
            {
                size += OffsetOf(segment).Code.Length;
                if (segment.MemoryIndex != 0) size += LebSize((uint)segment.MemoryIndex);
            }
        }
        output.Byte((byte)SectionId.Data);
        output.U32(CheckedSectionSize(size));
        output.U32((uint)module.Data.Count);
        foreach (var segment in module.Data)
        {
            output.U32(DataFlags(segment));
            if (segment.Mode == SegmentMode.Active)
            {
                if (segment.MemoryIndex != 0) output.U32((uint)segment.MemoryIndex);
                WriteExpression(output, OffsetOf(segment));
            }
            output.ByteVector(segment.Bytes.Span);
        }
    }

    /// <summary>Data segment forms: 0 active in memory 0, 1 passive, 2 active with a memory index.</summary>
    private static uint DataFlags(DataSegment segment) => segment.Mode switch
    {
        SegmentMode.Active => segment.MemoryIndex == 0 ? 0u : 2u,
        SegmentMode.Passive => 1u,
        _ => throw new ArgumentException("data segments cannot be declarative", nameof(segment)),
    };

    private static ConstantExpression OffsetOf(DataSegment segment) =>
        segment.Offset ?? throw new ArgumentException("an active data segment needs an offset", nameof(segment));

    private static void WriteCodeSection(WasmWriter output, WasmModule module)
    {
        var bodies = module.Bodies;
        var locals = new WasmWriter(bodies.Count * 4 + 16);
        var localsEnd = new int[bodies.Count];
        long size = LebSize((uint)bodies.Count);
        for (int i = 0; i < bodies.Count; i++)
        {
            int start = locals.Length;
            locals.U32((uint)bodies[i].Locals.Length);
            foreach (var local in bodies[i].Locals)
            {
                locals.U32(local.Count);
                InstructionWriter.WriteValType(locals, local.Type);
            }
            localsEnd[i] = locals.Length;
            long bodySize = locals.Length - start + bodies[i].Code.Length;
            size += LebSize((uint)Math.Min(bodySize, uint.MaxValue)) + bodySize;
        }
        output.Byte((byte)SectionId.Code);
        output.U32(CheckedSectionSize(size));
        output.U32((uint)bodies.Count);
        var allLocals = locals.WrittenSpan;
        for (int i = 0; i < bodies.Count; i++)
        {
            int start = i == 0 ? 0 : localsEnd[i - 1];
            output.U32((uint)(localsEnd[i] - start + bodies[i].Code.Length));
            output.Bytes(allLocals[start..localsEnd[i]]);
            output.Bytes(bodies[i].Code.Span);
        }
    }

    private static uint CheckedSectionSize(long size) =>
        size <= uint.MaxValue ? (uint)size : throw new ArgumentException("a section is larger than the binary format allows (4 GiB)");

    private static int LebSize(uint value)
    {
        int n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }
        return n;
    }
}
