using System.Collections.Frozen;

namespace Sharptime.Model;

/// <summary>One row of the opcode table.</summary>
/// <param name="NaturalAlignment">For memory accesses, log2 of the access size (the largest valid alignment); otherwise -1.</param>
public readonly record struct OpcodeEntry(Opcode Opcode, string Mnemonic, ImmediateKind Immediate, int NaturalAlignment);

public static partial class OpcodeInfo
{
    private static FrozenDictionary<string, Opcode>? s_byMnemonic;

    /// <summary>The prefix byte of a prefixed opcode (0xFB, 0xFC, 0xFD), or 0.</summary>
    public static byte Prefix(this Opcode opcode) => (byte)((int)opcode >> 16);

    /// <summary>The subopcode of a prefixed opcode, or the byte of a plain one.</summary>
    public static uint Code(this Opcode opcode) => (uint)opcode & 0xFFFF;

    /// <exception cref="KeyNotFoundException">No instruction has this opcode.</exception>
    public static OpcodeEntry Entry(this Opcode opcode)
    {
        // Through the code tables rather than a dictionary: the decoder looks up every opcode when it
        // starts, and a dictionary keyed by the enum cost ~45 JIT-compiled generic methods at every start-up.
        int index = IndexIn(opcode.Prefix() == 0 ? s_plain : PrefixedTable(opcode.Prefix()), opcode.Code());
        if (index < 0) throw new KeyNotFoundException($"no instruction has opcode 0x{(int)opcode:X}");
        return s_all[index];
    }

    public static string Mnemonic(this Opcode opcode) => opcode.Entry().Mnemonic;
    public static ImmediateKind Immediate(this Opcode opcode) => opcode.Entry().Immediate;

    /// <summary>Looks up a one-byte opcode.</summary>
    public static bool TryGetPlain(byte code, out Opcode opcode) => TryGet(s_plain, code, out opcode);

    /// <summary>Looks up a prefixed opcode by prefix byte and subopcode.</summary>
    public static bool TryGetPrefixed(byte prefix, uint subopcode, out Opcode opcode) => TryGet(PrefixedTable(prefix), subopcode, out opcode);

    /// <summary>
    /// Looks up an instruction by its text mnemonic. Where two opcodes share one (select, ref.test, ref.cast)
    /// this gives the first; the text parser picks the other from the immediates.
    /// </summary>
    public static bool TryGetByMnemonic(string mnemonic, out Opcode opcode)
    {
        s_byMnemonic ??= BuildMnemonics();
        return s_byMnemonic.TryGetValue(mnemonic, out opcode);
    }

    private static bool TryGet(ushort[]? table, uint code, out Opcode opcode)
    {
        int index = IndexIn(table, code);
        opcode = index < 0 ? default : s_all[index].Opcode;
        return index >= 0;
    }

    /// <summary>The code table of a prefix byte (0xFB, 0xFC, 0xFD), or null.</summary>
    private static ushort[]? PrefixedTable(uint prefix) => prefix switch { 0xFB => s_fb, 0xFC => s_fc, 0xFD => s_fd, _ => null };

    /// <summary>The index in the opcode list of <paramref name="code"/> in <paramref name="table"/>, or -1.</summary>
    private static int IndexIn(ushort[]? table, uint code) => table is not null && code < (uint)table.Length ? table[code] - 1 : -1;

    private static ushort[] Build(int prefix, int size)
    {
        var table = new ushort[size];
        for (int i = 0; i < s_all.Length; i++)
        {
            var op = s_all[i].Opcode;
            if (op.Prefix() == prefix) table[op.Code()] = (ushort)(i + 1);
        }
        return table;
    }

    private static FrozenDictionary<string, Opcode> BuildMnemonics()
    {
        var d = new Dictionary<string, Opcode>(s_all.Length, StringComparer.Ordinal);
        foreach (var e in s_all) d.TryAdd(e.Mnemonic, e.Opcode);
        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
