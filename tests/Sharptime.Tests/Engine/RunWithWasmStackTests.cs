namespace Sharptime.Tests.EngineTests;

/// <summary>
/// Engine.RunWithWasmStack: calls into wasm made inside it run on the thread that runs it, instead of
/// moving to a runtime thread each time (the default 16 MiB wasm stack does not fit on a test thread).
/// </summary>
public class RunWithWasmStackTests
{
    private const string Wat = """
        (module
          (import "host" "thread" (func $thread (result i32)))
          (func (export "thread") (result i32) (call $thread))
          (func $count (export "count") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
              (else (i32.add (i32.const 1) (call $count (i32.sub (local.get 0) (i32.const 1))))))))
        """;

    private static (Engine Engine, Instance Instance) Instantiate()
    {
        var engine = new Sharptime.Engine();
        var store = new Store(engine);
        var linker = new Linker(engine);
        linker.DefineFunction(store, "host", "thread", () => Environment.CurrentManagedThreadId);
        return (engine, linker.Instantiate(store, Module.FromText(engine, "stack", Wat)));
    }

    [Fact]
    public void CallsInsideRunOnTheThreadThatRunsTheWork()
    {
        var (engine, instance) = Instantiate();
        var thread = instance.GetFunction<int>("thread")!;
        var (workThread, seen) = engine.RunWithWasmStack(() =>
        {
            var ids = new HashSet<int>();
            for (int i = 0; i < 100; i++) ids.Add(thread());
            return (Environment.CurrentManagedThreadId, ids);
        });
        Assert.Equal([workThread], seen);
    }

    [Fact]
    public void CallsOutsideMoveToARuntimeThreadWhenTheStackIsShort()
    {
        // What RunWithWasmStack saves, shown from a thread with 1 MiB of stack.
        var (_, instance) = Instantiate();
        int caller = 0, callee = 0;
        var small = new Thread(() =>
        {
            caller = Environment.CurrentManagedThreadId;
            callee = instance.GetFunction<int>("thread")!();
        }, maxStackSize: 1 << 20);
        small.Start();
        small.Join();
        Assert.NotEqual(0, callee);
        Assert.NotEqual(caller, callee);
    }

    [Fact]
    public void DeepRecursionAndTrapsWorkInside()
    {
        var (engine, instance) = Instantiate();
        var count = instance.GetFunction<int, int>("count")!;
        Assert.Equal(100_000, engine.RunWithWasmStack(() => count(100_000)));
        var trap = Assert.Throws<TrapException>(() => engine.RunWithWasmStack(() => count(int.MaxValue)));
        Assert.Equal(TrapCode.CallStackExhausted, trap.Code);
    }

    [Fact]
    public void TheWorksExceptionReachesTheCaller()
    {
        var engine = new Sharptime.Engine();
        var e = Assert.Throws<InvalidOperationException>(() => engine.RunWithWasmStack(() => throw new InvalidOperationException("from the work")));
        Assert.Equal("from the work", e.Message);
    }
}
