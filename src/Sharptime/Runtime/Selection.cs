using System.Runtime.CompilerServices;

namespace Sharptime.Runtime;

/// <summary>The select instruction as a branch-free expression generated code inlines.</summary>
public static class Selection
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Select<T>(T ifTrue, T ifFalse, int condition) => condition != 0 ? ifTrue : ifFalse;
}
