using Sharptime.Runtime;

namespace Sharptime;

/// <summary>
/// An instantiated module: its memories, tables, globals and functions, reached through its exports.
/// </summary>
public sealed class Instance
{
    private readonly Dictionary<string, object> _exports = new(StringComparer.Ordinal);

    /// <summary>Instantiates <paramref name="module"/> with imports given in the order the module declares them.</summary>
    public Instance(Store store, Module module, params object[] imports)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(imports);
        if (module.Engine != store.Engine) throw new ArgumentException("the module was compiled by another engine than the store's");
        Store = store;
        Module = module;
        Context = new InstanceContext { Module = module.Compiled, Store = store, Instance = this, Fuel = store.FuelTank };
        Instantiator.Run(this, imports);
    }

    public Store Store { get; }
    public Module Module { get; }
    internal InstanceContext Context { get; }

    internal void AddExport(string name, object value) => _exports[name] = value;

    /// <summary>The exports by name: <see cref="Function"/>, <see cref="Memory"/>, <see cref="Table"/> or <see cref="Global"/>.</summary>
    public IReadOnlyDictionary<string, object> Exports => _exports;

    public object? GetExport(string name) => _exports.GetValueOrDefault(name);
    public Function? GetFunction(string name) => GetExport(name) as Function;
    public Memory? GetMemory(string name) => GetExport(name) as Memory;
    public Table? GetTable(string name) => GetExport(name) as Table;
    public Global? GetGlobal(string name) => GetExport(name) as Global;

    public Func<TResult>? GetFunction<TResult>(string name) => GetFunction(name)?.AsFunc<TResult>();
    public Func<T1, TResult>? GetFunction<T1, TResult>(string name) => GetFunction(name)?.AsFunc<T1, TResult>();
    public Func<T1, T2, TResult>? GetFunction<T1, T2, TResult>(string name) => GetFunction(name)?.AsFunc<T1, T2, TResult>();
    public Func<T1, T2, T3, TResult>? GetFunction<T1, T2, T3, TResult>(string name) => GetFunction(name)?.AsFunc<T1, T2, T3, TResult>();
    public Func<T1, T2, T3, T4, TResult>? GetFunction<T1, T2, T3, T4, TResult>(string name) => GetFunction(name)?.AsFunc<T1, T2, T3, T4, TResult>();

    public Action? GetAction(string name) => GetFunction(name)?.AsAction();
    public Action<T1>? GetAction<T1>(string name) => GetFunction(name)?.AsAction<T1>();
    public Action<T1, T2>? GetAction<T1, T2>(string name) => GetFunction(name)?.AsAction<T1, T2>();
    public Action<T1, T2, T3>? GetAction<T1, T2, T3>(string name) => GetFunction(name)?.AsAction<T1, T2, T3>();
}
