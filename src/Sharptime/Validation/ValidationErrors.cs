using System.Runtime.CompilerServices;
using System.Text;
using Sharptime.Model;

namespace Sharptime.Validation;

/// <summary>
/// Builds the validator's exceptions. Kept out of line (NoInlining) so the checks on the hot path stay small;
/// callers write <c>throw ValidationErrors.X(...)</c> so the JIT knows the path ends there.
/// Messages start with the specification's wording, as the spec tests' assert_invalid expectations spell it.
/// </summary>
internal static class ValidationErrors
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static InvalidModuleException Invalid(string message) => new(message);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static InvalidModuleException Unknown(string what, long index) => new($"unknown {what} {index}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static InvalidModuleException TypeMismatch(string detail) => new($"type mismatch: {detail}");

    /// <summary>The reference interpreter's form: "type mismatch: instruction requires [i32] but stack has [i64]".</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static InvalidModuleException TypeMismatch(string who, ReadOnlySpan<ValType> required, ReadOnlySpan<ValType> actual) =>
        new($"type mismatch: {who} requires {Format(required)} but stack has {Format(actual)}");

    public static string Format(ReadOnlySpan<ValType> types)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < types.Length; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(types[i].ToString());
        }
        return sb.Append(']').ToString();
    }
}
