using BenchmarkDotNet.Attributes;

namespace Sharptime.Benchmarks;

/// <summary>
/// Memory access loops in wasm, reported per 32-bit word: loads (a sum), stores (a fill) and a
/// load+store copy. Each access is bounds-checked; these show what the check and the address
/// arithmetic cost in a loop (see bench/README.md for the generated code).
/// </summary>
public class MemoryBenchmarks
{
    /// <summary>Words per run: 1 MiB, so the data stays in the caches and the loop is what is measured.</summary>
    private const int Words = 256 * 1024;

    private Func<int, int> _sum = null!;
    private Action<int, int> _fill = null!;
    private Action<int> _copy = null!;

    [GlobalSetup]
    public void Setup()
    {
        var engine = new Engine();
        var instance = new Instance(new Store(engine), Module.FromText(engine, "memory-loops", GuestModules.MemoryLoops));
        _sum = instance.GetFunction<int, int>("sum")!;
        _fill = instance.GetAction<int, int>("fill")!;
        _copy = instance.GetAction<int>("copy")!;
        _fill(Words, 7);
    }

    [Benchmark(Description = "i32.load loop (sum)", OperationsPerInvoke = Words)]
    public int LoadLoop() => _sum(Words);

    [Benchmark(Description = "i32.store loop (fill)", OperationsPerInvoke = Words)]
    public void StoreLoop() => _fill(Words, 3);

    [Benchmark(Description = "load+store loop (copy)", OperationsPerInvoke = Words)]
    public void CopyLoop() => _copy(Words);
}
