using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Sharptime.Model;

namespace Sharptime.Validation;

/// <summary>The fixed operand and result types of an instruction: [params] -> [results].</summary>
public readonly struct OpcodeSignature(ValType[] parameters, ValType[] results)
{
    private readonly ValType[] _parameters = parameters;
    private readonly ValType[] _results = results;

    public ReadOnlySpan<ValType> Parameters => _parameters;
    public ReadOnlySpan<ValType> Results => _results;
    public bool IsValid => _parameters is not null;

    public override string ToString() =>
        $"{ValidationErrors.Format(_parameters)} -> {ValidationErrors.Format(_results)}";
}

/// <summary>
/// The type signatures of the "simple" instructions, whose operand and result types depend on nothing but
/// the opcode: constants, numeric operators and conversions, and SIMD operators (including lane
/// extraction and replacement, whose lane immediate is checked separately). Memory accesses, variable,
/// control, reference and table instructions are not here: their types depend on the module.
/// </summary>
public static class OpcodeSignatures
{
    private static readonly ValType I32 = ValType.I32, I64 = ValType.I64, F32 = ValType.F32, F64 = ValType.F64, V128 = ValType.V128;

    // Signature 0 is "none"; the dense tables hold signature numbers by opcode byte / subopcode, and
    // s_table the signatures by number, room for every byte. An array and a dictionary keyed by
    // string, not a List<OpcodeSignature> and a tuple key: framework generics over structs are
    // JIT-compiled at every start (RATIONALE.md), and every validation builds this.
    private static readonly OpcodeSignature[] s_table = new OpcodeSignature[256];
    private static int s_count = 1;
    private static readonly Dictionary<string, int> s_interned = new(StringComparer.Ordinal);
    private static readonly byte[] s_plain = new byte[256];
    private static readonly byte[] s_fc = new byte[32];
    private static readonly byte[] s_fd = new byte[0x120];

    static OpcodeSignatures()
    {
        Plain(0x41, 0x41, [], [I32]);
        Plain(0x42, 0x42, [], [I64]);
        Plain(0x43, 0x43, [], [F32]);
        Plain(0x44, 0x44, [], [F64]);
        Plain(0x45, 0x45, [I32], [I32]);
        Plain(0x46, 0x4F, [I32, I32], [I32]);
        Plain(0x50, 0x50, [I64], [I32]);
        Plain(0x51, 0x5A, [I64, I64], [I32]);
        Plain(0x5B, 0x60, [F32, F32], [I32]);
        Plain(0x61, 0x66, [F64, F64], [I32]);
        Plain(0x67, 0x69, [I32], [I32]);
        Plain(0x6A, 0x78, [I32, I32], [I32]);
        Plain(0x79, 0x7B, [I64], [I64]);
        Plain(0x7C, 0x8A, [I64, I64], [I64]);
        Plain(0x8B, 0x91, [F32], [F32]);
        Plain(0x92, 0x98, [F32, F32], [F32]);
        Plain(0x99, 0x9F, [F64], [F64]);
        Plain(0xA0, 0xA6, [F64, F64], [F64]);
        Plain(0xA7, 0xA7, [I64], [I32]);
        Plain(0xA8, 0xA9, [F32], [I32]);
        Plain(0xAA, 0xAB, [F64], [I32]);
        Plain(0xAC, 0xAD, [I32], [I64]);
        Plain(0xAE, 0xAF, [F32], [I64]);
        Plain(0xB0, 0xB1, [F64], [I64]);
        Plain(0xB2, 0xB3, [I32], [F32]);
        Plain(0xB4, 0xB5, [I64], [F32]);
        Plain(0xB6, 0xB6, [F64], [F32]);
        Plain(0xB7, 0xB8, [I32], [F64]);
        Plain(0xB9, 0xBA, [I64], [F64]);
        Plain(0xBB, 0xBB, [F32], [F64]);
        Plain(0xBC, 0xBC, [F32], [I32]);
        Plain(0xBD, 0xBD, [F64], [I64]);
        Plain(0xBE, 0xBE, [I32], [F32]);
        Plain(0xBF, 0xBF, [I64], [F64]);
        Plain(0xC0, 0xC1, [I32], [I32]);
        Plain(0xC2, 0xC4, [I64], [I64]);

        Set(s_fc, 0x00, 0x01, [F32], [I32]);
        Set(s_fc, 0x02, 0x03, [F64], [I32]);
        Set(s_fc, 0x04, 0x05, [F32], [I64]);
        Set(s_fc, 0x06, 0x07, [F64], [I64]);

        foreach (var entry in OpcodeInfo.All)
        {
            if (entry.Opcode.Prefix() != 0xFD) continue;
            if (SimdSignature(entry) is var (p, r)) Set(s_fd, (int)entry.Opcode.Code(), (int)entry.Opcode.Code(), p, r);
        }
    }

    /// <summary>
    /// The signatures by opcode, built on first use: only callers outside the validator ask, and a
    /// FrozenDictionary keyed by our enum is JIT-compiled, not ReadyToRun (RATIONALE.md), which cost
    /// every validation about 20 ms of start-up.
    /// </summary>
    private static class ByOpcode
    {
        public static readonly FrozenDictionary<Opcode, OpcodeSignature> Table = Build();

        private static FrozenDictionary<Opcode, OpcodeSignature> Build()
        {
            var byOpcode = new Dictionary<Opcode, OpcodeSignature>();
            foreach (var entry in OpcodeInfo.All)
                if (Lookup(entry.Opcode) is var id && id != 0) byOpcode[entry.Opcode] = s_table[id];
            return byOpcode.ToFrozenDictionary();
        }
    }

    /// <summary>The signature of a simple instruction; false for instructions whose types depend on the module or immediates.</summary>
    public static bool TryGet(Opcode opcode, out OpcodeSignature signature) => ByOpcode.Table.TryGetValue(opcode, out signature);

    /// <summary>Every simple instruction with its signature.</summary>
    public static IReadOnlyDictionary<Opcode, OpcodeSignature> All => ByOpcode.Table;

    /// <summary>The validator's fast path: a dense lookup without hashing. Null parameters when none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ref readonly OpcodeSignature Get(Opcode opcode) => ref s_table[Lookup(opcode)];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Lookup(Opcode opcode)
    {
        uint code = (uint)opcode;
        if (code < 0x100) return s_plain[code];
        uint sub = code & 0xFFFF;
        return (code >> 16) switch
        {
            0xFC when sub < (uint)s_fc.Length => s_fc[sub],
            0xFD when sub < (uint)s_fd.Length => s_fd[sub],
            _ => 0,
        };
    }

    private static void Plain(int first, int last, ValType[] parameters, ValType[] results) => Set(s_plain, first, last, parameters, results);

    private static void Set(byte[] table, int first, int last, ValType[] parameters, ValType[] results)
    {
        var key = ValidationErrors.Format(parameters) + " -> " + ValidationErrors.Format(results);
        if (!s_interned.TryGetValue(key, out int id))
        {
            id = s_count++;
            s_table[id] = new OpcodeSignature(parameters, results);
            s_interned.Add(key, id);
        }
        for (int i = first; i <= last; i++) table[i] = checked((byte)id);
    }

    /// <summary>
    /// SIMD signatures follow from the mnemonic: the operation's name says its arity and the shape prefix
    /// (i8x16, f64x2, ...) says the scalar type of splats and lane accesses.
    /// </summary>
    private static (ValType[], ValType[])? SimdSignature(OpcodeEntry entry)
    {
        string m = entry.Mnemonic;
        int dot = m.IndexOf('.');
        string shape = m[..dot], op = m[(dot + 1)..];
        ValType scalar = shape switch { "i64x2" => I64, "f32x4" => F32, "f64x2" => F64, _ => I32 };
        switch (entry.Immediate)
        {
            case ImmediateKind.V128: return ([], [V128]);
            case ImmediateKind.Shuffle: return ([V128, V128], [V128]);
            case ImmediateKind.Lane:
                return op.StartsWith("extract_lane", StringComparison.Ordinal) ? ([V128], [scalar]) : ([V128, scalar], [V128]);
            case ImmediateKind.None: break;
            default: return null; // memory accesses
        }
        if (op == "splat") return ([scalar], [V128]);
        if (op is "any_true" or "all_true" or "bitmask") return ([V128], [I32]);
        if (op is "shl" or "shr_s" or "shr_u") return ([V128, I32], [V128]);
        if (op is "bitselect" or "relaxed_madd" or "relaxed_nmadd" or "relaxed_laneselect" or "relaxed_dot_i8x16_i7x16_add_s")
            return ([V128, V128, V128], [V128]);
        if (op is "not" or "abs" or "neg" or "popcnt" or "sqrt" or "ceil" or "floor" or "trunc" or "nearest"
            || op.StartsWith("extend_", StringComparison.Ordinal) || op.StartsWith("extadd_", StringComparison.Ordinal)
            || op.StartsWith("convert", StringComparison.Ordinal) || op.StartsWith("trunc_sat", StringComparison.Ordinal)
            || op.StartsWith("relaxed_trunc", StringComparison.Ordinal) || op.StartsWith("demote", StringComparison.Ordinal)
            || op.StartsWith("promote", StringComparison.Ordinal))
            return ([V128], [V128]);
        return ([V128, V128], [V128]);
    }
}
