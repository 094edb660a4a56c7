using System.Runtime.CompilerServices;
using Sharptime.Runtime.Gc;

namespace Sharptime.Runtime;

/// <summary>Reference instructions' helpers for generated code.</summary>
public static class References
{
    /// <summary>ref.eq: the same object, or two i31 values with the same bits (boxed separately).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int AreEqual(object? a, object? b) =>
        ReferenceEquals(a, b) || (a is I31 x && b is I31 y && x.Value == y.Value) ? 1 : 0;
}
