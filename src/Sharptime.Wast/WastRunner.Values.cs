using System.Runtime.Intrinsics;
using Sharptime.Model;
using Sharptime.Text.Wast;

namespace Sharptime.Wast;

// Script values to engine values, and results against the script's expectations (bit-exact for
// numbers, with the canonical and arithmetic NaN patterns).
public sealed partial class WastRunner
{
    private static object? ToObject(WastValue value) => value.Type switch
    {
        WastValueType.I32 => value.AsI32,
        WastValueType.I64 => value.AsI64,
        WastValueType.F32 => value.AsF32,
        WastValueType.F64 => value.AsF64,
        WastValueType.V128 => Vector128.Create(value.Vector.Low, value.Vector.High).AsByte(),
        WastValueType.RefNull => null,
        _ => new HostReference((uint)value.Bits),
    };

    private static string? CheckResults(object?[] actual, IReadOnlyList<WastExpected> expected)
    {
        if (actual.Length != expected.Count)
            return $"returned {actual.Length} values, expected {expected.Count}";
        for (int i = 0; i < actual.Length; i++)
        {
            if (!Matches(actual[i], expected[i]))
                return $"result {i} is {Show(actual[i])}, expected {expected[i]}";
        }
        return null;
    }

    private static bool Matches(object? actual, WastExpected expected) => expected switch
    {
        WastExpectedValue v => MatchesValue(actual, v.Value),
        WastExpectedNan n => n.Type == WastValueType.F32
            ? actual is float f && IsNan(BitConverter.SingleToUInt32Bits(f), n.Kind, 32)
            : actual is double d && IsNan(BitConverter.DoubleToUInt64Bits(d), n.Kind, 64),
        WastExpectedVector v => actual is Vector128<byte> vector && MatchesLanes(vector, v),
        WastExpectedRef r => MatchesRef(actual, r),
        WastExpectedEither e => e.Alternatives.Any(a => Matches(actual, a)),
        _ => false,
    };

    private static bool MatchesValue(object? actual, WastValue expected) => expected.Type switch
    {
        WastValueType.I32 => actual is int i && i == expected.AsI32,
        WastValueType.I64 => actual is long l && l == expected.AsI64,
        WastValueType.F32 => actual is float f && BitConverter.SingleToUInt32Bits(f) == (uint)expected.Bits,
        WastValueType.F64 => actual is double d && BitConverter.DoubleToUInt64Bits(d) == expected.Bits,
        WastValueType.V128 => actual is Vector128<byte> v && v.AsUInt64().GetElement(0) == expected.Vector.Low && v.AsUInt64().GetElement(1) == expected.Vector.High,
        WastValueType.RefNull => actual is null,
        _ => actual is HostReference h && h.Value == (uint)expected.Bits,
    };

    private static bool MatchesRef(object? actual, WastExpectedRef expected) => expected.Kind switch
    {
        WastRefKind.Null => actual is null,
        WastRefKind.Extern or WastRefKind.Host => actual is not null && (expected.Value is not uint n || (actual is HostReference h && h.Value == n)),
        WastRefKind.Func => actual is Function,
        WastRefKind.I31 => actual is Sharptime.Runtime.Gc.I31,
        WastRefKind.Struct => actual is Sharptime.Runtime.Gc.StructObject,
        WastRefKind.Array => actual is Sharptime.Runtime.Gc.ArrayObject,
        WastRefKind.Eq => actual is Sharptime.Runtime.Gc.GcObject or Sharptime.Runtime.Gc.I31,
        WastRefKind.Exn => actual is ThrownException,
        _ => actual is not null,
    };

    /// <summary>Canonical: only the quiet bit of the payload set. Arithmetic: the quiet bit set, any payload.</summary>
    private static bool IsNan(ulong bits, WastNanKind kind, int width)
    {
        ulong exponentMask = width == 32 ? 0x7F80_0000UL : 0x7FF0_0000_0000_0000UL;
        ulong quiet = width == 32 ? 0x0040_0000UL : 0x0008_0000_0000_0000UL;
        ulong payloadMask = width == 32 ? 0x007F_FFFFUL : 0x000F_FFFF_FFFF_FFFFUL;
        if ((bits & exponentMask) != exponentMask) return false;
        ulong payload = bits & payloadMask;
        return kind == WastNanKind.Canonical ? payload == quiet : (payload & quiet) != 0;
    }

    private static bool MatchesLanes(Vector128<byte> actual, WastExpectedVector expected)
    {
        Span<byte> bytes = stackalloc byte[16];
        actual.CopyTo(bytes);
        int laneBytes = 16 / expected.Lanes.Length;
        for (int i = 0; i < expected.Lanes.Length; i++)
        {
            ulong bits = 0;
            for (int b = laneBytes - 1; b >= 0; b--) bits = (bits << 8) | bytes[i * laneBytes + b];
            var lane = expected.Lanes[i];
            bool ok = lane.Nan != WastNanKind.None
                ? IsNan(bits, lane.Nan, laneBytes * 8)
                : bits == (laneBytes == 8 ? lane.Bits : lane.Bits & ((1UL << (laneBytes * 8)) - 1));
            if (!ok) return false;
        }
        return true;
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        int i => $"(i32.const {i})",
        long l => $"(i64.const {l})",
        float f => $"(f32.const {f:R} (0x{BitConverter.SingleToUInt32Bits(f):x8}))",
        double d => $"(f64.const {d:R} (0x{BitConverter.DoubleToUInt64Bits(d):x16}))",
        Vector128<byte> v => $"(v128.const i64x2 0x{v.AsUInt64().GetElement(0):x16} 0x{v.AsUInt64().GetElement(1):x16})",
        HostReference h => $"(ref.extern {h.Value})",
        Function => "(ref.func)",
        _ => value.ToString() ?? "?",
    };
}
