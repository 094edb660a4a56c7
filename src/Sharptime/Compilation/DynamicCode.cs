using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace Sharptime.Compilation;

/// <summary>
/// The engine's dynamic assemblies, where every compiled function gets a type of its own (see
/// LazyModuleCode) and host stubs and invokers get small types too. Non-collectible
/// (<see cref="AssemblyBuilderAccess.Run"/>): design notes measured that only such methods are tiered
/// (OSR, PGO) and compiled lazily on first call. The assemblies may use Sharptime's internals
/// (IgnoresAccessChecksTo), so the runtime's fields stay internal. Defining types is not thread-safe:
/// callers hold <see cref="Lock"/>.
/// </summary>
/// <remarks>
/// Types go into assemblies of at most <see cref="TypesPerAssembly"/> types: in one dynamic module,
/// defining and creating a type cost time proportional to the types already there (past about 2,000,
/// measured on .NET 10: the 8,000th type took 0.8 ms, against 17 µs in modules of 256 types), which
/// made emitting function by function quadratic. A new assembly costs about 80 µs. Methods call
/// methods of other assemblies by member reference; the runtime finds those assemblies by name.
/// </remarks>
internal sealed class DynamicCode
{
    /// <summary>How many types an assembly gets before the next one is made.</summary>
    public const int TypesPerAssembly = 256;

    private static int s_assemblyCount;
    /// <summary>Process-wide, so type names are unique across engines (LazyModuleCode finds its types by name).</summary>
    private static int s_typeCount;
    private ModuleBuilder _module;
    private int _typesInModule;

    public DynamicCode() => _module = DefineModule();

    private static ModuleBuilder DefineModule()
    {
        int n = Interlocked.Increment(ref s_assemblyCount);
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName($"Sharptime.Generated{n}"), AssemblyBuilderAccess.Run);
        var ignoreChecks = typeof(IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!;
        assembly.SetCustomAttribute(new CustomAttributeBuilder(ignoreChecks, [typeof(DynamicCode).Assembly.GetName().Name!]));
        return assembly.DefineDynamicModule($"Sharptime.Generated{n}");
    }

    public Lock Lock { get; } = new();

    /// <summary>A new static class; <paramref name="hint"/> makes its name readable in stack traces. Its <c>Module</c> is the ModuleBuilder it lives in.</summary>
    public TypeBuilder DefineType(string hint)
    {
        if (_typesInModule == TypesPerAssembly)
        {
            _module = DefineModule();
            _typesInModule = 0;
        }
        _typesInModule++;
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
