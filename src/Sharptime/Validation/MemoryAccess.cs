using System.Runtime.CompilerServices;
using Sharptime.Model;

namespace Sharptime.Validation;

/// <summary>
/// What a load or store instruction moves: the value type on the stack, whether it stores, the access size
/// (log2 bytes, which is also the largest valid alignment) and, for v128 lane accesses, the lane count.
/// Loads take [address] and give [value]; stores take [address value]; lane loads take [address v128] and
/// give [v128]; lane stores take [address v128].
/// </summary>
public readonly record struct MemoryAccess(ValType Value, bool IsStore, int NaturalAlignmentLog2, int Lanes)
{
    public bool IsValid => Value.Kind != ValTypeKind.Bottom;
    public bool IsLaneAccess => Lanes != 0;

    private static readonly MemoryAccess[] s_plain = new MemoryAccess[0x40];
    private static readonly MemoryAccess[] s_simd = new MemoryAccess[0x60];
    static MemoryAccess()
    {
        foreach (var entry in OpcodeInfo.All)
        {
            if (entry.Immediate is not (ImmediateKind.MemArg or ImmediateKind.MemArgLane)) continue;
            string m = entry.Mnemonic;
            var value = m[..m.IndexOf('.')] switch
            {
                "i32" => ValType.I32,
                "i64" => ValType.I64,
                "f32" => ValType.F32,
                "f64" => ValType.F64,
                _ => ValType.V128,
            };
            bool store = m.Contains(".store", StringComparison.Ordinal);
            int lanes = entry.Immediate == ImmediateKind.MemArgLane ? 16 >> entry.NaturalAlignment : 0;
            var access = new MemoryAccess(value, store, entry.NaturalAlignment, lanes);
            uint code = entry.Opcode.Code();
            if (entry.Opcode.Prefix() == 0) s_plain[code] = access;
            else s_simd[code] = access;
        }
    }

    /// <summary>The memory access an opcode makes; false for instructions that are not loads or stores.</summary>
    public static bool TryGet(Opcode opcode, out MemoryAccess access)
    {
        access = Get(opcode);
        return access.IsValid;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static MemoryAccess Get(Opcode opcode)
    {
        uint code = (uint)opcode;
        if (code < (uint)s_plain.Length) return s_plain[code];
        if ((code >> 16) == 0xFD && (code & 0xFFFF) < (uint)s_simd.Length) return s_simd[code & 0xFFFF];
        return default;
    }
}
