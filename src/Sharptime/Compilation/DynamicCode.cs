using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace Sharptime.Compilation;

/// <summary>
/// The engine's dynamic assembly, where every compiled module becomes one type and host stubs and
/// invokers get small types of their own. Non-collectible (<see cref="AssemblyBuilderAccess.Run"/>):
/// design notes measured that only such methods are tiered (OSR, PGO) and compiled lazily on first
/// call. The assembly may use Sharptime's internals (IgnoresAccessChecksTo), so the runtime's fields
/// stay internal. Defining types is not thread-safe: callers hold <see cref="Lock"/>.
/// </summary>
internal sealed class DynamicCode
{
    private static int s_assemblyCount;
    /// <summary>Process-wide, so type names are unique across engines (LazyModuleCode finds its groups by name).</summary>
    private static int s_typeCount;
    private readonly ModuleBuilder _module;

    public DynamicCode()
    {
        int n = Interlocked.Increment(ref s_assemblyCount);
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName($"Sharptime.Generated{n}"), AssemblyBuilderAccess.Run);
        var ignoreChecks = typeof(IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!;
        assembly.SetCustomAttribute(new CustomAttributeBuilder(ignoreChecks, [typeof(DynamicCode).Assembly.GetName().Name!]));
        _module = assembly.DefineDynamicModule($"Sharptime.Generated{n}");
    }

    public Lock Lock { get; } = new();

    /// <summary>The dynamic module all generated types live in.</summary>
    public ModuleBuilder Module => _module;

    /// <summary>A new static class; <paramref name="hint"/> makes its name readable in stack traces.</summary>
    public TypeBuilder DefineType(string hint)
    {
        int n = Interlocked.Increment(ref s_typeCount);
        return _module.DefineType($"{Sanitize(hint)}#{n}", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.Class);
    }

    private static string Sanitize(string hint)
    {
        var chars = hint.Length > 64 ? hint[..64].ToCharArray() : hint.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
            if (!char.IsLetterOrDigit(chars[i]) && chars[i] is not '_' and not '-') chars[i] = '_';
        return chars.Length == 0 ? "module" : new string(chars);
    }
}
