using System.Collections.Frozen;
using Sharptime.Model;

namespace Sharptime.Text;

/// <summary>
/// Every keyword the text and script formats know. A keyword-shaped token outside this set is, like a
/// reserved token, reported as "unknown operator" wherever it occurs (as the reference lexer does).
/// </summary>
internal static class Keywords
{
    private static readonly string[] s_structural =
    [
        // Types
        "i32", "i64", "f32", "f64", "v128", "i8", "i16",
        "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2",
        "any", "anyref", "none", "nullref", "eq", "eqref", "i31", "i31ref", "structref", "arrayref",
        "nofunc", "funcref", "nullfuncref", "exn", "noexn", "exnref", "nullexnref",
        "extern", "noextern", "externref", "nullexternref", "ref", "null",
        "array", "struct", "field", "mut", "sub", "final", "rec",
        // Proposals beyond 3.0 whose types the model already has: threads (shared memories), custom page sizes.
        "shared", "pagesize",
        // Module fields
        "module", "type", "func", "param", "result", "start", "local", "global", "table", "memory",
        "tag", "elem", "data", "declare", "offset", "item", "import", "export",
        // Structured instructions' parts
        "then", "do", "catch_ref", "catch_all_ref",
        // Scripts
        "binary", "quote", "definition", "instance", "script", "register", "invoke", "get",
        "assert_malformed", "assert_invalid", "assert_malformed_custom", "assert_invalid_custom",
        "assert_unlinkable", "assert_uninstantiable", "assert_return", "assert_trap", "assert_exception",
        "assert_exhaustion", "nan:canonical", "nan:arithmetic", "either", "input", "output",
        "ref.extern", "ref.host", "ref.struct", "ref.array", "ref.exn", "ref.any",
    ];

    private static readonly FrozenSet<string> s_all = Build();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_lookup =
        s_all.GetAlternateLookup<ReadOnlySpan<char>>();

    private static FrozenSet<string> Build()
    {
        var set = new HashSet<string>(s_structural, StringComparer.Ordinal);
        foreach (var entry in OpcodeInfo.All) set.Add(entry.Mnemonic);
        return set.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>Whether an ASCII keyword token is a known keyword.</summary>
    public static bool IsKnown(ReadOnlySpan<byte> keyword)
    {
        if (keyword.Length > 64) return false;
        Span<char> chars = stackalloc char[keyword.Length];
        for (int i = 0; i < keyword.Length; i++) chars[i] = (char)keyword[i];
        return s_lookup.Contains(chars);
    }

    /// <summary>Looks up an instruction mnemonic without allocating.</summary>
    public static bool TryGetOpcode(ReadOnlySpan<byte> keyword, out Opcode opcode)
    {
        opcode = default;
        if (keyword.Length > 64) return false;
        Span<char> chars = stackalloc char[keyword.Length];
        for (int i = 0; i < keyword.Length; i++) chars[i] = (char)keyword[i];
        if (!s_opcodes.TryGetValue(chars, out int code)) return false;
        opcode = (Opcode)code;
        return true;
    }

    /// <summary>
    /// Opcodes by mnemonic, as ints: dictionaries with our enum as values are JIT-compiled at every
    /// start (RATIONALE.md), with int they are ReadyToRun.
    /// </summary>
    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> s_opcodes = BuildOpcodes();

    private static FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> BuildOpcodes()
    {
        // The first entry of a mnemonic wins, as in OpcodeInfo.TryGetByMnemonic.
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in OpcodeInfo.All) d.TryAdd(entry.Mnemonic, (int)entry.Opcode);
        return d.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
