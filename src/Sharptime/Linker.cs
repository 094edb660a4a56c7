using Sharptime.Model;

namespace Sharptime;

/// <summary>
/// Resolves a module's imports by name and instantiates it. Define host functions, memories, tables,
/// globals and whole instances under (module, name) pairs, then <see cref="Instantiate"/>.
/// </summary>
public sealed class Linker(Engine engine)
{
    private readonly Dictionary<(string Module, string Name), object> _definitions = [];

    public Engine Engine { get; } = engine ?? throw new ArgumentNullException(nameof(engine));

    /// <summary>Whether a later definition of the same name replaces an earlier one (otherwise it throws).</summary>
    public bool AllowShadowing { get; set; }

    /// <summary>Defines an import: a <see cref="Function"/>, <see cref="Memory"/>, <see cref="Table"/>, <see cref="Global"/> or <see cref="Tag"/>.</summary>
    public void Define(string module, string name, object external)
    {
        ArgumentNullException.ThrowIfNull(external);
        if (external is not (Function or Memory or Table or Global or Tag))
            throw new ArgumentException($"cannot define a {external.GetType().Name}: expected a Function, Memory, Table, Global or Tag");
        if (!AllowShadowing && _definitions.ContainsKey((module, name)))
            throw new InvalidOperationException($"import \"{module}\" \"{name}\" is already defined");
        _definitions[(module, name)] = external;
    }

    /// <summary>Defines a host function from a typed delegate (see <see cref="Function.FromCallback(Store, Delegate)"/>).</summary>
    public void DefineFunction(Store store, string module, string name, Delegate callback) =>
        Define(module, name, Function.FromCallback(store, callback));

    /// <summary>
    /// Defines a host function for every store this linker instantiates into, as in Wasmtime's
    /// <c>Linker.DefineFunction("env", "f", (Caller caller, int x) => ...)</c>: the function object is
    /// made for each store when a module importing it is instantiated.
    /// </summary>
    public void DefineFunction(string module, string name, Delegate callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        // Checked now, so a delegate with unsupported types fails here rather than at instantiation.
        _ = Compilation.HostSignature.FromDelegate(callback.GetType());
        if (!AllowShadowing && _definitions.ContainsKey((module, name)))
            throw new InvalidOperationException($"import \"{module}\" \"{name}\" is already defined");
        _definitions[(module, name)] = new StorelessFunction(callback);
    }

    /// <summary>A host function defined without a store (see <see cref="DefineFunction(string, string, Delegate)"/>).</summary>
    private sealed record StorelessFunction(Delegate Callback);

    /// <summary>Defines every export of <paramref name="instance"/> under the module name <paramref name="module"/>.</summary>
    public void DefineInstance(string module, Instance instance)
    {
        foreach (var (name, value) in instance.Exports) Define(module, name, value);
    }

    /// <summary>The definition of an import, if any (null for functions defined without a store).</summary>
    public object? Get(string module, string name) =>
        _definitions.TryGetValue((module, name), out var definition) && definition is not StorelessFunction ? definition : null;

    /// <summary>Instantiates <paramref name="module"/> with the definitions its imports name.</summary>
    /// <exception cref="LinkException">An import is not defined ("unknown import") or has the wrong type ("incompatible import type").</exception>
    /// <exception cref="TrapException">A segment or the start function trapped.</exception>
    public Instance Instantiate(Store store, Module module)
    {
        var imports = new object[module.Imports.Count];
        for (int i = 0; i < imports.Length; i++)
        {
            var import = module.Imports[i];
            // TryGetValue, not GetValueOrDefault: that extension over a tuple key is JIT-compiled at every start.
            if (!_definitions.TryGetValue((import.Module, import.Name), out var definition))
                throw new LinkException($"unknown import: \"{import.Module}\" \"{import.Name}\" ({Describe(import.Kind)})");
            imports[i] = definition is StorelessFunction f ? Function.FromCallback(store, f.Callback) : definition;
        }
        return new Instance(store, module, imports);
    }

    private static string Describe(ExternalKind kind) => kind.ToString().ToLowerInvariant();
}
