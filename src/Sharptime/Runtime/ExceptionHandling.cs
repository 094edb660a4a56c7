using System.Runtime.CompilerServices;

namespace Sharptime.Runtime;

/// <summary>Helpers of the exception handling instructions for generated code.</summary>
public static class ExceptionHandling
{
    /// <summary>The exception for <c>throw</c>; built out of line, thrown by the caller.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ThrownException Create(Tag tag, object?[] payload) => new(tag, payload);

    /// <summary>throw_ref: the exception itself, or a trap for a null reference.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception Rethrow(object? exception) =>
        exception as ThrownException ?? (Exception)new TrapException(TrapCode.NullReference, "null exception reference");

    /// <summary>Whether a caught exception was thrown with <paramref name="tag"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Is(ThrownException exception, Tag tag) => ReferenceEquals(exception.Tag, tag);
}
