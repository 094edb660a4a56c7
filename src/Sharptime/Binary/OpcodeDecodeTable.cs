using Sharptime.Model;

namespace Sharptime.Binary;

/// <summary>
/// Flat lookup arrays from opcode bytes to (opcode, immediate kind), built once from
/// <see cref="OpcodeInfo"/>. The instruction reader runs once per instruction of every function, so it
/// indexes arrays instead of going through the opcode table's dictionaries.
/// </summary>
internal static class OpcodeDecodeTable
{
    /// <summary>One slot: <see cref="Known"/> is false for codes that name no instruction.</summary>
    internal readonly record struct Slot(Opcode Opcode, ImmediateKind Immediate, bool Known);

    private static readonly Slot[] s_plain = BuildPlain();
    private static readonly Slot[] s_fb = BuildPrefixed(0xFB);
    private static readonly Slot[] s_fc = BuildPrefixed(0xFC);
    private static readonly Slot[] s_fd = BuildPrefixed(0xFD);

    public static bool IsPrefix(byte b) => b is 0xFB or 0xFC or 0xFD;

    public static ref readonly Slot Plain(byte code) => ref s_plain[code];

    public static bool TryGetPrefixed(byte prefix, uint subopcode, out Slot slot)
    {
        var table = prefix switch { 0xFB => s_fb, 0xFC => s_fc, _ => s_fd };
        if (subopcode < (uint)table.Length && table[subopcode].Known)
        {
            slot = table[subopcode];
            return true;
        }
        slot = default;
        return false;
    }

    /// <summary>
    /// Whether an opcode existed in WebAssembly 2.0: no exceptions, tail calls, typed references or
    /// GC, no 0xFB prefix, the 0xFC subopcodes up to table.fill and the SIMD ones below the relaxed
    /// SIMD range (0x100 and up).
    /// </summary>
    public static bool IsWasm20(byte code, uint subopcode) => code switch
    {
        0xFB => false,
        0xFC => subopcode <= 0x11,
        0xFD => subopcode < 0x100,
        <= 0x05 => true,
        >= 0x0B and <= 0x11 => true,
        >= 0x1A and <= 0x1C => true,
        >= 0x20 and <= 0xC4 => true,
        >= 0xD0 and <= 0xD2 => true,
        _ => false,
    };

    private static Slot[] BuildPlain()
    {
        var table = new Slot[256];
        for (int code = 0; code < 256; code++)
        {
            if (!IsPrefix((byte)code) && OpcodeInfo.TryGetPlain((byte)code, out var op))
                table[code] = new Slot(op, op.Immediate(), true);
        }
        return table;
    }

    private static Slot[] BuildPrefixed(byte prefix)
    {
        // Subopcodes are dense from 0 and well below 512 in every prefix space of WebAssembly 3.0.
        // Plain arrays, no List<Slot>: generic code over our structs is not precompiled (ReadyToRun),
        // so it would be JIT-compiled at every start-up.
        int length = 0;
        for (uint sub = 0; sub < 512; sub++)
        {
            if (OpcodeInfo.TryGetPrefixed(prefix, sub, out _)) length = (int)sub + 1;
        }
        var table = new Slot[length];
        for (uint sub = 0; sub < (uint)length; sub++)
        {
            if (OpcodeInfo.TryGetPrefixed(prefix, sub, out var op)) table[sub] = new Slot(op, op.Immediate(), true);
        }
        return table;
    }
}
