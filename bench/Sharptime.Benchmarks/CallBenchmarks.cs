using BenchmarkDotNet.Attributes;
using Sharptime.Model;

namespace Sharptime.Benchmarks;

/// <summary>
/// What a call across the host/wasm boundary costs, in each direction: host to wasm through a typed
/// delegate and through boxed <see cref="Function.Invoke"/>; wasm to host through a typed and an
/// untyped host function (measured as a wasm loop of <see cref="HostCallsPerRun"/> calls, divided).
/// The default <see cref="Config.MaxWasmStack"/> (16 MiB) does not fit on the benchmark's main
/// thread (8 MiB), so its host-to-wasm calls move to a guest thread and back; the "1 MiB stack"
/// cases use an engine whose wasm stack fits, which call on the caller's thread; the batch case makes
/// its calls inside <see cref="Engine.RunWithWasmStack{T}(Func{T})"/>, which hops once for all of them.
/// </summary>
[MemoryDiagnoser]
public class CallBenchmarks
{
    private const int HostCallsPerRun = 1000;

    private Engine _engine = null!;
    private Func<int, int, int> _add = null!;
    private Func<int, int, int> _addSmallStack = null!;
    private Function _addFunctionSmallStack = null!;
    private Action _nop = null!;
    private Function _addFunction = null!;
    private Func<int, int> _runTypedHost = null!;
    private Func<int, int> _runUntypedHost = null!;

    [GlobalSetup]
    public void Setup()
    {
        var engine = _engine = new Engine();
        var store = new Store(engine);
        var calls = new Instance(store, Module.FromText(engine, "calls", GuestModules.Calls));
        _add = calls.GetFunction<int, int, int>("add")!;
        _nop = calls.GetAction("nop")!;
        _addFunction = calls.GetFunction("add")!;

        var hostModule = Module.FromText(engine, "host-calls", GuestModules.HostCalls);
        var typed = new Linker(engine);
        typed.DefineFunction(store, "host", "inc", (Func<int, int>)(x => x + 1));
        _runTypedHost = typed.Instantiate(store, hostModule).GetFunction<int, int>("run")!;

        var untyped = new Linker(engine);
        var unary = new FuncType([ValType.I32], [ValType.I32]);
        untyped.Define("host", "inc", Function.FromCallback(store, unary, (caller, args, results) => results[0] = (int)args[0]! + 1));
        _runUntypedHost = untyped.Instantiate(store, hostModule).GetFunction<int, int>("run")!;

        var smallStack = new Engine(new Config { MaxWasmStack = 1 << 20 });
        var direct = new Instance(new Store(smallStack), Module.FromText(smallStack, "calls", GuestModules.Calls));
        _addSmallStack = direct.GetFunction<int, int, int>("add")!;
        _addFunctionSmallStack = direct.GetFunction("add")!;
    }

    [Benchmark(Description = "host->wasm typed Func<int,int,int>, 1 MiB stack")]
    public int HostToWasmTypedSmallStack() => _addSmallStack(1, 2);

    [Benchmark(Description = "host->wasm untyped Invoke(1, 2), 1 MiB stack")]
    public object? HostToWasmUntypedSmallStack() => _addFunctionSmallStack.Invoke(1, 2);

    [Benchmark(Description = "host->wasm typed Func<int,int,int>")]
    public int HostToWasmTyped() => _add(1, 2);

    /// <summary>The default stack budget, with the batch inside Engine.RunWithWasmStack: one hop for all the calls.</summary>
    [Benchmark(Description = "host->wasm typed Func<int,int,int>, batch in RunWithWasmStack", OperationsPerInvoke = HostCallsPerRun)]
    public int HostToWasmTypedBatch() => _engine.RunWithWasmStack(() =>
    {
        int sum = 0;
        for (int i = 0; i < HostCallsPerRun; i++) sum += _add(i, 1);
        return sum;
    });

    [Benchmark(Description = "host->wasm typed Action (no args)")]
    public void HostToWasmTypedVoid() => _nop();

    [Benchmark(Description = "host->wasm untyped Invoke(1, 2)")]
    public object? HostToWasmUntyped() => _addFunction.Invoke(1, 2);

    [Benchmark(Description = "wasm->host typed Func<int,int>", OperationsPerInvoke = HostCallsPerRun)]
    public int WasmToHostTyped() => _runTypedHost(HostCallsPerRun);

    [Benchmark(Description = "wasm->host untyped callback", OperationsPerInvoke = HostCallsPerRun)]
    public int WasmToHostUntyped() => _runUntypedHost(HostCallsPerRun);
}
