using BenchmarkDotNet.Attributes;

namespace Sharptime.Benchmarks;

/// <summary>
/// Calls inside wasm, per call: a direct call to a function of the same module, and call_indirect
/// through a table of four functions (bounds check, null check, type-id compare, indirect call).
/// </summary>
public class IndirectCallBenchmarks
{
    private const int CallsPerRun = 100_000;

    private Func<int, int> _direct = null!;
    private Func<int, int> _indirect = null!;

    [GlobalSetup]
    public void Setup()
    {
        var engine = new Engine();
        var instance = new Instance(new Store(engine), Module.FromText(engine, "indirect-calls", GuestModules.IndirectCalls));
        _direct = instance.GetFunction<int, int>("direct")!;
        _indirect = instance.GetFunction<int, int>("indirect")!;
    }

    [Benchmark(Description = "call (direct, same module)", OperationsPerInvoke = CallsPerRun)]
    public int DirectCall() => _direct(CallsPerRun);

    [Benchmark(Description = "call_indirect (4 targets)", OperationsPerInvoke = CallsPerRun)]
    public int IndirectCall() => _indirect(CallsPerRun);
}
