using Sharptime.Cli.Errors;
using System.Globalization;
using System.Runtime.Intrinsics;
using Sharptime.Model;

namespace Sharptime.Cli.Run;

/// <summary>
/// The values of <c>--invoke</c>: arguments parsed by the function's parameter types, results
/// printed one per line. Integers are decimal (signed or unsigned) or <c>0x</c> hex; floats are
/// decimal (also <c>inf</c>, <c>-inf</c>, <c>nan</c>), as Wasmtime accepts and prints them.
/// </summary>
internal static class InvokeValues
{
    public static object?[] ParseArguments(string function, FuncType type, IReadOnlyList<string> texts)
    {
        if (texts.Count != type.Parameters.Length)
            throw new UsageException($"'{function}' takes {Count(type.Parameters.Length, "argument")}, {texts.Count} given (its type is {type})");
        var values = new object?[texts.Count];
        for (int i = 0; i < values.Length; i++)
        {
            if (!TryParse(texts[i], type.Parameters[i], out values[i]))
                throw new UsageException($"argument {i + 1} of '{function}': '{texts[i]}' is not a valid {type.Parameters[i]}");
        }
        return values;
    }

    /// <summary>Parses <paramref name="text"/> as a value of <paramref name="type"/>; false when it is not one.</summary>
    /// <exception cref="UsageException">The type has no command-line spelling (v128, non-null references).</exception>
    public static bool TryParse(string text, ValType type, out object? value)
    {
        value = null;
        switch (type.Kind)
        {
            case ValTypeKind.I32:
                if (!TryParseInteger(text, out var i32, out bool neg32) || (neg32 ? i32 > 1UL << 31 : i32 > uint.MaxValue)) return false;
                value = unchecked(neg32 ? (int)(0 - (uint)i32) : (int)(uint)i32);
                return true;
            case ValTypeKind.I64:
                if (!TryParseInteger(text, out var i64, out bool neg64) || (neg64 && i64 > 1UL << 63)) return false;
                value = unchecked(neg64 ? (long)(0 - i64) : (long)i64);
                return true;
            case ValTypeKind.F32:
                if (!TryParseFloat(text, out double f32)) return false;
                value = (float)f32;
                return true;
            case ValTypeKind.F64:
                if (!TryParseFloat(text, out double f64)) return false;
                value = f64;
                return true;
            case ValTypeKind.Ref when type.Nullable:
                return text == "null";
            default:
                throw new UsageException($"values of type {type} cannot be given on the command line");
        }
    }

    private static bool TryParseInteger(string text, out ulong magnitude, out bool negative)
    {
        var span = text.AsSpan().Trim();
        negative = span.StartsWith("-");
        if (negative || span.StartsWith("+")) span = span[1..];
        var digits = span.ToString().Replace("_", "", StringComparison.Ordinal);
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return ulong.TryParse(digits.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out magnitude);
        return ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude);
    }

    private static bool TryParseFloat(string text, out double value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "inf" or "+inf" or "infinity": value = double.PositiveInfinity; return true;
            case "-inf" or "-infinity": value = double.NegativeInfinity; return true;
            case "nan" or "+nan": value = double.NaN; return true;
            case "-nan": value = -double.NaN; return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A result as Wasmtime prints it: integers signed decimal, floats shortest round-trip.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        float f => FormatFloat(f, f.ToString("R", CultureInfo.InvariantCulture)),
        double d => FormatFloat(d, d.ToString("R", CultureInfo.InvariantCulture)),
        Vector128<byte> v => FormatV128(v),
        Function f => f.IsHostFunction ? "<host function>" : $"<function {f.FunctionIndex}>",
        _ => $"<{value.GetType().Name}>",
    };

    private static string FormatFloat(double value, string text) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf" : text;

    /// <summary>v128 as one 128-bit hex number, as Wasmtime prints it.</summary>
    private static string FormatV128(Vector128<byte> v)
    {
        var sb = new System.Text.StringBuilder("0x", 34);
        for (int i = 15; i >= 0; i--) sb.Append(v.GetElement(i).ToString("x2", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
